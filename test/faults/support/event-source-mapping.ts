// An emulation of the MSK event source mapping for one function (one consumer group), harsher than
// the real one: pollers run concurrently (one in-flight batch per partition), each batch takes a random
// number of records from each of its partitions' committed offsets, a failed batch is retried with new
// random boundaries (always from the committed offset, as Kafka redelivers), a partial batch response
// commits below the lowest failed offset, a commit may be lost after a success (the partition is
// redelivered from an earlier commit, again with new boundaries), and an invocation that reaches its
// deadline counts as a timeout: middy ends it 5 ms early while the step's requests go on, so the retry
// runs beside the unfinished work, as in a reused Lambda container (a backstop timer of our own waits
// for the work instead, for handlers without middy).
import type { Context } from 'aws-lambda';
import type { KafkaBatchResponse } from '../../../shared/kafka/batch-item-failures';
import { mskEventOf, type TopicRecord } from './topic';

/** A Lambda handler as the mapping calls it. */
export type KafkaInvoke = (event: unknown, context: Context) => Promise<KafkaBatchResponse | undefined>;

export interface MappingOptions {
  /** Function name, for the context and the figures. */
  readonly name: string;
  readonly partitions: readonly (readonly TopicRecord[])[];
  readonly invoke: KafkaInvoke;
  readonly random: () => number;
  /** Most records in one batch (the mapping's BatchSize). */
  readonly batchSize: number;
  /** Concurrent pollers; partition p belongs to poller p % pollers. */
  readonly pollers: number;
  /** Chance, after a successful batch, that its commit is lost and the partition is redelivered. */
  readonly lostCommitShare: number;
  /** The function's time for one invocation, ms (its timeout). */
  readonly timeoutMs: () => number;
  /** A broken mapping that commits failed batches too (only to show that the checks catch it). */
  readonly commitFailed?: boolean;
  /** Safety net: a run that needs more invocations than this fails the test. */
  readonly maxInvocations?: number;
}

/** What the mapping did. */
export interface MappingStats {
  invocations: number;
  /** Invocations that threw (the whole batch is retried). */
  failed: number;
  /** Invocations that returned item failures (retried from the lowest failed offset). */
  partial: number;
  /** Invocations that outlived their timeout (or that middy ended just before it). */
  timedOut: number;
  /** Commits lost after a success: the records were delivered again, cut differently. */
  lostCommits: number;
  /** Records delivered, counting every redelivery. */
  recordsDelivered: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Figures of a mapping that has not run yet. */
export const emptyMappingStats = (): MappingStats => ({
  invocations: 0,
  failed: 0,
  partial: 0,
  timedOut: 0,
  lostCommits: 0,
  recordsDelivered: 0,
});

/**
 * Runs the mapping until every partition is committed to its end, updating `stats` as it goes (fault
 * injectors watch them to time their faults); resolves to them.
 */
export async function runMapping(
  options: MappingOptions,
  stats: MappingStats = emptyMappingStats(),
): Promise<MappingStats> {
  const committed = options.partitions.map(() => 0);
  const history = options.partitions.map(() => [0]);
  const maxInvocations = options.maxInvocations ?? 5_000;

  const poll = async (owned: number[]): Promise<void> => {
    let failuresInRow = 0;
    while (owned.some((p) => (committed[p] as number) < (options.partitions[p] as TopicRecord[]).length)) {
      if (stats.invocations >= maxInvocations) {
        throw new Error(
          `${options.name}: more than ${maxInvocations} invocations; the run does not converge`,
        );
      }
      const batch = takeBatch(owned, committed, options);
      stats.invocations += 1;
      stats.recordsDelivered += batch.length;
      const answer = await invokeOnce(options, batch, stats);
      const outcome: Outcome =
        answer.kind === 'failed' && options.commitFailed
          ? { kind: 'done', failedOffsets: new Map() }
          : answer;
      if (outcome.kind === 'failed') {
        failuresInRow += 1;
        await sleep(Math.min(400, 5 * 2 ** failuresInRow));
        continue;
      }
      failuresInRow = 0;
      const ends = new Map<number, number>();
      for (const record of batch) ends.set(record.partition, record.offset);
      for (const [partition, lastOffset] of ends) {
        const list = options.partitions[partition] as TopicRecord[];
        const failedAt = outcome.failedOffsets.get(partition);
        const next = failedAt ?? lastOffset + 1;
        const position = list.findIndex((r) => r.offset >= next);
        committed[partition] = position === -1 ? list.length : position;
        history[partition]?.push(committed[partition] as number);
      }
      if (outcome.failedOffsets.size > 0) {
        stats.partial += 1;
        continue;
      }
      if (options.random() < options.lostCommitShare) {
        const partition = [...ends.keys()][Math.floor(options.random() * ends.size)] as number;
        const points = history[partition] as number[];
        committed[partition] = points[Math.floor(options.random() * points.length)] as number;
        stats.lostCommits += 1;
      }
    }
  };

  const pollers = Array.from({ length: options.pollers }, (_, i) =>
    options.partitions.map((_, p) => p).filter((p) => p % options.pollers === i),
  );
  await Promise.all(pollers.map(poll));
  return stats;
}

/** From each owned partition with records left, a random number of them (BatchSize in total at most). */
function takeBatch(owned: number[], committed: number[], options: MappingOptions): TopicRecord[] {
  const open = owned.filter(
    (p) => (committed[p] as number) < (options.partitions[p] as TopicRecord[]).length,
  );
  const share = Math.max(1, Math.floor(options.batchSize / open.length));
  return open.flatMap((p) => {
    const list = options.partitions[p] as TopicRecord[];
    const from = committed[p] as number;
    const length = 1 + Math.floor(options.random() * share);
    return list.slice(from, Math.min(list.length, from + length));
  });
}

type Outcome = { kind: 'failed' } | { kind: 'done'; failedOffsets: Map<number, number> };

async function invokeOnce(
  options: MappingOptions,
  batch: TopicRecord[],
  stats: MappingStats,
): Promise<Outcome> {
  const timeoutMs = options.timeoutMs();
  const started = Date.now();
  const context = {
    functionName: `sluice-faults-${options.name}`,
    awsRequestId: `req-${stats.invocations}`,
    getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
  } as Context;
  const run = options.invoke(mskEventOf(batch), context);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const result = await Promise.race([run, deadline]);
    if (result === 'timeout') {
      stats.timedOut += 1;
      await run.catch(() => undefined);
      return { kind: 'failed' };
    }
    const failedOffsets = new Map<number, number>();
    for (const { itemIdentifier } of result?.batchItemFailures ?? []) {
      const partition = Number(itemIdentifier.partition.slice(itemIdentifier.partition.lastIndexOf('-') + 1));
      failedOffsets.set(partition, itemIdentifier.offset);
    }
    return { kind: 'done', failedOffsets };
  } catch (error) {
    // middy gives up 5 ms before the deadline (TimeoutError) and returns while the step's work goes on,
    // as it would in Lambda until the container is frozen: the retry then runs beside it.
    if (error instanceof Error && error.name === 'TimeoutError') stats.timedOut += 1;
    else stats.failed += 1;
    return { kind: 'failed' };
  } finally {
    clearTimeout(timer);
  }
}
