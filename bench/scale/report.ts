import { type CostLine, totalCost } from './cost';
import { dollars, figure, markdownTable } from './format';
import { PARAMS, type ParamName, type Params, PRICE_REGION, READ_ON } from './params';
import type { RowResult, ScaleRun } from './run';
import { KAFKA_FUNCTIONS, type Load } from './types';

const loadLabel = (load: Load, mbPerSecond: number): string =>
  `${figure(mbPerSecond)} MB/s (${figure(load.recordsPerSecond)} records/s)`;

const seconds = (ms: number): string => (Number.isFinite(ms) ? `${figure(ms / 1000)} s` : 'behind');

function planningRow(result: RowResult): string[] {
  const { settings, sizing, evaluation } = result.recommended;
  const busiest = KAFKA_FUNCTIONS.map((fn) => ({ fn, u: evaluation.functions[fn].flow.utilisation })).sort(
    (a, b) => b.u - a.u,
  )[0];
  const monthly = totalCost(result.monthly);
  return [
    loadLabel(result.load, evaluation.mbPerSecond),
    `${result.load.partitions} (${sizing.partitions})`,
    `${settings.detect.batchSize} / ${settings.index.batchSize} / ${settings.archive.batchSize}`,
    `${sizing.maxPollers}`,
    `${figure(Math.max(...KAFKA_FUNCTIONS.map((fn) => evaluation.functions[fn].lagRecords)) * result.load.partitions)} (${figure(sizing.offsetLagThreshold)})`,
    `${sizing.opensearchDataNodes} × ${sizing.primaryShards}`,
    busiest ? `${busiest.fn} ${figure(busiest.u)}` : '',
    `${figure(evaluation.dynamodb.hot.unitsPerSecond)} (${figure(evaluation.dynamodb.hot.itemBytes)} B)`,
    seconds(evaluation.functions.index.flow.delayMs),
    seconds(evaluation.alertLatencyMs),
    `${dollars(monthly.usd)}${monthly.unpriced.length > 0 ? ' + OpenSearch' : ''}`,
    result.recommendedWalls.length === 0
      ? '—'
      : result.recommendedWalls.map((w) => `${w.what} ${figure(w.utilisation)}`).join('; '),
  ];
}

function defaultsRow(result: RowResult): string[] {
  const e = result.defaults;
  return [
    loadLabel(result.load, e.mbPerSecond),
    String(result.load.partitions),
    ...KAFKA_FUNCTIONS.map((fn) => figure(e.functions[fn].flow.utilisation)),
    figure(e.dynamodb.hot.unitsPerSecond),
    seconds(e.alertLatencyMs),
    result.defaultsWalls
      .filter((w) => w.utilisation > 1)
      .map((w) => w.what)
      .join('; ') || 'holds',
  ];
}

/** Cost lines as table rows: quantity, unit, dollars. */
const costRows = (lines: readonly CostLine[]): string[][] =>
  lines.map((line) => [line.item, `${figure(line.quantity)} ${line.unit}`, dollars(line.usd)]);

