// `npx tsx bench/scale/check-consume.ts [name=value ...]`: the model's per-partition throughput
// checked against `sluice consume` on librdkafka's mock cluster (Debian's kcat): one group, its real
// function on the embedded stack, one batch in flight as one partition's mapping has. The arguments
// set the local stack's latencies (e.g. dynamodbWriteMs=3 s3PutMs=5; docs/scaling.md lists them).
// Pending without kcat.
import { evaluate } from './model';
import type { Params } from './params';
import type { KafkaFunction, MappingSettings, MeasuredCosts, Settings } from './types';

/** What a consume run on a local broker measured for one function. */
export interface ConsumeMeasurement {
  readonly fn: KafkaFunction;
  readonly partitions: number;
  readonly recordsPerSecondPerPartition: number;
}

/** Runs `sluice consume` as fast as the broker gives records, with this mapping, on `partitions`. */
export type ConsumeProbe = (
  fn: KafkaFunction,
  mapping: MappingSettings,
  partitions: number,
) => Promise<ConsumeMeasurement>;

/**
 * What the model expects of one function on one partition on this machine: the same measured CPU,
 * a whole core (no Lambda share), no event source mapping in between, and the local stack's own
 * write latencies given as parameters.
 *
 * @example
 * expectedLocalCapacity('detect', deployed, costs, withOverrides(['dynamodbWriteMs=3', 's3PutMs=5']));
 */
export function expectedLocalCapacity(
  fn: KafkaFunction,
  settings: Settings,
  costs: MeasuredCosts,
  params: Params,
): number {
  const local: Params = { ...params, mbPerVcpu: 1, cpuSpeedFactor: 1, esmInvokeOverheadMs: 0 };
  // A load far past any capacity: the partition's capacity is what the model reports.
  const load = {
    recordsPerSecond: 1e9,
    partitions: 1,
    distinctGroups: 3,
    errorShare: 0.3,
    alertsPerMinute: 0,
  };
  return evaluate(load, settings, costs, local).functions[fn].flow.capacity;
}

/** Pending, or measured against expected (ratio = measured / expected). */
export type ConsumeCheck =
  | { readonly status: 'pending'; readonly reason: string }
  | {
      readonly status: 'checked';
      readonly measured: ConsumeMeasurement;
      readonly expected: number;
      readonly ratio: number;
    };

/**
 * The check for one function: pending without a probe, else the probe's measurement next to the
 * model's expectation.
 *
 * @example
 * await checkConsume(undefined, 'detect', settings, costs, params); // { status: 'pending', reason: ... }
 */
export async function checkConsume(
  probe: ConsumeProbe | undefined,
  fn: KafkaFunction,
  settings: Settings,
  costs: MeasuredCosts,
  params: Params,
): Promise<ConsumeCheck> {
  if (!probe) {
    return {
      status: 'pending',
      reason:
        "no local Kafka to consume from: install kcat (apt-get install -y kcat) for librdkafka's mock cluster",
    };
  }
  const measured = await probe(fn, settings[fn], 1);
  const expected = expectedLocalCapacity(fn, settings, costs, params);
  return { status: 'checked', measured, expected, ratio: measured.recordsPerSecondPerPartition / expected };
}

/**
 * The probe `sluice consume` gives: one group alone with its real function on the mock cluster, less
 * the same group's consume path with a core that does nothing (in Lambda the pollers do that part).
 * One batch is in flight at a time, so its rate is one partition's (the batches gather every
 * partition of the topic, as a partition with a backlog fills its own).
 */
async function consumeProbe(): Promise<ConsumeProbe> {
  const { probeConsume } = await import('../consume');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { DEFAULT_RULES_YAML } = await import('../../shared/rules/default-rules');
  // The bundled rules, counting as always but never firing: the model's load here has no alerts.
  const rulesFile = join(mkdtempSync(join(tmpdir(), 'sluice-check-rules-')), 'rules.yml');
  writeFileSync(rulesFile, DEFAULT_RULES_YAML.replace(/threshold: \d+/g, 'threshold: 1000000000'));
  return async (fn, mapping) => {
    const result = await probeConsume(fn, mapping.batchSize, { rulesFile });
    if (result.skipped) throw new Error(result.skipped);
    // The function's own share of each record's time: what is left after the local consume path.
    const functionSeconds = 1 / result.recordsPerSecond - 1 / result.pathRecordsPerSecond;
    process.stderr.write(
      `check: ${fn}: consume with the function ${result.recordsPerSecond} records/s, the path alone ${result.pathRecordsPerSecond} records/s\n`,
    );
    return { fn, partitions: 1, recordsPerSecondPerPartition: functionSeconds > 0 ? 1 / functionSeconds : 0 };
  };
}

if (require.main === module) {
  void (async () => {
    const { measureCosts } = await import('./measure-costs');
    const { readDeployedSettings } = await import('./deployed-settings');
    const { withOverrides } = await import('./overrides');
    const { loadavg } = await import('node:os');
    const load = loadavg()[0] ?? 0;
    const { costs } = await measureCosts(5);
    const probe = await consumeProbe();
    // The local stack's own write latencies, as the hot-item check measures them (median per write).
    const params = withOverrides(process.argv.slice(2));
    for (const fn of ['index', 'archive', 'detect'] as const) {
      const check = await checkConsume(probe, fn, readDeployedSettings(), costs, params).catch(
        (error: unknown): ConsumeCheck => ({
          status: 'pending',
          reason: error instanceof Error ? error.message : String(error),
        }),
      );
      process.stdout.write(
        check.status === 'pending'
          ? `${fn}: pending: ${check.reason}\n`
          : `${fn}: measured ${Math.round(check.measured.recordsPerSecondPerPartition)} records/s, model ${Math.round(check.expected)}: measured/expected ${check.ratio.toFixed(2)}\n`,
      );
    }
    process.stdout.write(
      `load average ${load.toFixed(2)} at the start, ${(loadavg()[0] ?? 0).toFixed(2)} at the end\n`,
    );
  })();
}
