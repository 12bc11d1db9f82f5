import type { Evaluation } from './model';
import type { Params } from './params';
import { KAFKA_FUNCTIONS, type Settings } from './types';

/** A limit the load meets, and what moves it. */
export interface Wall {
  readonly what: string;
  /** Busy share of the limit: over 1, the load does not fit. */
  readonly utilisation: number;
  readonly move: string;
}

/**
 * Every limit the load uses more than the planned share of: each function's partitions, the hottest
 * DynamoDB window item, the OpenSearch nodes, a topic partition, an S3 prefix, provisioned pollers,
 * Slack's rate and the alert budget.
 *
 * @example
 * wallsOf(evaluation, settings, params).map((w) => w.what); // ['detect per partition']
 */
export function wallsOf(evaluation: Evaluation, settings: Settings, params: Params): Wall[] {
  const walls: Wall[] = [];
  for (const fn of KAFKA_FUNCTIONS) {
    const flow = evaluation.functions[fn].flow;
    walls.push({
      what: `${fn} per partition`,
      utilisation: flow.utilisation,
      move: `larger ${fn}BatchSize (an invoke's fixed cost is paid per batch), more memory, or more partitions`,
    });
  }
  walls.push({
    what: 'hot DynamoDB window item',
    utilisation: evaluation.dynamodb.hot.unitsPerSecond / params.partitionWcu,
    move: 'larger detectBatchSize / detectBatchingWindow (fewer batches write the item), smaller items',
  });
  walls.push({
    what: 'OpenSearch nodes',
    utilisation: evaluation.opensearch.utilisation,
    move: 'more data nodes (opensearchInstanceCount), primary shards spread evenly over them, a longer refresh_interval',
  });
  walls.push({
    what: 'topic partition',
    utilisation: evaluation.partitionMBps / params.partitionMBps,
    move: 'more partitions',
  });
  walls.push({
    what: 'S3 prefix',
    utilisation: evaluation.s3.putsPerPartitionPrefix / params.s3PutsPerPrefix,
    move: 'larger archive batches',
  });
  if (settings.provisioned) {
    const needed = Math.max(...KAFKA_FUNCTIONS.map((fn) => evaluation.functions[fn].pollersNeeded));
    walls.push({
      what: 'provisioned pollers',
      utilisation: needed / settings.maxPollers,
      move: 'kafkaMaximumPollers',
    });
  }
  const topicLag =
    Math.max(...KAFKA_FUNCTIONS.map((fn) => evaluation.functions[fn].lagRecords)) *
    evaluation.load.partitions;
  walls.push({
    what: 'OffsetLag alarm',
    utilisation: topicLag / settings.offsetLagThreshold,
    move: 'offsetLagThreshold above the lag a keeping-up topic shows (the planning table gives it)',
  });
  const perMinute = Math.min(settings.slackBudgetPerMinute, params.slackPerSecond * 60);
  walls.push({
    what: 'Slack rate and budget',
    utilisation: evaluation.load.alertsPerMinute / perMinute,
    move: "alerts over it are folded into the sweeper's digest: fewer, broader rules, or a longer realert",
  });
  return walls
    .filter((wall) => wall.utilisation > params.targetUtilisation)
    .sort((a, b) => b.utilisation - a.utilisation);
}
