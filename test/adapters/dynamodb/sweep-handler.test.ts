import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Context } from 'aws-lambda';
import { createSweepHandler } from '../../../functions/sweep/handler';
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
  await store.claim(key, alert, { realertMs: 0, notifyResolved: false, leaseUntil: 0, now: 0, expiresAt: 0 });
  let printed = '';
  const handler = createSweepHandler(loadConfig({}), {
    out: { write: (chunk: string) => (printed += chunk) },
    overrides: { store },
  });
  const report = await handler({}, { getRemainingTimeInMillis: () => 60_000 } as unknown as Context);
  assert.deepEqual(report, {
    delivered: 1,
    digested: 0,
    digests: 0,
    pending: 0,
    resolved: 0,
    nextDueAt: null,
  });
  assert.match(printed, /error-burst/);
});
