// The model's per-partition throughput checked against `sluice consume` on a local Kafka, once one
// can be measured here (issue 14: librdkafka's mock cluster through Debian's kcat, `sluice consume`
// as fast as the broker). Until then `npx tsx bench/scale/check-consume.ts` says it is pending.
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
        'no local Kafka to consume from yet: it needs issue 14 (librdkafka mock cluster via kcat, sluice consume as fast as the broker)',
    };
  }
  const measured = await probe(fn, settings[fn], 1);
  const expected = expectedLocalCapacity(fn, settings, costs, params);
  return { status: 'checked', measured, expected, ratio: measured.recordsPerSecondPerPartition / expected };
}

if (require.main === module) {
  void (async () => {
    const { measureCosts } = await import('./measure-costs');
    const { readDeployedSettings } = await import('./deployed-settings');
    const { withOverrides } = await import('./overrides');
    const { costs } = await measureCosts(5);
    for (const fn of ['index', 'archive', 'detect'] as const) {
      const check = await checkConsume(undefined, fn, readDeployedSettings(), costs, withOverrides());
      process.stdout.write(
        `${fn}: ${check.status === 'pending' ? `pending: ${check.reason}` : `measured/expected ${check.ratio.toFixed(2)}`}\n`,
      );
    }
  })();
}
