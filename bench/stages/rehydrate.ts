import { localContext } from '../../cli/invoke/lambda-context';
import { createRehydrateHandler } from '../../functions/rehydrate/create-handler';
import type { RehydrateResult } from '../../functions/rehydrate/types';
import { OpenSearchBulkWriter } from '../../shared/adapters/opensearch/bulk-writer';
import { encodeArchive } from '../../shared/adapters/s3/archive-encoder';
import { defaultGzipLevel } from '../../shared/adapters/s3/gzip-level';
import type { EncodedObject, ObjectInfo, ObjectStore } from '../../shared/adapters/s3/types';
import type { BatchRead } from '../../shared/batch/types';
import { loadConfig } from '../../shared/config';
import type { CheckpointStore, RunCheckpoint } from '../../shared/rehydrate/checkpoint';
import { eventTimeMs } from '../../shared/rules/windows';
import { CountingTransport } from './index';

/** The archive objects of one batch in memory, with the GETs and LISTs a run makes counted. */
class ArchiveInMemory implements ObjectStore {
  gets = 0;
  lists = 0;
  readonly #objects: Map<string, Uint8Array>;

  constructor(objects: readonly EncodedObject[]) {
    this.#objects = new Map(objects.map((object) => [object.key, object.body]));
  }

  async put(): Promise<void> {}

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    this.lists += 1;
    for (const key of [...this.#objects.keys()].sort()) {
      if (key.startsWith(prefix)) yield { key, size: this.#objects.get(key)?.byteLength ?? 0, etag: '' };
    }
  }

  async listPrefixes(prefix: string): Promise<string[]> {
    this.lists += 1;
    const below = [...this.#objects.keys()]
      .filter((key) => key.startsWith(prefix))
      .map((key) => `${prefix}${key.slice(prefix.length).split('/')[0]}/`);
    return [...new Set(below)].sort();
  }

  async records(): Promise<number | undefined> {
    return undefined;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    this.gets += 1;
    return this.#objects.get(key);
  }

  async delete(): Promise<void> {}
}

/** Checkpoints in memory, with the writes a run would make to DynamoDB counted. */
class CheckpointsInMemory implements CheckpointStore {
  writes = 0;
  readonly #runs = new Map<string, RunCheckpoint>();
  async get(runId: string) {
    return this.#runs.get(runId);
  }
  async save(next: RunCheckpoint, expected: number | undefined) {
    this.writes += 1;
    if (this.#runs.get(next.runId)?.version !== expected) return false;
    this.#runs.set(next.runId, next);
    return true;
  }
  async list() {
    return [...this.#runs.values()];
  }
}

/** One handler per batch (a warm container), its requests counted per run. */
interface Rig {
  readonly handler: ReturnType<typeof createRehydrateHandler>;
  readonly store: ArchiveInMemory;
  readonly transport: CountingTransport;
  checkpoints: CheckpointsInMemory;
  readonly event: { since: string; until: string };
}

const rigs = new WeakMap<BatchRead, Rig>();

function rigFor(read: BatchRead): Rig {
  const found = rigs.get(read);
  if (found) return found;
  const times = read.accepted.map(({ event }) => eventTimeMs(event));
  const store = new ArchiveInMemory(encodeArchive(read.accepted, defaultGzipLevel));
  const transport = new CountingTransport();
  const rig: Rig = {
    store,
    transport,
    checkpoints: new CheckpointsInMemory(),
    event: {
      since: new Date(Math.min(...times)).toISOString(),
      until: new Date(Math.max(...times) + 1).toISOString(),
    },
    handler: createRehydrateHandler(loadConfig({}), {
      store,
      checkpoints: {
        get: (id) => rig.checkpoints.get(id),
        save: (next, expected) => rig.checkpoints.save(next, expected),
        list: () => rig.checkpoints.list(),
      },
      writer: new OpenSearchBulkWriter({ transport }),
      invoke: async () => {},
      logSink: () => {},
    }),
  };
  rigs.set(read, rig);
  return rig;
}

/**
 * The rehydrate stage of `npm run bench`: the batch's records archived once (outside the measure, as
 * the archive function writes them), then the rehydrate function's real handler over them, as one
 * fresh run in a warm container: listing, gunzip and NDJSON parsing, the range and filters, live
 * indexing's documents, `_bulk` bodies chunked and gzip'd, the checkpoint; the S3, OpenSearch and
 * DynamoDB requests counted, not made.
 *
 * @example
 * const { calls } = await benchRehydrate(read); // { rehydrateS3: 7, rehydrateOpenSearch: 2, rehydrateDynamodb: 4 }
 */
export async function benchRehydrate(read: BatchRead): Promise<{ calls: Record<string, number> }> {
  const rig = rigFor(read);
  rig.checkpoints = new CheckpointsInMemory();
  const before = { gets: rig.store.gets, lists: rig.store.lists, requests: rig.transport.requests };
  const result = (await rig.handler(rig.event, localContext('rehydrate', 900_000))) as RehydrateResult;
  if (result.outcome !== 'done' || result.invocation.created !== read.accepted.length) {
    throw new Error(
      `rehydrate bench: expected every record created, got ${JSON.stringify(result.invocation)}`,
    );
  }
  return {
    calls: {
      rehydrateS3: rig.store.gets - before.gets + rig.store.lists - before.lists,
      rehydrateOpenSearch: rig.transport.requests - before.requests,
      // One GetItem, then one write to start, one per step and one to finish.
      rehydrateDynamodb: 1 + rig.checkpoints.writes,
    },
  };
}
