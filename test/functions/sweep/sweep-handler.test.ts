import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localContext } from '../../../cli/invoke/lambda-context';
import { createSweepHandler } from '../../../functions/sweep/create-handler';
import { MemoryDetectStore } from '../../../shared/adapters/dynamodb/memory-store';
import type { Alert } from '../../../shared/alerts/types';
import { loadConfig } from '../../../shared/config';

test('the sweep handler delivers the outbox; with no webhook configured it prints the alert', async () => {
  const store = new MemoryDetectStore();
  const alert: Alert = {
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
  await store.claim(key, alert, {
    realertMs: 0,
    notifyResolved: false,
    leaseUntil: 0,
    leaseId: 'claimer',
    now: 0,
    expiresAt: 0,
  });
  let printed = '';
  const lines: string[] = [];
  const handler = createSweepHandler(loadConfig({}), {
    slack: { out: { write: (chunk: string) => (printed += chunk) } },
    store,
    logSink: (line) => lines.push(line),
  });
  const report = await handler({}, localContext('sweep', 60_000));
  const metrics = lines.filter((line) => line.includes('"_aws"'));
  assert.deepEqual(report, {
    delivered: 1,
    digested: 0,
    digests: 0,
    pending: 0,
    resolved: 0,
    nextDueAt: null,
    oldestPendingAgeSeconds: 0,
  });
  assert.match(printed, /error-burst/);
  const emf = JSON.parse(metrics[0] ?? '{}') as Record<string, unknown>;
  assert.equal(emf.AlertsDelivered, 1);
  assert.equal(emf.OldestPendingAlertAgeSeconds, 0);
});

test('an alert Slack keeps refusing shows in the oldest-pending-alert metric the alarm watches', async () => {
  const store = new MemoryDetectStore();
  const windowStart = Date.now() - 120_000;
  const alert: Alert = {
    rule: 'error-burst',
    group: '/app/db.py',
    groupBy: 'pathname',
    windowStart: new Date(windowStart).toISOString(),
    windowEnd: new Date(windowStart + 10_000).toISOString(),
    count: 31,
    threshold: 25,
    samples: [],
  };
  const key = { rule: alert.rule, group: alert.group, windowStart, windowMs: 10_000 };
  await store.claim(key, alert, {
    realertMs: 0,
    notifyResolved: false,
    leaseUntil: 0,
    leaseId: 'claimer',
    now: 0,
    expiresAt: 0,
  });
  const lines: string[] = [];
  const handler = createSweepHandler(
    loadConfig({ SLACK_WEBHOOK_URL: 'https://hooks.slack.invalid/services/T0/B0/X' }),
    {
      slack: { fetch: async () => new Response('internal_error', { status: 500 }) },
      store,
      logSink: (line) => lines.push(line),
    },
  );
  const report = await handler({}, localContext('test-sweep', 60_000));
  const metrics = lines.filter((line) => line.includes('"_aws"'));
  assert.equal(report.pending, 1);
  const emf = JSON.parse(metrics[0] ?? '{}') as Record<string, unknown>;
  assert.equal(emf.function, 'sluice-local-test-sweep');
  assert.equal(emf.service, 'sluice');
  assert.equal(emf.AlertsDelivered, 0);
  assert.ok(Number(emf.OldestPendingAlertAgeSeconds) >= 120, String(emf.OldestPendingAlertAgeSeconds));
});
