import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../../shared/errors';
import { renderChart } from './chart';
import { readDeployedSettings } from './deployed-settings';
import { withOverrides } from './overrides';
import { describeParams, describeScaleRun } from './report';
import { runScaleModel } from './run';
import { DEFAULT_SHAPE } from './scenarios';

export const SCALE_HELP = `
Usage: npm run bench -- --scale [options]

The capacity model: CPU ms and calls per batch measured now (the bench's stages), service latencies,
limits and prices from the cited parameters; prints the planning tables and writes the chart.

  --param NAME=VALUE     override a parameter (repeatable); --list-params shows them with sources
  --params FILE.json     overrides from a JSON object { "name": value }
  --groups N             distinct groups of the rules' groupBy (default ${DEFAULT_SHAPE.distinctGroups})
  --error-share F        share of records the count rules match (default ${DEFAULT_SHAPE.errorShare})
  --alerts-per-minute N  alerts fired a minute (default ${DEFAULT_SHAPE.alertsPerMinute})
  --chart FILE           where to write the SVG chart (default docs/img/scaling.svg; "-" for none)
  --rounds N             measurement rounds (default 7)
  --json                 one JSON line instead of the tables
  --list-params          the parameters in force, with their sources, and exit
`;

const positiveNumber = (name: string, raw: string | undefined, fallback: number): number => {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new ConfigError(`--${name} must be a number ≥ 0, got "${raw}"`);
  return value;
};

/**
 * `npm run bench -- --scale ...`: measures, runs the model, prints the tables (or JSON), writes the chart.
 *
 * @example
 * await runScaleCommand(['--scale', '--groups', '1000', '--param', 'dynamodbWriteMs=12']);
 */
export async function runScaleCommand(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      scale: { type: 'boolean' },
      param: { type: 'string', multiple: true },
      params: { type: 'string' },
      groups: { type: 'string' },
      'error-share': { type: 'string' },
      'alerts-per-minute': { type: 'string' },
      chart: { type: 'string', default: join('docs', 'img', 'scaling.svg') },
      rounds: { type: 'string' },
      json: { type: 'boolean' },
      'list-params': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(SCALE_HELP);
    return;
  }
  const file =
    values.params === undefined ? undefined : (JSON.parse(readFileSync(values.params, 'utf8')) as unknown);
  const params = withOverrides(values.param ?? [], file);
  if (values['list-params']) {
    process.stdout.write(`${describeParams(params)}\n`);
    return;
  }
  const shape = {
    distinctGroups: positiveNumber('groups', values.groups, DEFAULT_SHAPE.distinctGroups),
    errorShare: positiveNumber('error-share', values['error-share'], DEFAULT_SHAPE.errorShare),
    alertsPerMinute: positiveNumber(
      'alerts-per-minute',
      values['alerts-per-minute'],
      DEFAULT_SHAPE.alertsPerMinute,
    ),
  };
  process.stderr.write('bench --scale: measuring the stages on probe batches...\n');
  const run = await runScaleModel(
    readDeployedSettings(),
    params,
    shape,
    positiveNumber('rounds', values.rounds, 7),
  );
  if (values.chart !== '-') {
    const subtitle = `model; costs measured by npm run bench (load ${run.measured.loadAverage[0]?.toFixed(2)}), ${shape.distinctGroups} groups, ${shape.errorShare * 100} % errors, OpenSearch sized per load`;
    writeFileSync(
      values.chart,
      renderChart(run.chart, 'sluice capacity model: throughput and alert latency', subtitle),
    );
    process.stderr.write(`bench --scale: chart written to ${values.chart}\n`);
  }
  process.stdout.write(values.json ? `${JSON.stringify({ scale: run })}\n` : `${describeScaleRun(run)}\n`);
}
