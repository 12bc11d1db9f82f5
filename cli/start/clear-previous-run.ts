import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type PidRecord, processAlive, readJson } from '../../infra/local/pid-file';

/** What `clearPreviousRun` did. */
export type ClearOutcome =
  | { readonly cleared: boolean }
  | { readonly cleared: false; readonly keptBecause: string };

/** The state an earlier run of the embedded stack left in a data dir (and nothing else there). */
const stateOf = (dataDir: string): string[] => [
  join(dataDir, 'dynamodb'),
  join(dataDir, 's3'),
  join(dataDir, 'topic.json'),
];

/** The `server.json` files of the servers a data dir may hold. */
function serverFiles(dataDir: string): string[] {
  const s3 = join(dataDir, 's3');
  const kinds = existsSync(s3) ? readdirSync(s3).map((kind) => join(s3, kind, 'server.json')) : [];
  return [join(dataDir, 'dynamodb', 'server.json'), ...kinds];
}

/**
 * Removes what an earlier run left in the default data dir (DynamoDB Local's database, the S3
 * objects, the topic's offsets), so that a demo starts fresh: without it, realert state from the last
 * run keeps its alerts quiet. Nothing is removed while a live process serves that state (a
 * `sluice stack`, another command). Only ever called for the default data dir, never one a user named.
 *
 * @example
 * const { cleared } = clearPreviousRun('/repo/.sluice');
 */
export function clearPreviousRun(dataDir: string): ClearOutcome {
  const present = stateOf(dataDir).filter((path) => existsSync(path));
  if (present.length === 0) return { cleared: false };
  for (const file of serverFiles(dataDir)) {
    const owner = readJson<PidRecord>(file);
    if (owner && processAlive(owner.pid))
      return {
        cleared: false,
        keptBecause: `${owner.command ?? 'another process'} (pid ${owner.pid}) serves it`,
      };
  }
  for (const path of present) rmSync(path, { recursive: true, force: true });
  return { cleared: true };
}
