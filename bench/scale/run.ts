import { loadavg } from 'node:os';
import type { ChartSeries } from './chart';
import { type CostLine, costPerSecond, SECONDS_PER_MONTH, scaleCost, secondsPerGigabyte } from './cost';
import { measureCosts, type ProbeReport } from './measure-costs';
import { type Evaluation, evaluate } from './model';
import type { Params } from './params';
import { type Recommendation, recommend, sizeFor } from './recommend';
import {
  BENCH_GROUPS,
  DESIGN_ROW,
  LOAD_ROWS,
  type LoadRow,
  type LoadShape,
  loadOf,
  settingsBeforeIssue19,
} from './scenarios';
import { KAFKA_FUNCTIONS, type Load, type MeasuredCosts, type Settings } from './types';
import { type Wall, wallsOf } from './walls';

export interface RowResult {
  readonly row: LoadRow;
  readonly load: Load;
  readonly recommended: Recommendation;
  readonly recommendedWalls: Wall[];
  readonly monthly: CostLine[];
  /** serverless.yml's defaults at this load (OpenSearch sized for it). */
  readonly defaults: Evaluation;
  readonly defaultsWalls: Wall[];
}

export interface GrowthRow {
  readonly recordsPerSecond: number;
  readonly partitions: number;
  readonly groups: number;
  readonly perGigabyte: CostLine[];
}

/** Everything `npm run bench -- --scale` computes. */
export interface ScaleRun {
  readonly measured: {
    readonly costs: MeasuredCosts;
    readonly probes: ProbeReport;
    readonly loadAverage: number[];
  };
  readonly params: Params;
  readonly deployed: Settings;
  readonly design: {
    readonly row: LoadRow;
    readonly recommendation: Recommendation;
    readonly deployed: Evaluation;
    readonly differences: string[];
  };
  readonly rows: RowResult[];
  readonly perGigabyte: { readonly lines: CostLine[]; readonly growth: GrowthRow[] };
  readonly chart: ChartSeries[];
}

/** A deployment's settings with OpenSearch sized for the load, so that only sluice's own limits show. */
function sizedForLoad(load: Load, settings: Settings, costs: MeasuredCosts, params: Params): Settings {
  const sizing = sizeFor(evaluate(load, settings, costs, params), settings.opensearch.replicas, params);
  return { ...settings, opensearch: { ...settings.opensearch, dataNodes: sizing.opensearchDataNodes } };
}

/** Which of serverless.yml's defaults differ from what the model recommends at the design load. */
export function differencesFrom(deployed: Settings, recommended: Settings): string[] {
  const differences: string[] = [];
  for (const fn of KAFKA_FUNCTIONS) {
    if (deployed[fn].batchSize !== recommended[fn].batchSize) {
      differences.push(
        `${fn}BatchSize: serverless.yml ${deployed[fn].batchSize}, model ${recommended[fn].batchSize}`,
      );
    }
  }
  if (deployed.offsetLagThreshold !== recommended.offsetLagThreshold) {
    differences.push(
      `offsetLagThreshold: serverless.yml ${deployed.offsetLagThreshold}, model ${recommended.offsetLagThreshold}`,
    );
  }
  if (deployed.maxPollers !== recommended.maxPollers) {
    differences.push(
      `kafkaMaximumPollers: serverless.yml ${deployed.maxPollers}, model ${recommended.maxPollers}`,
    );
  }
  return differences;
}

const logspace = (from: number, to: number, steps: number): number[] =>
  Array.from(
    { length: steps + 1 },
    (_, i) => 10 ** (Math.log10(from) + ((Math.log10(to) - Math.log10(from)) * i) / steps),
  );

