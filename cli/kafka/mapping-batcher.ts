import type { RecordToSend } from '../sim/msk-event';
import { fromKafkaMessage, type KafkaBatchLike } from './convert';

/** Offsets to commit, in kafkajs' shape (the next offset to read, as a decimal string). */
export interface CommitOffsets {
  topics: Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>;
}

/**
 * The part of kafkajs' `eachBatch` payload the mapping emulation uses; kafkajs' `EachBatchPayload`
 * satisfies it, and tests drive it with an in-memory one.
 */
export interface EachBatchLike {
  readonly batch: KafkaBatchLike & { readonly highWatermark?: string };
  resolveOffset(offset: string): void;
  heartbeat(): Promise<void>;
  commitOffsetsIfNecessary(offsets?: CommitOffsets): Promise<void>;
  isRunning(): boolean;
  isStale(): boolean;
}

/** An event source mapping's batching: at most `batchSize` records, gathered for at most the window. */
export interface MappingSettings {
  readonly batchSize: number;
  readonly batchWindowMs: number;
  /** Estimated event size at which a batch is cut (Lambda's invoke payload limit is 6 MB). */
  readonly maxBatchBytes?: number;
}

export interface MappingBatcherOptions extends MappingSettings {
  /** Wait before the first retry of a failed batch; doubles up to `retryMaxMs`. */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** How often a partition waiting for its batch tells the group it is alive. */
  readonly heartbeatMs?: number;
  /** Hears about every failed delivery that will be retried. */
  readonly onRetry?: (attempt: number, error: unknown, delayMs: number) => void;
  /** Hears about a heartbeat that failed (usually a rebalance in progress). */
  readonly onHeartbeatError?: (error: unknown) => void;
}

/** Delivers one MSK-shaped batch to a function; rejects when the function failed. */
export type DeliverBatch = (records: readonly RecordToSend[]) => Promise<void>;

/** Lambda's invoke payload limit is 6 MB; stay under it with room for the event's own fields. */
export const defaultMaxBatchBytes = 6_000_000;

/** Roughly what a record adds to the event JSON: base64 key and value, headers as numbers. */
export function estimateRecordBytes(record: RecordToSend): number {
  const base64 = (data: string | Buffer | null | undefined) =>
    data === null || data === undefined ? 0 : Math.ceil(Buffer.byteLength(data) / 3) * 4;
  let headers = 0;
  for (const [name, value] of Object.entries(record.headers ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) headers += name.length + 8 + (item ? Buffer.byteLength(item) * 5 : 0);
  }
  return 160 + record.topic.length + base64(record.key) + base64(record.value) + headers;
}

interface Chunk {
  readonly records: readonly RecordToSend[];
  readonly bytes: number;
  readonly settle: (delivered: boolean) => void;
}

/**
 * Emulates one MSK event source mapping on top of a kafkajs consumer (`eachBatch`, with
 * `eachBatchAutoResolve: false`, `autoCommit: false` and several partitions consumed concurrently):
 *
 * - records of every partition are gathered into one batch of at most `batchSize` records (and
 *   `maxBatchBytes`), delivered when full or when the window since its first record has passed;
 * - a partition's offsets are resolved and committed only after the batch holding its records was
 *   delivered, so a crash or Ctrl-C re-reads them, never skips them;
 * - a failed batch is retried whole, with backoff, until it succeeds or the batcher is stopped; one
 *   batch is in flight at a time, and a partition has at most one slice waiting;
 * - partitions waiting for their batch heartbeat, so a slow function does not cost the assignment.
 */
export class MappingBatcher {
  private pending: Chunk[] = [];
  private pendingRecords = 0;
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  private wake: (() => void) | undefined;
  private readonly positions = new Map<string, { next: bigint; high: bigint }>();
  private readonly maxBatchBytes: number;
  /** Deliveries that failed and were retried. */
  retries = 0;

