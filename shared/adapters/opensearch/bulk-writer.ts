import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { mapLimit } from '../../map-limit';
import { classifyBulkResponse } from './classify';
import { encodeDocuments, planChunks } from './encode';
import { type DocumentState, nextQuarantine, QuarantineLevel } from './escalate';
import { attemptTimeout, backoffDelay, defaultRetryPolicy, type RetryPolicy } from './retry-policy';
import type {
  BulkDocument,
  BulkTransport,
  DocumentOutcome,
  TimeBudget,
  WriteResult,
  WriteStats,
} from './types';

const gzipAsync = promisify(gzip);

/** OpenSearch's request body limit on the smallest AWS instances; no chunk is ever larger. */
export const MAX_CHUNK_BYTES = 10 * 1024 * 1024;
/** Default chunk size: half the smallest limit, so one 6 MB invoke makes at most two requests. */
export const DEFAULT_CHUNK_BYTES = 5 * 1024 * 1024;
/** zlib level for `_bulk` bodies, chosen by measurement (bench/stages/index.ts, docs/opensearch.md). */
export const DEFAULT_GZIP_LEVEL = 1;

export interface BulkWriterOptions {
  readonly transport: BulkTransport;
  /** Largest uncompressed body, bytes (at most `MAX_CHUNK_BYTES`). */
  readonly chunkBytes?: number;
  /** `_bulk` requests in flight at once. */
  readonly concurrency?: number;
  /** Timeout of one request, ms; always cut to the time budget. */
  readonly requestTimeoutMs?: number;
  /** Compress bodies (default true). */
  readonly gzip?: boolean;
  readonly gzipLevel?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Injected for tests: waiting and jitter. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

interface Pending extends DocumentState {
  readonly position: number;
  readonly document: BulkDocument;
  readonly lastError: string;
}

/** What one round decided for the documents it sent. */
interface RoundResult {
  readonly next: Pending[];
  /** A throttled or failed request: the next round waits (backoff) before it starts. */
  readonly backoff: boolean;
}

/** The four outcomes of an indexed document, shared (one object per document was a measurable share of GC). */
const INDEXED = [false, true].map((existed) =>
  [false, true].map((quarantined) => Object.freeze({ kind: 'indexed' as const, existed, quarantined })),
);
const indexedOutcome = (existed: boolean, quarantined: boolean): DocumentOutcome =>
  INDEXED[existed ? 1 : 0]?.[quarantined ? 1 : 0] as DocumentOutcome;

/** The body of a chunk: a slice of the batch's NDJSON when its documents are adjacent (the usual case). */
function bodyOf(ndjson: Buffer, ends: readonly number[], chunk: readonly number[]): Buffer {
  const slice = (position: number) => ndjson.subarray(ends[position - 1] ?? 0, ends[position]);
  const first = chunk[0] as number;
  const last = chunk[chunk.length - 1] as number;
  return last - first + 1 === chunk.length
    ? ndjson.subarray(ends[first - 1] ?? 0, ends[last])
    : Buffer.concat(chunk.map(slice));
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes documents with `_bulk` `create`s: bodies chunked by bytes and gzip'd, sent with bounded
 * concurrency; only items that failed are sent again (throttled and 5xx ones after a backoff, refused
 * ones with their offending fields quarantined), until each is indexed, dead-lettered, or out of time.
 *
 * @example
 * const writer = new OpenSearchBulkWriter({ transport: clientBulkTransport(client) });
 * const { outcomes } = await writer.write(documents, { remainingMs: () => context.getRemainingTimeInMillis() });
 */
export class OpenSearchBulkWriter {
  readonly #transport: BulkTransport;
  readonly #chunkBytes: number;
  readonly #concurrency: number;
  readonly #requestTimeoutMs: number;
  readonly #gzip: boolean;
  readonly #gzipLevel: number;
  readonly #policy: RetryPolicy;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  /** A body limit learned from a 413 (kept for the container's life: a cluster's limit does not change). */
  #learnedLimit: { bytes: number; detail: string } | undefined;

  constructor(options: BulkWriterOptions) {
    this.#transport = options.transport;
    this.#chunkBytes = Math.min(options.chunkBytes ?? DEFAULT_CHUNK_BYTES, MAX_CHUNK_BYTES);
    this.#concurrency = Math.max(1, options.concurrency ?? 2);
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.#gzip = options.gzip ?? true;
    this.#gzipLevel = options.gzipLevel ?? DEFAULT_GZIP_LEVEL;
    this.#policy = { ...defaultRetryPolicy, ...options.retry };
    this.#sleep = options.sleep ?? defaultSleep;
    this.#random = options.random ?? Math.random;
  }

  /** Writes the documents; never throws for a document or a request (outcomes are values). */
  async write(documents: readonly BulkDocument[], budget: TimeBudget): Promise<WriteResult> {
    const outcomes: DocumentOutcome[] = new Array(documents.length);
    const stats: WriteStats = { requests: 0, bytes: 0, compressedBytes: 0, largestBody: 0, rounds: 0 };
    let pending: Pending[] = documents.map((document, position) => ({
      position,
      document,
      source: document.source,
      level: QuarantineLevel.none,
      fieldRounds: 0,
      lastError: 'not sent: no time left to start a request',
    }));
    let backoff = false;
    for (let round = 0; pending.length > 0; round += 1) {
      if (round > 0) {
        if (round > this.#policy.maxRounds || budget.signal?.aborted) break;
        const delay = backoff ? backoffDelay(round, this.#policy, this.#random) : 0;
        if (budget.remainingMs() - this.#policy.safetyMs - delay < this.#policy.minAttemptMs) break;
        if (delay > 0) await this.#sleep(delay);
        stats.rounds += 1;
      }
      const result = await this.#round(pending, budget, outcomes, stats);
      // Chunks settle in any order; the next round sends in input order again.
      pending = result.next.sort((a, b) => a.position - b.position);
      backoff = result.backoff;
    }
    for (const item of pending) outcomes[item.position] = { kind: 'failed', detail: item.lastError };
    return { outcomes, stats };
  }

  /** Sends every pending document once; settles what it can into `outcomes`, returns the rest. */
  async #round(
    pending: readonly Pending[],
    budget: TimeBudget,
    outcomes: DocumentOutcome[],
    stats: WriteStats,
  ): Promise<RoundResult> {
    // A quarantined document is sent with its offending fields set aside (its `source`).
    const states = pending.map((item) =>
      item.source === item.document.source
        ? item
        : { ...item, document: { ...item.document, source: item.source } },
    );
    const { ndjson, ends } = encodeDocuments(states.map((item) => item.document));
    const sizes = ends.map((end, i) => end - (ends[i - 1] ?? 0));
    const learned = this.#learnedLimit;
    const limit = Math.min(this.#chunkBytes, learned?.bytes ?? this.#chunkBytes);
    const plan = planChunks(sizes, limit);
    for (const position of plan.oversize) {
      const item = states[position] as Pending;
      const bytes = sizes[position] as number;
      outcomes[item.position] = {
        kind: 'deadLetter',
        reason: 'oversize',
        detail: `document is ${bytes} bytes as _bulk NDJSON, over the ${limit}-byte request limit${learned && learned.bytes < this.#chunkBytes ? ` learned from OpenSearch (${learned.detail})` : ''}`,
      };
    }
    const next: Pending[] = [];
    let backoff = false;
    await mapLimit(plan.chunks, this.#concurrency, async (chunk) => {
      const items = chunk.map((position) => states[position] as Pending);
      const timeoutMs = attemptTimeout(budget, this.#policy, this.#requestTimeoutMs);
      if (timeoutMs === undefined) {
        next.push(...items);
        return;
      }
      const body = bodyOf(ndjson, ends, chunk);
      const payload = this.#gzip ? await gzipAsync(body, { level: this.#gzipLevel }) : body;
      stats.requests += 1;
      stats.bytes += body.length;
      stats.compressedBytes += payload.length;
      stats.largestBody = Math.max(stats.largestBody, body.length);
      const response = await this.#transport.bulk(payload, {
        gzip: this.#gzip,
        timeoutMs,
        documents: items.length,
        ...(budget.signal ? { signal: budget.signal } : {}),
      });
      const verdict = classifyBulkResponse(
        response,
        items.map((item) => item.document.id),
      );
      if (verdict.kind === 'tooLarge') {
        if (items.length === 1) {
          const [item] = items as [Pending];
          outcomes[item.position] = {
            kind: 'deadLetter',
            reason: 'oversize',
            detail: `document of ${body.length} bytes refused by OpenSearch: ${verdict.detail}`,
          };
          return;
        }
        const half = Math.max(1, Math.floor(body.length / 2));
        if (half < (this.#learnedLimit?.bytes ?? Number.POSITIVE_INFINITY)) {
          this.#learnedLimit = { bytes: half, detail: verdict.detail };
        }
        next.push(...items.map((item) => ({ ...item, lastError: verdict.detail })));
        return;
      }
      if (verdict.kind === 'failed') {
        backoff = true;
        next.push(...items.map((item) => ({ ...item, lastError: verdict.detail })));
        return;
      }
      verdict.items.forEach((itemVerdict, index) => {
        const item = items[index] as Pending;
        if (itemVerdict.kind === 'ok') {
          outcomes[item.position] = indexedOutcome(itemVerdict.existed, item.level !== QuarantineLevel.none);
        } else if (itemVerdict.kind === 'retry') {
          backoff = true;
          next.push({
            ...item,
            lastError: `${itemVerdict.status} ${itemVerdict.type}: ${itemVerdict.reason}`,
          });
        } else {
          const error = `${itemVerdict.status} ${itemVerdict.type}: ${itemVerdict.reason}`;
          const quarantined = nextQuarantine(item, error);
          if (quarantined) next.push({ ...item, ...quarantined, lastError: error });
          else outcomes[item.position] = { kind: 'deadLetter', reason: 'mapping_conflict', detail: error };
        }
      });
    });
    return { next, backoff };
  }
}