function series(
  name: string,
  color: string,
  partitions: number,
  settings: Settings,
  shape: LoadShape,
  costs: MeasuredCosts,
  params: Params,
): ChartSeries {
  const points = logspace(0.1, Math.min(1000, partitions * params.partitionMBps), 24).map((offeredMBps) => {
    const load = loadOf({ mbPerSecond: offeredMBps, partitions }, costs.valueBytesPerRecord, shape);
    const evaluation = evaluate(load, sizedForLoad(load, settings, costs, params), costs, params);
    const slowest = Math.min(...KAFKA_FUNCTIONS.map((fn) => evaluation.functions[fn].throughput));
    return {
      offeredMBps,
      processedMBps: (slowest * costs.valueBytesPerRecord) / 1e6,
      alertLatencyS: evaluation.alertLatencyMs / 1000,
    };
  });
  return { name, color, points };
}

/**
 * Measures the costs (bench stages, this run), then runs the model over the planning loads, the design
 * load, the cost per GB and the chart's curves.
 *
 * @example
 * const run = await runScaleModel(readDeployedSettings(), withOverrides(), DEFAULT_SHAPE);
 * run.design.differences; // [] when serverless.yml holds what the model recommends
 */
export async function runScaleModel(
  deployed: Settings,
  params: Params,
  shape: LoadShape,
  rounds = 7,
): Promise<ScaleRun> {
  const { costs, probes } = await measureCosts(rounds);
  const loadAverage = loadavg();
  const rows = LOAD_ROWS.map((row): RowResult => {
    const load = loadOf(row, costs.valueBytesPerRecord, shape);
    const recommended = recommend(load, deployed, costs, params);
    const defaultsSettings = sizedForLoad(load, deployed, costs, params);
    const defaults = evaluate(load, defaultsSettings, costs, params);
    return {
      row,
      load,
      recommended,
      recommendedWalls: wallsOf(recommended.evaluation, recommended.settings, params),
      monthly: scaleCost(
        costPerSecond(recommended.evaluation, recommended.settings, params),
        SECONDS_PER_MONTH,
      ),
      defaults,
      defaultsWalls: wallsOf(defaults, defaultsSettings, params),
    };
  });
  const designLoad = loadOf(DESIGN_ROW, costs.valueBytesPerRecord, shape);
  const recommendation = recommend(designLoad, deployed, costs, params);
  const deployedDesign = evaluate(
    designLoad,
    sizedForLoad(designLoad, deployed, costs, params),
    costs,
    params,
  );
  const growth: GrowthRow[] = [];
  for (const row of [
    { recordsPerSecond: 100, partitions: 1 },
    { recordsPerSecond: 1000, partitions: 1 },
    DESIGN_ROW,
  ]) {
    for (const groups of [3, 100, 1000, 10_000]) {
      const load = loadOf(row, costs.valueBytesPerRecord, { ...shape, distinctGroups: groups });
      const settings = sizedForLoad(load, deployed, costs, params);
      const evaluation = evaluate(load, settings, costs, params);
      growth.push({
        recordsPerSecond: load.recordsPerSecond,
        partitions: load.partitions,
        groups,
        perGigabyte: scaleCost(costPerSecond(evaluation, settings, params), secondsPerGigabyte(evaluation)),
      });
    }
  }
  // 1 GB of the bench's own records (its three pathnames) at the design rate, serverless.yml's defaults.
  const typicalLoad = { ...designLoad, distinctGroups: BENCH_GROUPS };
  const typicalSettings = sizedForLoad(typicalLoad, deployed, costs, params);
  const typical = evaluate(typicalLoad, typicalSettings, costs, params);
  return {
    measured: { costs, probes, loadAverage },
    params,
    deployed,
    design: {
      row: DESIGN_ROW,
      recommendation,
      deployed: deployedDesign,
      differences: differencesFrom(deployed, recommendation.settings),
    },
    rows,
    perGigabyte: {
      lines: scaleCost(costPerSecond(typical, typicalSettings, params), secondsPerGigabyte(typical)),
      growth,
    },
    chart: [
      series(
        'serverless.yml before issue 19 (detect batch 200), 12 partitions',
        '#d62728',
        12,
        settingsBeforeIssue19(deployed),
        shape,
        costs,
        params,
      ),
      series('serverless.yml defaults now, 12 partitions', '#1f77b4', 12, deployed, shape, costs, params),
      series('serverless.yml defaults now, 100 partitions', '#2ca02c', 100, deployed, shape, costs, params),
    ],
  };
}
