import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { logLevel } from 'kafkajs';
import { brokersOption, kafkaLogCreator, parseBrokers } from '../../../cli/kafka/client';
import { KafkaUnavailableError } from '../../../cli/kafka/errors';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'bin', 'sluice.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  killed: boolean;
}

/** Runs `sluice ...`; a run still going after `guardMs` is killed and reported as such (a hang). */
function sluice(args: string[], guardMs = 30_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    const guard = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, guardMs);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr, killed });
    });
  });
}

/** A local port that nothing listens on (bound once, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address && typeof address === 'object');
  return address.port;
}

describe('the Kafka tools fail fast when no broker answers', () => {
  const commands: Array<[string, string[]]> = [
    ['produce', ['--duration', '5']],
    ['consume', ['--duration', '5']],
    ['record', ['--out', join(root, 'test-output', 'kafka', 'never-written.json')]],
  ];
  for (const [command, args] of commands) {
    test(`sluice ${command}: one clear line, exit code 1, no hang`, async () => {
      const port = await closedPort();
      const run = await sluice([command, '--brokers', `127.0.0.1:${port}`, ...args]);
      assert.equal(run.killed, false, `sluice ${command} was still running: it hung`);
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(
        run.stderr,
        new RegExp(
          `^sluice ${command}: no Kafka broker answers at 127\\.0\\.0\\.1:${port} \\(connect ECONNREFUSED [^)]+\\); is it running\\? see infra/local/compose\\.yml\\n$`,
        ),
      );
      assert.equal(run.stdout, '');
    });
  }

  test('usage mistakes are one line with exit code 2, before any connection', async () => {
    const noOut = await sluice(['record']);
    assert.equal(noOut.code, 2);
    assert.equal(noOut.stderr, 'sluice record: --out FILE is required\n');
    const badFunction = await sluice(['consume', '--functions', 'archive,notify']);
    assert.equal(badFunction.code, 2);
    assert.match(badFunction.stderr, /--functions "notify" is not one of index, archive, detect/);
    const badBroker = await sluice(['produce', '--brokers', 'kafka:port']);
    assert.equal(badBroker.code, 2);
    assert.match(badBroker.stderr, /--brokers "kafka:port" is not host:port/);
    const badRate = await sluice(['produce', '--rate', '0']);
    assert.equal(badRate.code, 2);
    assert.match(badRate.stderr, /--rate 0 is out of range/);
  });
});

describe('broker lists and kafkajs logs', () => {
  test('--brokers: host:port list, port 9092 when left out, the compose broker by default', () => {
    assert.deepEqual(parseBrokers(undefined, 'consume'), ['localhost:9092']);
    assert.deepEqual(parseBrokers('kafka1:9093, kafka2 ,', 'consume'), ['kafka1:9093', 'kafka2:9092']);
    assert.deepEqual(parseBrokers('[::1]:9092', 'consume'), ['[::1]:9092']);
    assert.throws(() => parseBrokers(',', 'consume'), /at least one host:port/);
    assert.throws(() => parseBrokers('kafka:99999', 'consume'), /is not host:port/);
  });

  test('the brokers: --brokers, else SLUICE_KAFKA_BROKERS (sluice stack --kafka exports it), else the compose broker', () => {
    const env = { SLUICE_KAFKA_BROKERS: '127.0.0.1:41841,127.0.0.1:39235' };
    assert.deepEqual(brokersOption('kafka:9093', 'consume', env), ['kafka:9093']);
    assert.deepEqual(brokersOption(undefined, 'consume', env), ['127.0.0.1:41841', '127.0.0.1:39235']);
    assert.deepEqual(brokersOption(undefined, 'consume', {}), ['localhost:9092']);
    assert.throws(() => brokersOption(undefined, 'record', { SLUICE_KAFKA_BROKERS: ' , ' }), /at least one/);
  });

  test("kafkajs' own logging: warnings and errors as one plain line each, the rest dropped", () => {
    const lines: string[] = [];
    const log = kafkaLogCreator((line) => lines.push(line))(logLevel.INFO);
    const entry = (level: logLevel, message: string, extra: Record<string, unknown> = {}) => ({
      namespace: 'Connection',
      level,
      label: '',
      log: { timestamp: '2026-11-22T00:00:00.000Z', message, ...extra },
    });
    log(entry(logLevel.INFO, 'Starting'));
    log(entry(logLevel.DEBUG, 'Request Metadata'));
    log(entry(logLevel.WARN, 'Response Heartbeat', { error: 'The group is rebalancing' }));
    log(entry(logLevel.ERROR, 'Connection error', { error: 'Connection error' }));
    assert.deepEqual(lines, [
      'kafka warn: [Connection] Response Heartbeat: The group is rebalancing',
      'kafka error: [Connection] Connection error',
    ]);
  });

  test('the unavailable error names the brokers and the innermost reason', () => {
    const inner = new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    const outer = Object.assign(new Error('Number of retries exceeded'), { cause: inner });
    const error = new KafkaUnavailableError(['localhost:9092'], { cause: outer });
    assert.equal(
      error.message,
      'no Kafka broker answers at localhost:9092 (connect ECONNREFUSED 127.0.0.1:9092); is it running? see infra/local/compose.yml',
    );
    assert.equal(error.cause, outer);
  });
});
