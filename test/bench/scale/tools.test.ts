import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logPosition, renderChart } from '../../../bench/scale/chart';
import { rateSeconds, readDeployedSettings } from '../../../bench/scale/deployed-settings';
import { dollars, figure, markdownTable } from '../../../bench/scale/format';
import { withOverrides } from '../../../bench/scale/overrides';
import { defaultParams, PARAMS, type ParamName } from '../../../bench/scale/params';
import { describeParams } from '../../../bench/scale/report';
import { differencesFrom } from '../../../bench/scale/run';
import { loadOf } from '../../../bench/scale/scenarios';
import { ConfigError } from '../../../shared/errors';
import { handSettings } from './support';

test('every parameter says where it comes from: a page (title and https URL) or the reason it is assumed', () => {
  for (const [name, spec] of Object.entries(PARAMS)) {
    const source = spec.source;
    if (source.kind === 'assumption') assert.ok(source.why.length > 20, `${name} says why it is assumed`);
    else {
      assert.match(source.url, /^https:\/\//, name);
      assert.ok(source.title.length > 5, name);
    }
    if (name.endsWith('Usd') || name.includes('Usd')) {
      assert.ok(
        spec.value === null || source.kind !== 'assumption',
        `${name}: a price is read somewhere, or left unknown`,
      );
    }
  }
});

test('overrides: a file, then name=value pairs, which win; the rest keep their catalogue values', () => {
  const params = withOverrides(['dynamodbWriteMs=12', 'opensearchNodeHourUsd=0.5'], {
    dynamodbWriteMs: 9,
    slackPostMs: 500,
  });
  assert.equal(params.dynamodbWriteMs, 12);
  assert.equal(params.slackPostMs, 500);
  assert.equal(params.opensearchNodeHourUsd, 0.5);
  assert.equal(params.partitionWcu, defaultParams().partitionWcu);
});

test('overrides: an unknown name is named with the likely one; a value must be a number ≥ 0', () => {
  assert.throws(
    () => withOverrides(['dynamodbWritMs=12']),
    (error: Error) => {
      assert.ok(error instanceof ConfigError);
      assert.match(
        error.message,
        /"dynamodbWritMs" is not a model parameter; did you mean "dynamodbWriteMs"\?/,
      );
      return true;
    },
  );
  assert.throws(
    () => withOverrides(['slackPostMs=fast']),
    /slackPostMs must be a number ≥ 0 \(ms\), got "fast"/,
  );
  assert.throws(() => withOverrides(['slackPostMs']), /write it as name=value/);
  assert.throws(() => withOverrides([], [1, 2]), /expected a JSON object/);
});

test('figures for tables: separators, significant places, "behind", prices that are not known', () => {
  assert.equal(figure(1234.5), '1,235');
  assert.equal(figure(0.01234), '0.012');
  assert.equal(figure(5), '5');
  assert.equal(figure(Number.POSITIVE_INFINITY), 'behind');
  assert.equal(dollars(null), 'not priced');
  assert.equal(dollars(1234.5), '$1,234.50');
  assert.equal(dollars(0.0026), '$0.0026');
  assert.equal(markdownTable(['a', 'b'], [['1', '2']]), '| a | b |\n| --- | --- |\n| 1 | 2 |');
});

test('chart: log axes, one curve per configuration, × where detect falls behind', () => {
  assert.equal(logPosition(1, [-1, 3], 400), 100);
  assert.equal(logPosition(1e9, [-1, 3], 400), 400);
  assert.equal(logPosition(0, [-1, 3], 400), 0);
  const svg = renderChart(
    [
      { name: 'a & b', color: '#123456', points: [{ offeredMBps: 1, processedMBps: 1, alertLatencyS: 1 }] },
      {
        name: 'c',
        color: '#654321',
        points: [{ offeredMBps: 10, processedMBps: 5, alertLatencyS: Number.POSITIVE_INFINITY }],
      },
    ],
    'title',
    'subtitle',
  );
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /<title>title<\/title>/);
  assert.match(svg, /a &amp; b/);
  assert.equal((svg.match(/stroke="#654321" stroke-width="2"/g) ?? []).length, 2);
  assert.match(svg, /fill="#654321" text-anchor="middle">×</);
});

test('serverless.yml read as the model sees it: mappings, memory, pollers, the sweeper every minute', () => {
  assert.equal(rateSeconds('rate(1 minute)'), 60);
  assert.equal(rateSeconds('rate(5 minutes)'), 300);
  assert.throws(() => rateSeconds('cron(0 * * * ? *)'), /cannot read the schedule/);
  const deployed = readDeployedSettings();
  assert.equal(deployed.detect.memoryMb, 512);
  assert.equal(deployed.index.memoryMb, 1024);
  assert.equal(deployed.sweepPeriodS, 60);
  assert.equal(deployed.opensearch.replicas, 1);
});

test('differences between serverless.yml and a recommendation name the parameter', () => {
  const recommended = {
    ...handSettings,
    detect: { ...handSettings.detect, batchSize: 5000 },
    maxPollers: 17,
  };
  assert.deepEqual(differencesFrom(handSettings, recommended), [
    'detectBatchSize: serverless.yml 100, model 5000',
    'kafkaMaximumPollers: serverless.yml 3, model 17',
  ]);
  assert.deepEqual(differencesFrom(handSettings, handSettings), []);
});

test('a load row in MB/s becomes records/s through the measured bytes per value', () => {
  const shape = { distinctGroups: 100, errorShare: 0.3, alertsPerMinute: 5 };
  assert.equal(loadOf({ mbPerSecond: 50, partitions: 12 }, 500, shape).recordsPerSecond, 100_000);
  assert.equal(loadOf({ recordsPerSecond: 100, partitions: 1 }, 500, shape).recordsPerSecond, 100);
});

test('--list-params: one row per parameter, with its value and where it was read', () => {
  const table = describeParams(withOverrides(['slackPostMs=500']));
  assert.match(table, /\| `slackPostMs` \| 500 \| ms \|/);
  assert.match(table, /\| `pollerHourUsd` \| not found \|/);
  assert.equal(table.split('\n').length, Object.keys(PARAMS).length + 2);
  for (const name of Object.keys(PARAMS) as ParamName[]) assert.ok(table.includes(`\`${name}\``), name);
});
