import type { Evaluation } from './model';
import type { Params } from './params';
import { KAFKA_FUNCTIONS, type Settings } from './types';

/** AWS bills a month as 730 hours. */
export const SECONDS_PER_MONTH = 730 * 3600;

/** One billed quantity over some period and what it costs; `usd` is null when its price is unknown. */
export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly usd: number | null;
}

const priced = (quantity: number, price: number | null, per = 1): number | null =>
  price === null ? null : (quantity / per) * price;

/**
 * What the load costs per second of running, item by item, at list prices: Lambda duration (arm64)
 * and requests of the three MSK functions, DynamoDB write units, S3 PUTs, OpenSearch `_bulk` requests
 * (no per-request price: nodes are billed by the hour), provisioned pollers and OpenSearch nodes when
 * their prices are given.
 *
 * @example
 * costPerSecond(evaluation, settings, params).find((l) => l.item === 'S3 PUTs')?.usd; // 0.0000412
 */
export function costPerSecond(evaluation: Evaluation, settings: Settings, params: Params): CostLine[] {
  const { functions, dynamodb, s3, opensearch } = evaluation;
  const lines: CostLine[] = KAFKA_FUNCTIONS.map((fn) => ({
    item: `Lambda ${fn} (${settings[fn].memoryMb} MB)`,
    quantity: functions[fn].gbSecondsPerSecond,
    unit: 'GB-s',
    usd: priced(functions[fn].gbSecondsPerSecond, params.lambdaArmGbSecondUsd),
  }));
  const invokes = KAFKA_FUNCTIONS.reduce((sum, fn) => sum + functions[fn].invokesPerSecond, 0);
  lines.push({
    item: 'Lambda requests',
    quantity: invokes,
    unit: 'invocations',
    usd: priced(invokes, params.lambdaRequestUsdPerMillion, 1e6),
  });
  lines.push({
    item: 'DynamoDB window writes',
    quantity: dynamodb.unitsPerSecond,
    unit: 'write units',
    usd: priced(dynamodb.unitsPerSecond, params.dynamodbWriteUsdPerMillion, 1e6),
  });
  lines.push({
    item: 'S3 PUTs',
    quantity: s3.putsPerSecond,
    unit: 'PUTs',
    usd: priced(s3.putsPerSecond, params.s3PutUsdPerThousand, 1000),
  });
  lines.push({
    item: 'OpenSearch _bulk requests',
    quantity: opensearch.bulkPerSecond,
    unit: 'requests',
    usd: 0,
  });
  if (settings.provisioned) {
    const pollers = KAFKA_FUNCTIONS.reduce((sum, fn) => sum + functions[fn].pollersNeeded, 0);
    lines.push({
      item: 'Provisioned pollers',
      quantity: pollers / 3600,
      unit: 'poller-hours',
      usd: priced(pollers / 3600, params.pollerHourUsd),
    });
  }
  const nodes = settings.opensearch.dataNodes;
  lines.push({
    item: 'OpenSearch data nodes',
    quantity: nodes / 3600,
    unit: 'node-hours',
    usd: priced(nodes / 3600, params.opensearchNodeHourUsd),
  });
  return lines;
}

/** The same lines over another period (a month, or the time one GB takes). */
export function scaleCost(lines: readonly CostLine[], seconds: number): CostLine[] {
  return lines.map((line) => ({
    ...line,
    quantity: line.quantity * seconds,
    usd: line.usd === null ? null : line.usd * seconds,
  }));
}

/** Sum of the priced lines, and the names of the lines that could not be priced. */
export function totalCost(lines: readonly CostLine[]): { usd: number; unpriced: string[] } {
  return {
    usd: lines.reduce((sum, line) => sum + (line.usd ?? 0), 0),
    unpriced: lines.filter((line) => line.usd === null && line.quantity > 0).map((line) => line.item),
  };
}

/** Seconds the load takes to carry one GB (10^9 bytes) of Kafka values. */
export const secondsPerGigabyte = (evaluation: Evaluation): number => 1000 / evaluation.mbPerSecond;
