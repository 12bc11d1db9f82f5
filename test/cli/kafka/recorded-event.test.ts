// Must show: a recorded event file written by `sluice record`'s conversion replays with
// `sluice replay` and with `serverless invoke local`. No broker runs here, so the kafkajs batches are
// built in memory in the shape kafkajs hands them to eachBatch, and go through the same
// RecordCollector -> writeRecordedEvent path `sluice record` uses.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { ReplayTotals } from '../../../cli/commands/replay';
import type { KafkaBatchLike, KafkaMessageLike } from '../../../cli/kafka/convert';
import { RecordCollector } from '../../../cli/kafka/record-collector';
import { writeRecordedEvent } from '../../../cli/kafka/recorded-file';
import { defaultPathnames, simulateMicroservice } from '../../../cli/sim/microservice';
import { freshBucket, freshTable, testS3Client, testStackEnv } from '../../helpers/local-stack';

const root = join(__dirname, '..', '..', '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * What kafkajs would fetch from a topic `logs` with three partitions: the simulated service's JSON
 * logs keyed by pathname (so one partition per source file), with headers, plus a tombstone and a
 * binary value on the third partition.
 */
function fetchedBatches(): { batches: KafkaBatchLike[]; logs: number } {
  const next = simulateMicroservice({ seed: 11, errorShare: 0.6 });
  // All inside one 10 s window, so the error-burst rule (more than 25 errors) trips.
  const start = Math.floor(Date.now() / 10_000) * 10_000 - 20_000 + 1_000;
  const partitions: KafkaMessageLike[][] = [[], [], []];
  const logs = 160;
  for (let i = 0; i < logs; i += 1) {
    const time = start + i * 10;
    const log = next(time);
    const partition = defaultPathnames.indexOf(log.pathname as (typeof defaultPathnames)[number]);
    const messages = partitions[partition] as KafkaMessageLike[];
    messages.push({
      offset: String(1_000 + messages.length),
      timestamp: String(time),
      key: Buffer.from(log.pathname),
      value: Buffer.from(log.value),
      headers: {
        traceparent: `00-${i.toString(16).padStart(32, '0')}-00f067aa0ba902b7-01`,
        'x-raw': Buffer.from([0xff, 0x00, 0x80, i & 0xff]),
      },
    });
  }
  partitions[2] = [
    { offset: '7', timestamp: String(start), key: Buffer.from('gone'), value: null, headers: {} },
    {
      offset: '8',
      timestamp: String(start),
      key: null,
      value: Buffer.from([0x00, 0x01, 0x02, 0xff]),
      headers: {},
    },
  ];
  return {
    batches: partitions.map((messages, partition) => ({ topic: 'logs', partition, messages })),
    logs,
  };
}

describe('a recorded event file from kafkajs messages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-recorded-'));
  const file = join(dir, 'recorded.json');
  let logs = 0;

  before(() => {
    const fetched = fetchedBatches();
    logs = fetched.logs;
    const ranges = fetched.batches.map((batch) => ({
      partition: batch.partition,
      low: batch.messages[0]?.offset ?? '0',
      high: String(Number(batch.messages[batch.messages.length - 1]?.offset ?? -1) + 1),
    }));
    const collector = new RecordCollector('logs', ranges, 10_000);
    // Fetched out of order, in two pieces for partition 0, as fetches come.
    const [p0, p1, p2] = fetched.batches as [KafkaBatchLike, KafkaBatchLike, KafkaBatchLike];
    collector.add(p2);
    collector.add({ ...p0, messages: p0.messages.slice(0, 10) });
    collector.add(p1);
    collector.add({ ...p0, messages: p0.messages.slice(10) });
    assert.equal(collector.done, true);
    writeRecordedEvent(file, collector.event({ bootstrapServers: 'localhost:9092' }));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the file is the event Lambda would receive', () => {
    const event = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(event.eventSource, 'aws:kafka');
    assert.deepEqual(Object.keys(event.records), ['logs-0', 'logs-1', 'logs-2']);
    const first = event.records['logs-0'][0];
    assert.equal(first.offset, 1000);
    assert.deepEqual(
      first.headers[1]['x-raw'].slice(0, 3),
      [-1, 0, -128],
      'signed bytes, as Lambda sends them',
    );
  });

  test('sluice replay --json runs it through index, archive and detect', async () => {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...(await testStackEnv()),
      SLUICE_BUCKET: await freshBucket('recorded'),
      SLUICE_TABLE: await freshTable('recorded'),
    };
    const replay = await run(
      process.execPath,
      [join(root, 'bin', 'sluice.js'), 'replay', file, '--json', '--data-dir', join(dir, 'data')],
      root,
      env,
    );
    assert.equal(replay.code, 0, replay.stderr);
    const report = JSON.parse(replay.stdout) as ReplayTotals;
    assert.deepEqual(
      [report.records, report.accepted, report.deadLettered, report.skipped],
      [logs + 2, logs, 1, 1],
    );
    assert.equal(report.indexed, null, 'no OpenSearch configured in tests');
    assert.equal(report.archived, logs);
    assert.ok(
      report.alerts.some((alert) => alert.rule === 'error-burst' && alert.count > 25),
      JSON.stringify(report.alerts),
    );
  });

  test('serverless invoke local -f archive -p FILE runs the bundled archive function on it', {
    timeout: 240_000,
  }, async () => {
    // A service folder of its own (links to the sources), so the bundle's work folder (.esbuild)
    // cannot collide with another packaging run in this checkout.
    const service = mkdtempSync(join(tmpdir(), 'sluice-invoke-'));
    for (const name of ['package.json', 'tsconfig.json', 'functions', 'shared', 'infra', 'node_modules']) {
      symlinkSync(join(root, name), join(service, name));
    }
    copyFileSync(join(root, 'serverless.yml'), join(service, 'serverless.yml'));
    const bucket = await freshBucket('invoked');
    try {
      const invoke = await run(
        process.execPath,
        [
          join(root, 'node_modules', 'osls', 'bin', 'serverless.js'),
          'invoke',
          'local',
          '--stage',
          'local',
        ].concat(['-f', 'archive', '-p', file]),
        service,
        {
          PATH: process.env.PATH ?? '',
          HOME: service,
          ...(await testStackEnv()),
          SLUICE_BUCKET: bucket,
          SLS_TELEMETRY_DISABLED: '1',
          SLS_NOTIFICATIONS_MODE: 'off',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      );
      assert.equal(invoke.code, 0, `${invoke.stdout}\n${invoke.stderr}`);
      const done = invoke.stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((line) => line.message === 'batch done');
      assert.ok(done, `no "batch done" line in:\n${invoke.stdout}\n${invoke.stderr}`);
      assert.equal(done.function, 'archive');
      assert.deepEqual(
        [done.records, done.accepted, done.deadLettered, done.skipped, done.archived],
        [logs + 2, logs, 1, 1, logs],
      );
      const listed = await (await testS3Client()).send(new ListObjectsV2Command({ Bucket: bucket }));
      const keys = (listed.Contents ?? []).map((object) => object.Key ?? '');
      assert.ok(
        keys.some((key) => key.startsWith('archive/')),
        keys.join('\n'),
      );
      assert.ok(
        keys.some((key) => key.startsWith('dead-letter/')),
        keys.join('\n'),
      );
    } finally {
      rmSync(service, { recursive: true, force: true });
    }
  });
});
