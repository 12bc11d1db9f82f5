import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { localContext } from '../../../cli/invoke/lambda-context';
import { detectBatch } from '../../../functions/detect/detect-batch';
import { DEFAULT_DETECT_SETTINGS } from '../../../functions/detect/types';
import { createSweepHandler } from '../../../functions/sweep/create-handler';
import { MemoryDetectStore } from '../../../shared/adapters/dynamodb/memory-store';
import { loadConfig } from '../../../shared/config';
import { loadRules } from '../../../shared/rules/load';
import { readOf } from '../../helpers/detect-drive';
import { makeEvent } from '../../shared/rules/make-event';

const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);

function rulesFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sluice-sweep-rules-')), 'rules.yml');
  writeFileSync(file, text);
  return file;
}

test('the sweep handler decides flatline rules from the rules file; the end of a replay closes what it can', async () => {
  const file = rulesFile(
    'rules:\n  - { name: silent, type: flatline, groupBy: service, window: 1m, lookback: 5m }\n',
  );
  const store = new MemoryDetectStore();
  const events = [0, 1, 2, 5, 6].map((minute, offset) =>
    makeEvent({ '@timestamp': new Date(T0 + minute * 60_000).toISOString(), service: 'orders', offset }),
  );
  const deps = {
    ruleSet: loadRules(file),
    store,
    links: () => ({}),
    settings: DEFAULT_DETECT_SETTINGS,
  };
  const slack = { kind: 'terminal' as const, post: async () => ({ ok: true as const }) };
  await detectBatch(
    readOf(events.map((event) => ({ event, dead: false, late: false }))),
    deps,
    slack,
    () => T0,
  );
  let printed = '';
  const handler = createSweepHandler(loadConfig({ SLUICE_RULES: file }), {
    slack: { out: { write: (chunk: string) => (printed += chunk) } },
    store,
    logSink: () => undefined,
    now: () => T0,
  });
  // Scheduled, one minute after the data started: the partitions may still be showing up.
  assert.equal((await handler({}, localContext('sweep', 60_000))).closing?.alerts, 0);
  // The end of a replay: windows 0 to 4 are closed (6:00 less 1m of lateness); 3 and 4 are silent,
  // one alert (realert defaults to the lookback).
  const report = await handler({ inputEnded: true }, localContext('sweep', 60_000));
  assert.deepEqual(report.closing, { windows: 5, alerts: 1, behind: 0 });
  assert.equal(report.delivered, 1);
  assert.match(printed, /orders: no logs from 10:03 to 10:04 UTC, last seen 10:02:00/);
});

test('a broken rules file stops only the closed-window step: alerts are still delivered, and it says so', async () => {
  const file = rulesFile(
    'rules:\n  - { name: r, type: ratio, groupBy: service, window: 1m, threshold: 5 }\n',
  );
  const store = new MemoryDetectStore();
  const lines: string[] = [];
  const handler = createSweepHandler(loadConfig({ SLUICE_RULES: file }), {
    slack: { out: { write: () => true } },
    store,
    logSink: (line) => lines.push(line),
  });
  const report = await handler({}, localContext('sweep', 60_000));
  assert.equal(report.closing, undefined);
  const error = lines.find((line) => line.includes('closed windows not evaluated'));
  assert.ok(error, lines.join('\n'));
  assert.match(error, /5 is not a percentage; write 5%/);
});

test('a failing evaluation of closed windows does not stop delivery: logged, tried again next sweep', async () => {
  const file = rulesFile('rules:\n  - { name: silent, type: flatline, groupBy: service, window: 1m }\n');
  const memory = new MemoryDetectStore();
  const alert = {
    rule: 'error-burst',
    group: '/app/db.py',
    groupBy: 'pathname',
    windowStart: '2024-05-01T12:00:00.000Z',
    windowEnd: '2024-05-01T12:00:10.000Z',
    count: 31,
    threshold: 25,
    samples: [],
  };
  const key = {
    rule: alert.rule,
    group: alert.group,
    windowStart: Date.parse(alert.windowStart),
    windowMs: 10_000,
  };
  await memory.claim(key, alert, {
    realertMs: 0,
    notifyResolved: false,
    leaseUntil: 0,
    leaseId: 'c',
    now: 0,
    expiresAt: 0,
  });
  const closing = memory.closing;
  const store = {
    windows: memory.windows,
    alerts: memory.alerts,
    budget: memory.budget,
    fingerprints: memory.fingerprints,
    closing: {
      advance: closing.advance.bind(closing),
      watermarks: async () => {
        throw new Error('ProvisionedThroughputExceededException');
      },
      groupsOf: closing.groupsOf.bind(closing),
      cursor: closing.cursor.bind(closing),
      moveCursor: closing.moveCursor.bind(closing),
      markCleared: closing.markCleared.bind(closing),
      cleared: closing.cleared.bind(closing),
    },
  };
  const lines: string[] = [];
  const handler = createSweepHandler(loadConfig({ SLUICE_RULES: file }), {
    slack: { out: { write: () => true } },
    store,
    logSink: (line) => lines.push(line),
  });
  const report = await handler({}, localContext('sweep', 60_000));
  assert.equal(report.delivered, 1);
  assert.equal(report.closing, undefined);
  assert.ok(
    lines.some((line) => line.includes('closed windows not evaluated this sweep')),
    lines.join('\n'),
  );
});