/** The markdown report of a `--scale` run: what was measured, the design check, the tables. */
export function describeScaleRun(run: ScaleRun): string {
  const { costs, probes, loadAverage } = run.measured;
  const out: string[] = [];
  out.push('# sluice capacity model (a model, not a measurement)');
  out.push('');
  out.push(
    `Measured in this run (machine load ${loadAverage.map((l) => l.toFixed(2)).join(', ')}): one-partition batches of ${probes.small.detect.records} and ${probes.full.detect.records} records (a full 6 MB invoke), ${figure(costs.valueBytesPerRecord)} bytes per Kafka value, ${figure(costs.eventBytesPerRecord)} bytes of event JSON per record.`,
  );
  out.push('');
  out.push(
    markdownTable(
      [
        'function',
        `CPU ms, ${probes.small.detect.records} records`,
        `CPU ms, ${probes.full.detect.records} records`,
        'fixed ms + ms/record',
        'calls per full batch',
      ],
      KAFKA_FUNCTIONS.map((fn) => [
        fn,
        figure(probes.small[fn].cpuMs),
        figure(probes.full[fn].cpuMs),
        `${figure(costs.cpu[fn].fixedMs)} + ${figure(costs.cpu[fn].perRecordMs, 3)}`,
        JSON.stringify(probes.full[fn].calls),
      ]),
    ),
  );
  out.push('');
  out.push(
    `Detect with ${figure(probes.wide.records)} records from 1,000 pathnames: ${probes.wide.windowKeys} window keys, ${probes.wide.windowWrites ?? 'n/a'} window writes (${figure(costs.groupsPerWrite)} groups per write), ${figure(probes.wide.cpuMs)} CPU ms.`,
  );
  out.push('');
  const design = run.design;
  const fits = KAFKA_FUNCTIONS.every((fn) => design.deployed.functions[fn].flow.utilisation <= 1);
  out.push(
    `## Design load: ${loadLabel(design.deployed.load, design.deployed.mbPerSecond)} on ${design.row.partitions} partitions`,
  );
  out.push('');
  out.push(
    `serverless.yml defaults ${fits ? 'hold it' : 'do NOT hold it'}: ${KAFKA_FUNCTIONS.map((fn) => `${fn} ${figure(design.deployed.functions[fn].flow.utilisation)} of a partition`).join(', ')}; alert latency ${seconds(design.deployed.alertLatencyMs)}.`,
  );
  out.push(
    design.differences.length === 0
      ? 'They are what the model recommends for it.'
      : `The model recommends otherwise: ${design.differences.join('; ')}.`,
  );
  out.push('');
  out.push('## Planning table (settings the model recommends per load)');
  out.push('');
  const shape = run.rows[0]?.load;
  if (shape) {
    out.push(
      `Every load: ${figure(shape.distinctGroups)} distinct groups, ${figure(shape.errorShare * 100)} % of records matching the rules, ${figure(shape.alertsPerMinute)} alerts a minute. "Per month" is Lambda, DynamoDB window writes and S3 PUTs at list prices; OpenSearch nodes and MSK are not in it.`,
    );
    out.push('');
  }
  out.push(
    markdownTable(
      [
        'load',
        'partitions (needed)',
        'batch size detect / index / archive',
        'max pollers',
        'OffsetLag, topic (alarm at)',
        'OpenSearch nodes × daily shards',
        'busiest partition',
        'hot item WCU/s (size)',
        'search delay',
        'alert latency',
        'per month',
        'near or past a limit',
      ],
      run.rows.map(planningRow),
    ),
  );
  out.push('');
  out.push('## serverless.yml defaults at each load (OpenSearch sized for it)');
  out.push('');
  out.push(
    markdownTable(
      [
        'load',
        'partitions',
        'index',
        'archive',
        'detect',
        'hot item WCU/s',
        'alert latency',
        'falls behind on',
      ],
      run.rows.map(defaultsRow),
    ),
  );
  out.push('');
  out.push(
    `## Cost of 1 GB of the bench's logs (3 pathnames) at the design rate, serverless.yml's defaults (list prices, ${PRICE_REGION}, read ${READ_ON})`,
  );
  out.push('');
  out.push(markdownTable(['item', 'per GB', 'cost'], costRows(run.perGigabyte.lines)));
  out.push('');
  out.push('## How the cost of 1 GB grows with records/s and distinct groups');
  out.push('');
  out.push(
    markdownTable(
      [
        'records/s',
        'partitions',
        'groups',
        'GB-s index / archive / detect',
        'invocations',
        'DynamoDB write units',
        'S3 PUTs',
        '_bulk requests',
        'Lambda + DynamoDB + S3',
      ],
      run.perGigabyte.growth.map((g) => {
        const q = (item: string) => g.perGigabyte.find((line) => line.item.startsWith(item))?.quantity ?? 0;
        const priced = g.perGigabyte.filter((line) => !line.item.startsWith('OpenSearch'));
        return [
          figure(g.recordsPerSecond),
          String(g.partitions),
          figure(g.groups),
          KAFKA_FUNCTIONS.map((fn) => figure(q(`Lambda ${fn}`))).join(' / '),
          figure(q('Lambda requests')),
          figure(q('DynamoDB')),
          figure(q('S3 PUTs')),
          figure(q('OpenSearch _bulk')),
          dollars(totalCost(priced).usd),
        ];
      }),
    ),
  );
  return out.join('\n');
}

const sourceText = (name: ParamName): string => {
  const source = PARAMS[name].source;
  if (source.kind === 'documented') return `[${source.title}](${source.url}), read ${READ_ON}`;
  if (source.kind === 'secondary')
    return `[${source.title}](${source.url}), read ${READ_ON} (${source.note})`;
  return `assumption: ${source.why}`;
};

/**
 * The parameter catalogue as a markdown table: name, value in force, unit, meaning, source.
 *
 * @example
 * describeParams(withOverrides(['slackPostMs=500'])); // '| slackPostMs | 500 | ms | ... |'
 */
export function describeParams(params: Params): string {
  return markdownTable(
    ['parameter', 'value', 'unit', 'what', 'source'],
    (Object.keys(PARAMS) as ParamName[]).map((name) => {
      const value = params[name];
      return [
        `\`${name}\``,
        value === null ? 'not found' : String(value),
        PARAMS[name].unit,
        PARAMS[name].what,
        sourceText(name),
      ];
    }),
  );
}
