import type { BatchCounts } from '../batch/types';
import { kafkaTimeMs } from '../logs/timestamp';

/** CloudWatch namespace of every sluice metric. */
export const METRICS_NAMESPACE = 'sluice';

/** The one dimension of every sluice metric: the deployed function name (`sluice-prod-archive`). */
export const METRICS_DIMENSION = 'function';

/**
 * The metrics sluice emits, keyed by the name the code uses, with the CloudWatch metric name and unit.
 * The CloudWatch names are a contract: the alarms in infra/alarms.yml refer to them.
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
} as const;
export type SluiceMetricKey = keyof typeof SluiceMetric;

/** Values for one invocation; a metric left out is not emitted (absent is not zero). */
export type MetricValues = Partial<Record<SluiceMetricKey, number>>;

/** Extra searchable fields of the metrics line (not dimensions, so they cost nothing). */
export type MetricProperties = Readonly<Record<string, string | number | boolean>>;

export interface EmfOptions {
  /** Value of the `function` dimension: the deployed function name, e.g. `context.functionName`. */
  readonly functionName: string;
  /** Epoch ms the values belong to. */
  readonly timestamp: number;
  readonly properties?: MetricProperties;
}

const reservedKeys = new Set<string>([
  '_aws',
  METRICS_DIMENSION,
  ...Object.values(SluiceMetric).map((m) => m.name),
]);

/**
 * One CloudWatch embedded-metric-format line (JSON, no newline) for `values`. Values that are not finite
 * numbers are left out of the metrics and named in an `invalidMetrics` property, so a bug shows in the
 * logs instead of vanishing. Properties never override the metrics or the dimension.
 *
 * @example
 * formatMetrics({ records: 3, accepted: 2 }, { functionName: 'sluice-prod-index', timestamp: Date.now() });
 * // {"_aws":{"Timestamp":...,"CloudWatchMetrics":[{"Namespace":"sluice","Dimensions":[["function"]],
 * //   "Metrics":[{"Name":"Records","Unit":"Count"},{"Name":"Accepted","Unit":"Count"}]}]},
 * //  "function":"sluice-prod-index","Records":3,"Accepted":2}
 */
export function formatMetrics(values: MetricValues, options: EmfOptions): string {
  const definitions: { Name: string; Unit: string }[] = [];
  const metricFields: Record<string, number> = {};
  const invalid: string[] = [];
  for (const key of Object.keys(SluiceMetric) as SluiceMetricKey[]) {
    const value = values[key];
    if (value === undefined) continue;
    if (!Number.isFinite(value)) {
      invalid.push(key);
      continue;
    }
    const { name, unit } = SluiceMetric[key];
    definitions.push({ Name: name, Unit: unit });
    metricFields[name] = value;
  }
  const properties: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(options.properties ?? {})) {
    if (!reservedKeys.has(key)) properties[key] = value;
  }
  if (invalid.length > 0) properties.invalidMetrics = invalid.join(',');
  return JSON.stringify({
    _aws: {
      Timestamp: options.timestamp,
      CloudWatchMetrics: [
        { Namespace: METRICS_NAMESPACE, Dimensions: [[METRICS_DIMENSION]], Metrics: definitions },
      ],
    },
    ...properties,
    [METRICS_DIMENSION]: options.functionName,
    ...metricFields,
  });
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

/** Emits metric lines; build one per invocation (or container) and call `emit` once per batch. */
export interface Metrics {
  emit(values: MetricValues, properties?: MetricProperties): void;
}

export interface MetricsOptions {
  readonly functionName: string;
  /** Where lines go; default stdout, where Lambda's log agent extracts EMF. */
  readonly write?: (line: string) => void;
  readonly now?: () => number;
}

/**
 * A `Metrics` that writes EMF lines. Writes to `process.stdout` directly (not `console.log`, whose Lambda
 * prefix would hide the JSON from CloudWatch's EMF extraction).
 *
 * @example
 * const metrics = createMetrics({ functionName: context.functionName });
 * metrics.emit({ ...batchMetrics(read.counts), indexed: 120 });
 */
export function createMetrics(options: MetricsOptions): Metrics {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? Date.now;
  return {
    emit(values, properties) {
      write(formatMetrics(values, { functionName: options.functionName, timestamp: now(), properties }));
    },
  };
}
