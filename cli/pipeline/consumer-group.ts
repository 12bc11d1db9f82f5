import type { MSKEvent } from 'aws-lambda';
import { toMskEvent } from '../sim/msk-event';
import type { MemoryTopic } from './memory-topic';

export interface ConsumerGroupOptions {
  /** Consumer group id, e.g. sluice-detect. */
  readonly groupId: string;
  /** Most records in one batch (the mapping's BatchSize). */
  readonly batchSize: number;
  /** How long records gather before a batch is delivered (the mapping's MaximumBatchingWindow). */
  readonly batchWindowMs: number;
  /** Backoff before the first retry of a failed batch; doubles up to 5 s. */
  readonly retryBaseMs?: number;
  /** Told of each failed delivery (the batch is retried); a failure is never silent. */
  readonly onError?: (error: unknown) => void;
}

/**
 * Emulates one MSK event source mapping over a `MemoryTopic`: batches records from the committed
 * offsets, delivers them, commits only after the function succeeded, and retries a failed batch
 * whole (with backoff) so nothing is skipped.
 */
export class ConsumerGroup {
  private readonly committed: number[];
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  failures = 0;

  constructor(
    private readonly topic: MemoryTopic,
    private readonly options: ConsumerGroupOptions,
    private readonly deliver: (event: MSKEvent) => Promise<void>,
    startOffsets: readonly number[] = [],
  ) {
    this.committed = Array.from({ length: topic.partitionCount }, (_, p) => startOffsets[p] ?? 0);
  }

  /** Committed offset of each partition: the next record this group will process. */
  committedOffsets(): readonly number[] {
    return this.committed;
  }

  /** Records appended to the topic that this group has not yet processed. */
  lag(): number {
    const next = this.topic.nextOffsets();
    return next.reduce((sum, offset, p) => sum + Math.max(0, offset - (this.committed[p] ?? 0)), 0);
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /**
   * Stops polling. With `drainMs`, first lets it deliver every record appended so far, for at most that
   * long; resolves to the number of records left undelivered, which the caller reports.
   */
  async stop(drainMs = 0): Promise<number> {
    const deadline = Date.now() + drainMs;
    while (this.lag() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    this.running = false;
    this.wake?.();
    await this.loop;
    return this.lag();
  }

  private async run(): Promise<void> {
    let backoff = this.options.retryBaseMs ?? 200;
    while (this.running) {
      await this.sleep(this.options.batchWindowMs);
      if (!this.running) break;
      const records = this.nextBatch();
      if (records.length === 0) continue;
      try {
        await this.deliver(toMskEvent(records));
        for (const record of records) {
          this.committed[record.partition] = Math.max(
            this.committed[record.partition] ?? 0,
            record.offset + 1,
          );
        }
        backoff = this.options.retryBaseMs ?? 200;
      } catch (error) {
        this.failures += 1;
        this.options.onError?.(error);
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  }

  /** Up to batchSize records, taken round-robin from the partitions' committed offsets. */
  private nextBatch() {
    const perPartition = Math.max(1, Math.ceil(this.options.batchSize / this.topic.partitionCount));
    return this.committed.flatMap((offset, partition) => this.topic.read(partition, offset, perPartition));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
