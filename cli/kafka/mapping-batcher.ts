import type { RecordToSend } from '../sim/msk-event';
import { CommitLedger, CommitOutcome, isRebalance } from './commit-ledger';
import type { CommitOffsets } from './commit-offsets';
import { fromKafkaMessage, type KafkaBatchLike } from './convert';

export type { CommitOffsets } from './commit-offsets';

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
  /**
   * How long a batch whose window has passed waits for a partition that is still fetching to hand
   * over its next slice (which then delivers the batch and holds the group until it is committed).
   */
  readonly holdGraceMs?: number;
  /**
   * The group's committed offsets of these topics, read before a partition's first delivery after
   * each (re)join: records the partition's previous owner committed meanwhile are not delivered
   * twice. Without it, they are.
   */
  readonly readCommitted?: (topics: readonly string[]) => Promise<CommitOffsets>;
  /** Hears about every failed delivery that will be retried. */
  readonly onRetry?: (attempt: number, error: unknown, delayMs: number) => void;
  /** Hears about a heartbeat that failed (usually a rebalance in progress). */
  readonly onHeartbeatError?: (error: unknown) => void;
  /** Hears about a commit Kafka refused: those records will be read again (at least once). */
  readonly onCommitError?: (error: unknown, offsets: CommitOffsets) => void;
}

/**
 * Delivers one MSK-shaped batch to a function; rejects when the function failed. The one seam
 * between the mapping emulation and what runs the function (cli/kafka/handler-delivery.ts).
 */
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

/** What became of records handed to the batcher. */
type Outcome = 'delivered' | 'dropped';

/** One fetched slice of a partition, gathered into a batch. */
interface Chunk {
  readonly records: readonly RecordToSend[];
  readonly bytes: number;
  /** The eachBatch call that handed it over waits for it (its partition had nothing more to fetch). */
  held: boolean;
  readonly done: Promise<Outcome>;
  settle(outcome: Outcome): void;
}

function newChunk(records: readonly RecordToSend[], bytes: number): Chunk {
  let settle: (outcome: Outcome) => void = () => {};
  const done = new Promise<Outcome>((resolve) => {
    settle = resolve;
  });
  return { records, bytes, held: false, done, settle };
}

/** True when a fetched slice ends at the partition's high watermark: nothing more to fetch now. */
const caughtUp = (highWatermark: string | undefined, lastOffset: string): boolean =>
  highWatermark === undefined ||
  !/^\d+$/.test(highWatermark) ||
  BigInt(highWatermark) <= BigInt(lastOffset) + 1n;

/**
 * Emulates one MSK event source mapping on top of a kafkajs consumer (`eachBatch`, with
 * `eachBatchAutoResolve: false`, `autoCommit: false` and several partitions consumed concurrently):
 *
 * - a batch gathers fetched slices from every partition until it holds exactly `batchSize` records
 *   (or `maxBatchBytes`; a fetch is split across batches) or its window has passed: a partition with
 *   more records on the broker hands its slice over and fetches on, so small fetches fill a batch as
 *   fast as the broker serves them;
 * - one batch is in flight at a time; while it is, the next one gathers, up to the batch size;
 * - offsets are committed only after the function succeeded; a failed batch is retried whole, with
 *   backoff, until it succeeds or the batcher is stopped (nothing is ever skipped);
 * - a batch in flight is always held by an `eachBatch` call, so kafkajs does not rejoin the group
 *   (rebalance) before it is committed; records gathered but not delivered are dropped on a
 *   rebalance and read again from the committed offsets, by whichever member gets the partition;
 * - a commit Kafka refused during a rebalance is made again right after the group is rejoined, and
 *   records the group committed meanwhile (another member delivered them) are not delivered again.
 */