  constructor(
    private readonly options: MappingBatcherOptions,
    private readonly deliver: DeliverBatch,
  ) {
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer, got ${options.batchSize}`);
    }
    this.maxBatchBytes = options.maxBatchBytes ?? defaultMaxBatchBytes;
  }

  /** The `eachBatch` handler: hand it to `consumer.run({ eachBatch, eachBatchAutoResolve: false })`. */
  readonly eachBatch = async (payload: EachBatchLike): Promise<void> => {
    const { topic, partition, messages, highWatermark } = payload.batch;
    const first = messages[0];
    if (first === undefined) return;
    this.track(topic, partition, first.offset, highWatermark);
    const records = messages.map((message) => fromKafkaMessage(topic, partition, message));
    for (const slice of this.slices(records)) {
      if (this.stopped || !payload.isRunning() || payload.isStale()) return;
      const last = slice.records[slice.records.length - 1] as RecordToSend;
      const delivered = await this.heartbeatUntil(this.add(slice.records, slice.bytes), payload);
      // Not delivered (stopping) or the partition moved to another member: leave the offsets
      // unresolved, so they are read again from the last commit.
      if (!delivered || payload.isStale()) return;
      const lastOffset = String(last.offset);
      const next = (BigInt(lastOffset) + 1n).toString();
      payload.resolveOffset(lastOffset);
      await payload.commitOffsetsIfNecessary({
        topics: [{ topic, partitions: [{ partition, offset: next }] }],
      });
      const position = this.positions.get(`${topic}-${partition}`);
      if (position) position.next = BigInt(next);
    }
  };

  /** Records the partitions' high watermarks hold that this batcher has not committed yet. */
  lag(): number {
    let lag = 0n;
    for (const { next, high } of this.positions.values()) if (high > next) lag += high - next;
    return Number(lag);
  }

  /**
   * Stops taking records: slices not yet in a batch are given back unresolved, a failing batch is
   * not retried again; a delivery in flight finishes (and its offsets are committed).
   */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const chunk of this.pending) chunk.settle(false);
    this.pending = [];
    this.pendingRecords = 0;
    this.pendingBytes = 0;
    this.wake?.();
  }

  /** Resolves when every batch handed over so far has been delivered or given up. */
  async idle(): Promise<void> {
    let seen: Promise<void> | undefined;
    while (seen !== this.chain) {
      seen = this.chain;
      await seen;
    }
  }

  private track(
    topic: string,
    partition: number,
    firstOffset: string,
    highWatermark: string | undefined,
  ): void {
    const key = `${topic}-${partition}`;
    const position = this.positions.get(key) ?? { next: BigInt(firstOffset), high: BigInt(firstOffset) };
    if (highWatermark !== undefined && /^\d+$/.test(highWatermark)) position.high = BigInt(highWatermark);
    this.positions.set(key, position);
  }

  /** A partition's records cut into slices that each fit in one batch. */
  private *slices(records: readonly RecordToSend[]): Generator<{ records: RecordToSend[]; bytes: number }> {
    let slice: RecordToSend[] = [];
    let bytes = 0;
    for (const record of records) {
      const size = estimateRecordBytes(record);
      if (slice.length > 0 && (slice.length >= this.options.batchSize || bytes + size > this.maxBatchBytes)) {
        yield { records: slice, bytes };
        slice = [];
        bytes = 0;
      }
      slice.push(record);
      bytes += size;
    }
    if (slice.length > 0) yield { records: slice, bytes };
  }

  /** Adds a slice to the batch being gathered; resolves true once a batch holding it was delivered. */
  private add(records: readonly RecordToSend[], bytes: number): Promise<boolean> {
    return new Promise((settle) => {
      if (this.stopped) {
        settle(false);
        return;
      }
      const full =
        this.pendingRecords + records.length > this.options.batchSize ||
        this.pendingBytes + bytes > this.maxBatchBytes;
      if (this.pending.length > 0 && full) this.flush();
      this.pending.push({ records, bytes, settle });
      this.pendingRecords += records.length;
      this.pendingBytes += bytes;
      if (this.pendingRecords >= this.options.batchSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.batchWindowMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const chunks = this.pending;
    this.pending = [];
    this.pendingRecords = 0;
    this.pendingBytes = 0;
    if (chunks.length > 0) this.chain = this.chain.then(() => this.deliverWithRetry(chunks));
  }

  private async deliverWithRetry(chunks: readonly Chunk[]): Promise<void> {
    const records = chunks.flatMap((chunk) => chunk.records);
    const base = this.options.retryBaseMs ?? 500;
    const max = this.options.retryMaxMs ?? 30_000;
    for (let attempt = 1; ; attempt += 1) {
      if (this.stopped) break;
      try {
        await this.deliver(records);
        for (const chunk of chunks) chunk.settle(true);
        return;
      } catch (error) {
        if (this.stopped) break;
        const delay = Math.min(max, base * 2 ** Math.min(attempt - 1, 20));
        this.retries += 1;
        this.options.onRetry?.(attempt, error, delay);
        await this.sleep(delay);
      }
    }
    for (const chunk of chunks) chunk.settle(false);
  }

  /** Waits for `done`, heartbeating every `heartbeatMs` meanwhile. */
  private async heartbeatUntil(done: Promise<boolean>, payload: EachBatchLike): Promise<boolean> {
    const every = this.options.heartbeatMs ?? 3000;
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const tick = new Promise<'tick'>((resolve) => {
        timer = setTimeout(() => resolve('tick'), every);
      });
      const outcome = await Promise.race([done, tick]);
      clearTimeout(timer);
      if (outcome !== 'tick') return outcome;
      await payload.heartbeat().catch((error: unknown) => this.options.onHeartbeatError?.(error));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
