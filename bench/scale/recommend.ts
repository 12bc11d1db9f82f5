import { type Evaluation, evaluate } from './model';
import type { Params } from './params';
import type { Load, MeasuredCosts, Settings } from './types';

/** Batch sizes the recommendation chooses from (the mapping allows 1 to 10,000). */
export const BATCH_SIZES = [100, 200, 500, 1000, 2000, 5000, 10_000] as const;

const withBatch = (settings: Settings, fn: 'index' | 'detect', batchSize: number): Settings => ({
  ...settings,
  [fn]: { ...settings[fn], batchSize },
});

/** Whether the load fits a function and (for detect) its hottest window item, with headroom. */
function holds(evaluation: Evaluation, fn: 'index' | 'detect', params: Params): boolean {
  const flow = evaluation.functions[fn].flow;
  if (flow.utilisation > params.targetUtilisation) return false;
  return (
    fn !== 'detect' ||
    evaluation.dynamodb.hot.unitsPerSecond <= params.targetUtilisation * params.partitionWcu
  );
}

/**
 * The smallest batch size that holds the load with headroom: small batches keep alerts and search
 * prompt; larger ones are needed when an invoke's fixed cost caps a partition, or when every batch's
 * write of a hot window item adds up past what one DynamoDB partition takes. The largest when none holds.
 *
 * @example
 * smallestBatchThatHolds('detect', load, settings, costs, params); // 1000
 */
export function smallestBatchThatHolds(
  fn: 'index' | 'detect',
  load: Load,
  settings: Settings,
  costs: MeasuredCosts,
  params: Params,
): number {
  for (const size of BATCH_SIZES) {
    if (holds(evaluate(load, withBatch(settings, fn, size), costs, params), fn, params)) return size;
  }
  return BATCH_SIZES[BATCH_SIZES.length - 1] as number;
}

/** What the user sizes outside sluice for a load: partitions, OpenSearch nodes and primary shards. */
export interface Sizing {
  readonly partitions: number;
  readonly opensearchDataNodes: number;
  /** Primary shards of one daily index, a multiple of the data nodes. */
  readonly primaryShards: number;
  /** MaximumPollers per mapping in provisioned mode. */
  readonly maxPollers: number;
  /** An OffsetLag alarm threshold that a mapping keeping up never reaches. */
  readonly offsetLagThreshold: number;
}

/**
 * The smallest of 1, 2, 2.5 and 5 times a power of ten at or above `value`: a threshold a person reads.
 *
 * @example
 * roundUpNicely(14_500); // 20000
 */
export function roundUpNicely(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= value - 1e-9) ?? 10;
  return step * power;
}

/**
 * Partitions so that each carries at most the planned share of a partition's MB/s and of the slowest
 * function's records/s per partition (at these settings); OpenSearch nodes so
 * that every copy of every document is written with headroom; daily primary shards of at most the
 * recommended size, spread evenly over the nodes; pollers for the busiest mapping, with headroom; an
 * OffsetLag alarm threshold above the lag the topic shows while keeping up (at least today's 10,000).
 *
 * @example
 * sizeFor(evaluation, params); // { partitions: 9, opensearchDataNodes: 17, primaryShards: 85, maxPollers: 17 }
 */
export function sizeFor(evaluation: Evaluation, replicas: number, params: Params): Sizing {
  const headroom = params.targetUtilisation;
  // Enough partitions for the topic's MB/s and for the slowest function's records/s per partition.
  const slowest = Math.min(...Object.values(evaluation.functions).map((f) => f.flow.capacity));
  const partitions = Math.max(
    1,
    Math.ceil(evaluation.mbPerSecond / (params.partitionMBps * headroom)),
    Math.ceil(evaluation.load.recordsPerSecond / (slowest * headroom)),
  );
  const nodes = Math.max(
    1,
    Math.ceil((evaluation.opensearch.docsPerSecond * (1 + replicas)) / (params.docWritesPerNode * headroom)),
  );
  const dailyGiB = (evaluation.mbPerSecond * 1e6 * params.indexBytesPerValueByte * 86_400) / 2 ** 30;
  const shards = Math.max(1, Math.ceil(dailyGiB / params.shardTargetGiB));
  const pollers = Math.max(...Object.values(evaluation.functions).map((f) => f.pollersNeeded));
  // OffsetLag is the topic's: every partition's uncommitted records, at most one cycle and an invoke's worth.
  const topicLag =
    Math.max(...Object.values(evaluation.functions).map((f) => f.lagRecords)) * evaluation.load.partitions;
  return {
    partitions,
    opensearchDataNodes: nodes,
    primaryShards: Math.ceil(shards / nodes) * nodes,
    maxPollers: Math.min(params.maxPollers, Math.ceil(pollers / headroom)),
    offsetLagThreshold: Number.isFinite(topicLag)
      ? Math.max(10_000, roundUpNicely(topicLag / headroom))
      : Number.POSITIVE_INFINITY,
  };
}

/** The settings the model recommends for a load, starting from a deployment's other settings. */
export interface Recommendation {
  readonly settings: Settings;
  readonly sizing: Sizing;
  readonly evaluation: Evaluation;
}

/**
 * Detect's batch size from {@link smallestBatchThatHolds} (alerts come first); index and archive take
 * the largest batches (fewer, bigger `_bulk` requests and objects; their batching windows bound the
 * delay at low rates, and at high rates their cost per record, not per batch, decides); OpenSearch
 * nodes and pollers from {@link sizeFor}. Batching windows and memory stay as given.
 *
 * @example
 * recommend(load, currentSettings, costs, params).settings.detect.batchSize; // 1000
 */
export function recommend(load: Load, base: Settings, costs: MeasuredCosts, params: Params): Recommendation {
  const first = evaluate(load, base, costs, params);
  const sizing = sizeFor(first, base.opensearch.replicas, params);
  let settings: Settings = {
    ...base,
    index: { ...base.index, batchSize: params.esmMaxBatchRecords },
    archive: { ...base.archive, batchSize: params.esmMaxBatchRecords },
    maxPollers: sizing.maxPollers,
    offsetLagThreshold: sizing.offsetLagThreshold,
    opensearch: { ...base.opensearch, dataNodes: sizing.opensearchDataNodes },
  };
  settings = withBatch(settings, 'detect', smallestBatchThatHolds('detect', load, settings, costs, params));
  return { settings, sizing, evaluation: evaluate(load, settings, costs, params) };
}