export class MappingBatcher {
  private gathering: Chunk[] = [];
  private gatheredRecords = 0;
  private gatheredBytes = 0;
  /** The window has passed: the batch is delivered as soon as it can be. */
  private due = false;
  private windowTimer: NodeJS.Timeout | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  private flight: { readonly records: readonly RecordToSend[]; readonly done: Promise<Outcome> } | undefined;
  private rebalancing = false;
  private stopped = false;
  private wake: (() => void) | undefined;
  private readonly ledger: CommitLedger;
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
    this.ledger = new CommitLedger({
      ...(options.readCommitted ? { readCommitted: options.readCommitted } : {}),
      ...(options.onCommitError ? { onCommitError: options.onCommitError } : {}),
    });
  }

  /** The `eachBatch` handler: hand it to `consumer.run({ eachBatch, eachBatchAutoResolve: false })`. */
  readonly eachBatch = async (payload: EachBatchLike): Promise<void> => {
    const { topic, partition, messages, highWatermark } = payload.batch;
    const first = messages[0];
    const last = messages[messages.length - 1];
    if (first === undefined || last === undefined || !this.accepting(payload)) return;
    this.ledger.commit = (offsets) => payload.commitOffsetsIfNecessary(offsets);
    this.ledger.track(topic, partition, first.offset, highWatermark);
    const records = messages.map((message) => fromKafkaMessage(topic, partition, message));
    // Batches this call started, and its own slice when it holds it: it returns once they are done.
    const waits: Promise<Outcome>[] = [];
    try {
      let mine: Chunk | undefined;
      for (let next = 0; next < records.length; ) {
        const slice = this.cut(records, next);
        if (slice.records.length === 0) {
          // The batch being gathered is full: deliver it (once the one in flight is done).
          if (!(await this.startDelivery(waits, payload))) return;
          continue;
        }
        if (!this.accepting(payload)) return;
        mine = this.gather(slice);
        next += slice.records.length;
        // Resolved, not committed: kafkajs fetches on from here; the commit waits for the function.
        payload.resolveOffset(String(slice.records[slice.records.length - 1]?.offset));
        if (this.gatheredRecords >= this.options.batchSize || this.due) {
          if (!(await this.startDelivery(waits, payload))) return;
        }
      }
      if (mine && this.gathering.includes(mine) && caughtUp(highWatermark, last.offset)) {
        mine.held = true;
        waits.push(mine.done);
        this.deliverIfDue();
      }
    } finally {
      await this.heartbeatUntil(Promise.all(waits), payload);
    }
  };

  /** Records the partitions' high watermarks hold that this batcher has not committed yet. */
  lag(): number {
    return this.ledger.lag();
  }

  /** The records of the batch being delivered now (empty when none is). */
  inFlight(): readonly RecordToSend[] {
    return this.flight?.records ?? [];
  }

  /**
   * Stops taking records: records gathered but not delivered are dropped (not committed, so read
   * again next time), a failing batch is not retried again; a delivery in flight finishes and is
   * committed. Resolves once it has, after one more try at a commit Kafka refused earlier.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.dropGathering();
    this.wake?.();
    await this.idle();
    await this.ledger.commitOwed();
  }

  /** Resolves when no batch is in flight. */
  async idle(): Promise<void> {
    while (this.flight) await this.flight.done;
  }

  /**
   * The group was (re)joined (kafkajs' GROUP_JOIN): kafkajs reads every partition again from its
   * committed offset, so what was gathered is dropped, and a commit refused during the rebalance is
   * made now.
   */
  async rejoined(): Promise<void> {
    this.rebalancing = false;
    this.ledger.rejoined();
    this.dropGathering();
    if ((await this.ledger.commitOwed()) === CommitOutcome.rebalancing) this.enterRebalance();
  }

  private accepting(payload: EachBatchLike): boolean {
    return !this.stopped && !this.rebalancing && payload.isRunning() && !payload.isStale();
  }

  /**
   * The records from `from` on that fit in the batch being gathered, by count and by bytes (none
   * when it is full); into an empty batch at least one goes, however large.
   */
  private cut(records: readonly RecordToSend[], from: number): { records: RecordToSend[]; bytes: number } {
    const room = this.options.batchSize - this.gatheredRecords;
    let bytes = 0;
    let end = from;
    while (end < records.length && end - from < room) {
      const size = estimateRecordBytes(records[end] as RecordToSend);
      const first = this.gathering.length === 0 && end === from;
      if (!first && this.gatheredBytes + bytes + size > this.maxBatchBytes) break;
      bytes += size;
      end += 1;
    }
    return { records: records.slice(from, end), bytes };
  }

  private gather(slice: { records: readonly RecordToSend[]; bytes: number }): Chunk {
    const chunk = newChunk(slice.records, slice.bytes);
    if (this.gathering.length === 0) {
      this.windowTimer = setTimeout(() => {
        this.windowTimer = undefined;
        this.due = true;
        this.deliverIfDue();
      }, this.options.batchWindowMs);
    }
    this.gathering.push(chunk);
    this.gatheredRecords += slice.records.length;
    this.gatheredBytes += slice.bytes;
    return chunk;
  }

  /** Delivers the gathered batch once the batch in flight is done; false when stopped meanwhile. */
  private async startDelivery(waits: Promise<Outcome>[], payload: EachBatchLike): Promise<boolean> {
    while (this.flight) {
      await this.heartbeatUntil(this.flight.done, payload);
      if (!this.accepting(payload)) return false;
    }
    if (this.gathering.length > 0) waits.push(this.flush());
    return true;
  }

  /**
   * Delivers a batch whose window has passed, if a partition holds it; otherwise the next slice
   * handed over delivers it, or, after `holdGraceMs`, the timer does.
   */
  private deliverIfDue(): void {
    if (!this.due || this.flight || this.gathering.length === 0 || this.stopped || this.rebalancing) return;
    if (this.gathering.some((chunk) => chunk.held)) {
      void this.flush();
      return;
    }
    this.graceTimer ??= setTimeout(() => {
      this.graceTimer = undefined;
      if (this.due && !this.flight && this.gathering.length > 0 && !this.stopped && !this.rebalancing) {
        void this.flush();
      }
    }, this.options.holdGraceMs ?? 1000);
  }

  private flush(): Promise<Outcome> {
    const chunks = this.gathering;
    this.resetGathering();
    const records = chunks.flatMap((chunk) => chunk.records);
    const done = this.deliverAndCommit(records).then((outcome) => {
      for (const chunk of chunks) chunk.settle(outcome);
      this.flight = undefined;
      this.deliverIfDue();
      return outcome;
    });
    this.flight = { records, done };
    return done;
  }

  private async deliverAndCommit(gathered: readonly RecordToSend[]): Promise<Outcome> {
    const base = this.options.retryBaseMs ?? 500;
    const max = this.options.retryMaxMs ?? 30_000;
    const { records, committed } = await this.ledger.toDeliver(gathered);
    for (let attempt = 1; records.length > 0; attempt += 1) {
      if (this.stopped) return 'dropped';
      try {
        await this.deliver(records);
        break;
      } catch (error) {
        if (this.stopped) return 'dropped';
        const delay = Math.min(max, base * 2 ** Math.min(attempt - 1, 20));
        this.retries += 1;
        this.options.onRetry?.(attempt, error, delay);
        await this.sleep(delay);
      }
    }
    if ((await this.ledger.delivered(records, committed)) === CommitOutcome.rebalancing)
      this.enterRebalance();
    return 'delivered';
  }

  private enterRebalance(): void {
    this.rebalancing = true;
    this.dropGathering();
  }

  private dropGathering(): void {
    const chunks = this.gathering;
    this.resetGathering();
    for (const chunk of chunks) chunk.settle('dropped');
  }

  private resetGathering(): void {
    if (this.windowTimer) clearTimeout(this.windowTimer);
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.windowTimer = undefined;
    this.graceTimer = undefined;
    this.gathering = [];
    this.gatheredRecords = 0;
    this.gatheredBytes = 0;
    this.due = false;
  }

  /** Waits for `done`, heartbeating every `heartbeatMs` meanwhile; a rebalance drops the gathering. */
  private async heartbeatUntil<T>(done: Promise<T>, payload: EachBatchLike): Promise<T> {
    const every = this.options.heartbeatMs ?? 3000;
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const tick = new Promise<'tick'>((resolve) => {
        timer = setTimeout(() => resolve('tick'), every);
      });
      const outcome = await Promise.race([done.then((value) => ({ value })), tick]);
      clearTimeout(timer);
      if (outcome !== 'tick') return outcome.value;
      await payload.heartbeat().catch((error: unknown) => {
        this.options.onHeartbeatError?.(error);
        if (isRebalance(error)) this.enterRebalance();
      });
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
