import { Metrics, type MetricUnit } from '@aws-lambda-powertools/metrics';
import type { BatchCounts } from '../batch/types';
import { kafkaTimeMs } from '../logs/timestamp';
import type { LineSink } from './logger';
import { SERVICE_NAME } from './logger';

type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];

/** CloudWatch namespace of every sluice metric. */
export const METRICS_NAMESPACE = 'sluice';

/** The dimension naming the deployed function (`sluice-prod-archive`); Powertools adds `service`. */
export const METRICS_DIMENSION = 'function';

/**
 * The metrics sluice emits, keyed by the name the code uses, with the CloudWatch metric name and unit.
 * The CloudWatch names and dimensions are a contract: the alarms in infra/alarms.yml refer to them.
 */
export const SluiceMetric = {
  records: { name: 'Records', unit: 'Count' },
  accepted: { name: 'Accepted', unit: 'Count' },
  deadLettered: { name: 'DeadLettered', unit: 'Count' },
  skipped: { name: 'Skipped', unit: 'Count' },
  indexed: { name: 'Indexed', unit: 'Count' },
  archived: { name: 'Archived', unit: 'Count' },
  windowWrites: { name: 'WindowWrites', unit: 'Count' },
  alertsFired: { name: 'AlertsFired', unit: 'Count' },
  alertsDelivered: { name: 'AlertsDelivered', unit: 'Count' },
  endToEndLagMs: { name: 'EndToEndLagMs', unit: 'Milliseconds' },
  oldestPendingAlertAgeSeconds: { name: 'OldestPendingAlertAgeSeconds', unit: 'Seconds' },
  // rehydrate: per invocation (records and deadLettered above count its records as well).
  objectsRead: { name: 'ObjectsRead', unit: 'Count' },
  objectsLeft: { name: 'ObjectsLeft', unit: 'Count' },
  alreadyIndexed: { name: 'AlreadyIndexed', unit: 'Count' },
  filteredOut: { name: 'FilteredOut', unit: 'Count' },
  notIndexed: { name: 'NotIndexed', unit: 'Count' },
} as const satisfies Record<string, { name: string; unit: Unit }>;
export type SluiceMetricKey = keyof typeof SluiceMetric;

/** Values for one invocation; a metric left out is not emitted (absent is not zero). */
export type MetricValues = Partial<Record<SluiceMetricKey, number>>;

/** Emits one invocation's metrics as one CloudWatch embedded-metric-format line. */
export type EmitMetrics = (values: MetricValues, functionName: string) => void;

/**
 * The metrics of a function, through Powertools for AWS Lambda's `Metrics` (EMF on stdout, where
 * Lambda's log agent extracts them; or to `sink`): namespace `sluice`, dimensions `service` and
 * `function` (the deployed function name). Values that are not finite numbers are left out and
 * named in an `invalidMetrics` property, so a bug shows in the logs instead of vanishing.
 *
 * @example
 * const emit = functionMetrics();
 * emit({ records: 3, accepted: 2 }, context.functionName);
 */
export function functionMetrics(sink?: LineSink): EmitMetrics {
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
  const write = sink ?? ((line: string) => process.stdout.write(`${line}\n`));
  return (values, functionName) => {
    const invalid: string[] = [];
    for (const key of Object.keys(SluiceMetric) as SluiceMetricKey[]) {
      const value = values[key];
      if (value === undefined) continue;
      if (!Number.isFinite(value)) invalid.push(key);
      else metrics.addMetric(SluiceMetric[key].name, SluiceMetric[key].unit, value);
    }
    metrics.addDimension(METRICS_DIMENSION, functionName);
    if (invalid.length > 0) metrics.addMetadata('invalidMetrics', invalid.join(','));
    // Written here rather than by publishStoredMetrics, so local runs can send it to their log file.
    write(JSON.stringify(metrics.serializeMetrics()));
    metrics.clearMetrics();
    metrics.clearDimensions();
  };
}

/** The accounting of a batch as metric values (records = accepted + deadLettered + skipped). */
export function batchMetrics(counts: BatchCounts): MetricValues {
  return {
    records: counts.records,
    accepted: counts.accepted,
    deadLettered: counts.deadLettered,
    skipped: counts.skipped,
  };
}

/**
 * End-to-end lag of a batch: from the Kafka timestamp of its oldest record to `now`, in ms (never
 * negative, since producer clocks drift). Timestamps are read by magnitude (`kafkaTimeMs`: a producer
 * writing ns or s still gives its time) and unusable ones (-1) are left out, so one poison timestamp
 * cannot fake a lag of 55 years. Undefined when no record has a usable time, so no lag is reported.
 *
 * @example
 * endToEndLagMs([{ timestamp: 1_700_000_001_000 }, { timestamp: -1 }], 1_700_000_005_000); // 4000
 */
export function endToEndLagMs(
  records: Iterable<{ readonly timestamp: number }>,
  now: number,
): number | undefined {
  let oldest = Number.POSITIVE_INFINITY;
  for (const record of records) {
    const ms = kafkaTimeMs(record.timestamp);
    if (ms !== undefined && ms < oldest) oldest = ms;
  }
  return oldest === Number.POSITIVE_INFINITY ? undefined : Math.max(0, now - oldest);
}
