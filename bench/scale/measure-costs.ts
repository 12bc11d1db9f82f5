import { readBatch } from '../../shared/batch/read-batch';
import { parseKafkaEvent } from '../../shared/kafka/event';
import { aggregateBatch } from '../../shared/rules/aggregate';
import { defaultRules } from '../../shared/rules/parse';
import { isCountRule } from '../../shared/rules/types';
import { measureInterleaved, type Work } from '../measure';
import { type BenchStage, stages } from '../stage-registry';
import { benchDetect } from '../stages/detect';
import { type ProbeBatch, probeBatch } from './probe-batch';
import type { CpuCost, KafkaFunction, MeasuredCosts } from './types';

const readOptions = { maxRecordBytes: 1024 * 1024, maxClockSkewMs: 15 * 60_000 };
/** Records of the small probe: the detect mapping's batch size before issue 19. */
const SMALL = 200;
/** Groups of the wide probe: enough that a window's groups no longer fit one write. */
export const WIDE_GROUPS = 1000;

/** What one stage did with one probe: CPU ms (median round) and the calls of its last run. */
export interface ProbeFigures {
  readonly records: number;
  readonly cpuMs: number;
  readonly calls: Record<string, number>;
  readonly windowWrites?: number;
}

/** The probes behind {@link MeasuredCosts}, for the report. */
export interface ProbeReport {
  readonly small: Record<KafkaFunction, ProbeFigures>;
  readonly full: Record<KafkaFunction, ProbeFigures>;
  /** Detect on a full batch whose errors come from {@link WIDE_GROUPS} pathnames. */
  readonly wide: ProbeFigures & { readonly windowKeys: number };
}

/** CPU of a batch of n records as fixed + per record, through two measured sizes. */
export function fitCpu(
  small: { records: number; cpuMs: number },
  full: { records: number; cpuMs: number },
): CpuCost {
  const perRecordMs = Math.max(0, (full.cpuMs - small.cpuMs) / (full.records - small.records));
  return { fixedMs: Math.max(0, small.cpuMs - perRecordMs * small.records), perRecordMs };
}

/**
 * Runs the bench's own stages (`bench/stage-registry.ts`: what each function does with a batch, its
 * network calls counted) on one-partition batches of 200 records and of a full 6 MB invoke, and detect
 * on a full batch with 1,000 distinct groups, interleaved like `npm run bench`: the capacity model's
 * costs come from this run, never from figures written down elsewhere.
 *
 * @example
 * const { costs } = await measureCosts(7);
 * costs.cpu.detect; // { fixedMs: 0.4, perRecordMs: 0.0068 }
 */
/**
 * The three Kafka functions' stages as the model prices them. Detect runs the bundled count rules
 * only: the model takes alerts as a load parameter (`alertsPerMinute`), while the bench's detect
 * stage adds a `type: new` rule whose first delivery of every probe batch fires a dozen alerts.
 */
const modelStages: readonly BenchStage[] = stages
  .filter((stage) => stage.name === 'index' || stage.name === 'archive' || stage.name === 'detect')
  .map((stage) => (stage.name === 'detect' ? { ...stage, run: (read) => benchDetect(read) } : stage));

export async function measureCosts(rounds = 7): Promise<{ costs: MeasuredCosts; probes: ProbeReport }> {
  const small = probeBatch({ records: SMALL, groups: 3 });
  const full = probeBatch({ records: 'full', groups: 3 });
  const wide = probeBatch({ records: 'full', groups: WIDE_GROUPS });
  const last = new Map<string, { calls: Record<string, number>; windowWrites?: number }>();
  const work = (name: string, batch: ProbeBatch, stage: BenchStage): Work => ({
    name,
    run: async () => {
      const result = await stage.run(readBatch(parseKafkaEvent(batch.event), readOptions));
      last.set(name, result);
    },
  });
  const detect = modelStages.find((stage) => stage.name === 'detect');
  if (!detect) throw new Error('bench --scale: the stage registry has no detect stage');
  const works = [
    ...modelStages.flatMap((stage) => [
      work(`${stage.name}:small`, small, stage),
      work(`${stage.name}:full`, full, stage),
    ]),
    work('detect:wide', wide, detect),
  ];
  const samples = await measureInterleaved(works, rounds);
  const figures = (name: string, records: number): ProbeFigures => {
    const result = last.get(name);
    return {
      records,
      cpuMs: samples.get(name)?.cpuMs ?? 0,
      calls: result?.calls ?? {},
      ...(result?.windowWrites !== undefined ? { windowWrites: result.windowWrites } : {}),
    };
  };
  const byFunction = (size: 'small' | 'full', records: number) =>
    Object.fromEntries(
      modelStages.map((stage) => [stage.name, figures(`${stage.name}:${size}`, records)]),
    ) as Record<KafkaFunction, ProbeFigures>;
  const probes: ProbeReport = {
    small: byFunction('small', small.records),
    full: byFunction('full', full.records),
    wide: { ...figures('detect:wide', wide.records), windowKeys: windowKeysOf(wide) },
  };
  return { costs: costsFrom(probes, full), probes };
}

/** Distinct (rule, group, window) keys of a batch: what one write per key would write. */
function windowKeysOf(batch: ProbeBatch): number {
  return aggregateBatch(readBatch(parseKafkaEvent(batch.event), readOptions).accepted, defaultRules().rules)
    .length;
}

/** The model's inputs from the probes. */
export function costsFrom(
  probes: ProbeReport,
  full: { records: number; eventBytes: number; valueBytes: number },
): MeasuredCosts {
  const cpu = Object.fromEntries(
    (['index', 'archive', 'detect'] as const).map((fn) => [fn, fitCpu(probes.small[fn], probes.full[fn])]),
  ) as Record<KafkaFunction, CpuCost>;
  const fullWrites = probes.full.detect.windowWrites ?? 0;
  const wideWrites = probes.wide.windowWrites ?? probes.wide.windowKeys;
  const extraWrites = wideWrites - fullWrites;
  return {
    eventBytesPerRecord: full.eventBytes / full.records,
    valueBytesPerRecord: full.valueBytes / full.records,
    cpu,
    detectCpuPerWriteMs:
      extraWrites > 0 ? Math.max(0, (probes.wide.cpuMs - probes.full.detect.cpuMs) / extraWrites) : 0,
    groupsPerWrite: wideWrites > 0 ? Math.max(1, probes.wide.windowKeys / wideWrites) : 1,
    bulkRequestsPerRecord: (probes.full.index.calls.opensearch ?? 1) / full.records,
    // A `_bulk` line is about its log line: the documents' NDJSON is taken as the values' bytes.
    bulkBytesPerRecord: full.valueBytes / full.records,
    putsPerBatch: probes.full.archive.calls.s3 ?? 1,
    ruleWindowsMs: defaultRules()
      .rules.filter(isCountRule)
      .map((rule) => rule.windowMs),
  };
}
