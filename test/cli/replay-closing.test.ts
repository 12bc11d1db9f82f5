// `sluice replay` decides flatline and ratio rules with one sweep at the end, over the windows the
// replayed data closed; an idle partition does not hold them open, and `sluice state` lists the alerts.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ReplayTotals } from '../../cli/commands/replay';
import { type RecordToSend, toMskEvent } from '../../cli/sim/msk-event';
import { freshBucket, freshTable, testStackEnv } from '../helpers/local-stack';
import { runSluice } from '../helpers/sluice-process';

const T0 = Date.UTC(2026, 10, 22, 10, 0, 0);
const MIN = 60_000;

/** `service` logs every 10 s in minutes [from, to) on `partition`, the listed seconds (from T0) as errors. */
function records(service: string, partition: number, from: number, to: number, errors: number[] = []) {
  const out: RecordToSend[] = [];
  for (let t = from * MIN; t < to * MIN; t += 10_000) {
    const level = errors.includes(t / 1000) ? 'error' : 'info';
    out.push({
      topic: 'logs',
      partition,
      offset: t / 1000,
      timestamp: T0 + t,
      value: JSON.stringify({ '@timestamp': new Date(T0 + t).toISOString(), level, service, message: 'ok' }),
    });
  }
  return out;
}

test('replay: a silence and an error ratio alert once at the end of the replay; an idle partition does not block them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-closing-'));
  const rules = join(dir, 'rules.yml');
  writeFileSync(
    rules,
    `rules:
  - { name: silent, type: flatline, groupBy: service, window: 1m, lookback: 5m }
  - { name: errors, type: ratio, where: { level: error }, groupBy: service, window: 1m, threshold: 5%, minCount: 5 }
`,
  );
  const events = join(dir, 'events');
  mkdirSync(events);
  // orders is silent in minute 3; payments has 2 errors of 6 in minute 5; partition 2 idles after minute 1.
  const batches = [
    [...records('orders', 0, 0, 3), ...records('payments', 1, 0, 5), ...records('audit', 2, 0, 1)],
    [...records('orders', 0, 4, 12), ...records('payments', 1, 5, 12, [300, 310])],
  ];
  for (const [i, batch] of batches.entries())
    writeFileSync(join(events, `batch-${i}.json`), JSON.stringify(toMskEvent(batch)));
  const env = {
    ...(await testStackEnv()),
    SLUICE_BUCKET: await freshBucket(),
    SLUICE_TABLE: await freshTable(),
    SLUICE_RULES: rules,
  };

  const run = await runSluice(['replay', events, '--json'], env);
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as ReplayTotals;
  const expected = [
    { rule: 'silent', group: 'orders', windowStart: '2026-11-22T10:03:00.000Z', count: 0 },
    { rule: 'errors', group: 'payments', windowStart: '2026-11-22T10:05:00.000Z', count: 2 },
  ];
  // audit stopped logging at minute 1 for good: silent in minute 1, and only then (realert = lookback).
  const audit = { rule: 'silent', group: 'audit', windowStart: '2026-11-22T10:01:00.000Z', count: 0 };
  assert.deepEqual(report.alerts, [audit, ...expected]);

  const state = await runSluice(['state', '--json'], env);
  assert.equal(state.code, 0, state.stderr);
  const stored = (JSON.parse(state.stdout) as { alerts: { rule: string; status: string }[] }).alerts;
  assert.deepEqual(stored.map((alert) => alert.rule).sort(), ['errors', 'silent', 'silent']);
  assert.ok(
    stored.every((alert) => alert.status === 'sent'),
    JSON.stringify(stored),
  );

  const again = await runSluice(['replay', events], env);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /sweep: 0 closed windows decided, 0 alerts of flatline and ratio rules/);
  assert.match(again.stdout, /alerts fired 0\n$/, 'a second replay fires nothing again');
});
