import type { BatchRead } from '../shared/batch/types';
import { benchArchive } from './stages/archive';
import { benchDetect } from './stages/detect';
import { benchDetectAllTypes } from './stages/detect-closing';
import { benchIndex } from './stages/index';
import { benchRehydrate } from './stages/rehydrate';

/** One sink stage measured in-process, with the network calls it would make counted, not made. */
export interface BenchStage {
  readonly name: 'index' | 'archive' | 'detect' | 'detect-all-types' | 'rehydrate';
  run(read: BatchRead): Promise<{
    calls: Record<string, number>;
    distinctWindowKeys?: number;
    windowWrites?: number;
    /** Writes of `type: new` fingerprints' last-seen items (detect with its new-error rule). */
    fingerprintWrites?: number;
  }>;
}

/** The sink stages built so far; each path adds its own. */
export const stages: readonly BenchStage[] = [
  { name: 'index', run: benchIndex },
  { name: 'archive', run: benchArchive },
  { name: 'detect', run: (read) => benchDetect(read, true) },
  { name: 'detect-all-types', run: benchDetectAllTypes },
  { name: 'rehydrate', run: benchRehydrate },
];
