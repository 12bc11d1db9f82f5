/** One mapping on one partition, as the model sees it. */
export interface PartitionInput {
  /** Records a second arriving on the partition. */
  readonly ratePerSecond: number;
  /** Most records in one batch: the BatchSize, or fewer when the 6 MB payload binds first. */
  readonly maxBatch: number;
  /** MaximumBatchingWindowInSeconds, in ms. */
  readonly windowMs: number;
  /** Time from the poller having a batch to its offsets committed, for a batch of `records`. */
  readonly invokeMs: (records: number) => number;
}

/** The steady state of one partition of one mapping. */
export interface PartitionFlow {
  /** Records per batch. */
  readonly batch: number;
  readonly invokeMs: number;
  /** Time between two batches of the partition. */
  readonly cycleMs: number;
  /** Most records a second the partition can take: full batches back to back. */
  readonly capacity: number;
  /** Offered rate / capacity. */
  readonly utilisation: number;
  /** Longest time from a record's arrival to its batch committed; Infinity when the partition falls behind. */
  readonly delayMs: number;
  /** Records a second by which the partition falls further behind (0 when it keeps up). */
  readonly behindPerSecond: number;
  readonly invokesPerSecond: number;
}

/**
 * A fluid model of an event source mapping on one partition: one invoke in flight, each batch cut when
 * it is full or when the batching window has passed since the poller started gathering (records that
 * arrived during the previous invoke are already waiting). In the steady state a batch holds
 * `n = min(maxBatch, rate × (invoke(n) + window))` records; past `maxBatch / invoke(maxBatch)` records
 * a second the partition falls behind. No variance: real arrivals need headroom.
 *
 * @example
 * partitionFlow({ ratePerSecond: 1000, maxBatch: 200, windowMs: 1000, invokeMs: () => 40 });
 * // { batch: 200, cycleMs: 200, capacity: 5000, utilisation: 0.2, delayMs: 240, ... }
 */
export function partitionFlow(input: PartitionInput): PartitionFlow {
  const { ratePerSecond: rate, maxBatch, windowMs } = input;
  const fullMs = input.invokeMs(maxBatch);
  const capacity = maxBatch / (fullMs / 1000);
  if (rate >= capacity) {
    return {
      batch: maxBatch,
      invokeMs: fullMs,
      cycleMs: fullMs,
      capacity,
      utilisation: rate / capacity,
      delayMs: Number.POSITIVE_INFINITY,
      behindPerSecond: rate - capacity,
      invokesPerSecond: 1000 / fullMs,
    };
  }
  if (rate <= 0) {
    const lone = input.invokeMs(1);
    return {
      batch: 1,
      invokeMs: lone,
      cycleMs: Number.POSITIVE_INFINITY,
      capacity,
      utilisation: 0,
      delayMs: windowMs + lone,
      behindPerSecond: 0,
      invokesPerSecond: 0,
    };
  }
  // The batch size is the least fixed point above rate × window: the sequence rises monotonically.
  let batch = Math.max(1, Math.min(maxBatch, (rate * windowMs) / 1000));
  for (let step = 0; step < 200; step += 1) {
    const next = Math.max(1, Math.min(maxBatch, (rate * (input.invokeMs(batch) + windowMs)) / 1000));
    if (Math.abs(next - batch) < 1e-9) break;
    batch = next;
  }
  const invokeMs = input.invokeMs(batch);
  const cycleMs = Math.max(invokeMs, (batch / rate) * 1000);
  return {
    batch,
    invokeMs,
    cycleMs,
    capacity,
    utilisation: rate / capacity,
    delayMs: cycleMs + invokeMs,
    behindPerSecond: 0,
    invokesPerSecond: 1000 / cycleMs,
  };
}
