import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import type { ReplayTotals } from '../../cli/commands/replay';
import { toMskEvent } from '../../cli/sim/msk-event';
import { freshBucket, freshTable, testStackEnv } from '../helpers/local-stack';
import { runSluice } from '../helpers/sluice-process';

const root = join(__dirname, '..', '..');
const sluice = (args: string[], env: Record<string, string> = {}) => runSluice(args, env);

/** Every line of every corpus log file as one record (its raw bytes), one MSK event per file. */
function corpusLogEvents(dir: string): { files: number; lines: number } {
  const logs = join(root, 'test', 'fixtures', 'logs');
  const skip = /(SOURCES\.txt|README\.md|\.provenance\.tsv|MANIFEST\.sha256)$/;
  const walk = (path: string): string[] =>
    statSync(path).isDirectory() ? readdirSync(path).flatMap((name) => walk(join(path, name))) : [path];
  const files = walk(logs).filter((file) => !skip.test(file));
  let lines = 0;
  const started = Date.UTC(2026, 10, 22, 12, 0, 0);
  files.forEach((file, index) => {
    const bytes = readFileSync(file);
    const values: Buffer[] = [];
    let start = 0;
    for (let i = 0; i <= bytes.length; i += 1) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        if (i > start || i < bytes.length) values.push(bytes.subarray(start, i));
        start = i + 1;
      }
    }
    lines += values.length;
    const event = toMskEvent(
      values.map((value, offset) => ({
        topic: 'corpus',
        partition: index % 3,
        offset: index * 10_000 + offset,
        timestamp: started + offset,
        value,
      })),
    );
    writeFileSync(join(dir, `${relative(logs, file).replace(/[/\\]/g, '__')}.json`), JSON.stringify(event));
  });
  return { files: files.length, lines };
}

describe('sluice replay, as a new user meets it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-replay-'));

  test('a missing file: one clear line, exit code 1, no stack trace', async () => {
    const run = await sluice(['replay', join(dir, 'nope.json')]);
    assert.equal(run.code, 1);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /nope\.json: no such file or directory/);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });

  test('a JSON file that is not an MSK event: one clear line naming the file', async () => {
    const file = join(dir, 'sqs.json');
    writeFileSync(file, JSON.stringify({ Records: [{ eventSource: 'aws:sqs', body: 'hi' }] }));
    const run = await sluice(['replay', file]);
    assert.equal(run.code, 1);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /sqs\.json: not a Kafka event: eventSource is undefined/);
  });

  test('a truncated event: one clear line that says so', async () => {
    const whole = readFileSync(
      join(root, 'test', 'events', 'msk', 'aws-lambda-go__kafka-event.json'),
      'utf8',
    );
    const file = join(dir, 'truncated.json');
    writeFileSync(file, whole.slice(0, whole.length / 2));
    const run = await sluice(['replay', file]);
    assert.equal(run.code, 1);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /truncated\.json: not valid JSON, is the file truncated\?/);
  });

  test('an unknown flag and no file at all: usage errors with exit code 2', async () => {
    const flag = await sluice(['replay', '--jsn', 'x.json']);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /sluice replay: Unknown option '--jsn'/);
    const none = await sluice(['replay']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /name at least one event file or directory/);
  });
});

describe('sluice replay over the test stack', () => {
  test('every recorded MSK sample: records = accepted + deadLettered + skipped', async () => {
    const env = {
      ...(await testStackEnv()),
      SLUICE_BUCKET: await freshBucket(),
      SLUICE_TABLE: await freshTable(),
    };
    const run = await sluice(['replay', join(root, 'test', 'events', 'msk'), '--json'], env);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as ReplayTotals;
    assert.equal(report.records, 33);
    assert.equal(report.records, report.accepted + report.deadLettered + report.skipped);
    assert.equal(report.indexed, null);
    assert.equal(report.archived, report.accepted);
    assert.ok(report.deadLettered > 0, 'the Avro and Protobuf samples are binary');
  });

  test('every corpus log line wrapped in MSK events, replayed twice: same accounting, alerts fire once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-corpus-'));
    mkdirSync(dir, { recursive: true });
    const { files, lines } = corpusLogEvents(dir);
    assert.ok(files > 100 && lines > 2500, `${files} files, ${lines} lines`);
    const env = {
      ...(await testStackEnv()),
      SLUICE_BUCKET: await freshBucket(),
      SLUICE_TABLE: await freshTable(),
    };

    const first = await sluice(['replay', dir, '--json'], env);
    assert.equal(first.code, 0, first.stderr);
    const report = JSON.parse(first.stdout) as ReplayTotals;
    assert.equal(report.records, lines);
    assert.equal(report.records, report.accepted + report.deadLettered + report.skipped);
    assert.ok(report.accepted > 2500);
    assert.ok(report.alerts.length > 0, 'the Kafka broker logs and Java traces trip the default rules');

    const second = await sluice(['replay', dir, '--json'], env);
    assert.equal(second.code, 0, second.stderr);
    const again = JSON.parse(second.stdout) as ReplayTotals;
    assert.deepEqual(
      [again.records, again.accepted, again.deadLettered, again.skipped],
      [report.records, report.accepted, report.deadLettered, report.skipped],
    );
    assert.deepEqual(again.alerts, [], 'a replayed batch fires no alert twice');
  });

  test('two replays of the same files at once: each lists only the alerts it claimed, together all of them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-corpus-'));
    corpusLogEvents(dir);
    const env = {
      ...(await testStackEnv()),
      SLUICE_BUCKET: await freshBucket(),
      SLUICE_TABLE: await freshTable(),
    };
    const runs = await Promise.all([
      sluice(['replay', dir, '--json'], env),
      sluice(['replay', dir, '--json'], env),
    ]);
    for (const run of runs) assert.equal(run.code, 0, run.stderr);
    const [a, b] = runs.map((run) => (JSON.parse(run.stdout) as ReplayTotals).alerts);
    const key = (alert: { rule: string; group: string; windowStart: string }) =>
      `${alert.rule} ${alert.group} ${alert.windowStart}`;
    const mine = new Set(a?.map(key));
    assert.deepEqual(
      b?.map(key).filter((alert) => mine.has(alert)),
      [],
      'no alert reported by both runs',
    );
    const state = await sluice(['state', '--json'], env);
    assert.equal(state.code, 0, state.stderr);
    const stored = (JSON.parse(state.stdout) as { alerts: unknown[] }).alerts;
    assert.ok(stored.length > 0);
    assert.equal(
      (a?.length ?? 0) + (b?.length ?? 0),
      stored.length,
      'every alert reported by the run that claimed it',
    );
  });
});
