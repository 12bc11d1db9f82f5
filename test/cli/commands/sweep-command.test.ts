import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSweep } from '../../../cli/commands/sweep';
import { DEFAULT_DETECT_SETTINGS } from '../../../functions/detect/types';
import { sweep } from '../../../functions/sweep/sweep';
import { MemoryDetectStore } from '../../../shared/adapters/dynamodb/memory-store';
import type { SlackPort } from '../../../shared/alerts/slack-port';
import type { Alert } from '../../../shared/alerts/types';
import type { OutboxDeps } from '../../../shared/rules/outbox';

const T0 = Date.parse('2024-05-01T12:00:00.000Z');

test('sluice sweep delivers what waits in the outbox and prints one line (or JSON)', async () => {
  const store = new MemoryDetectStore();
  const key = { rule: 'error-burst', group: '/app/db.py', windowStart: T0, windowMs: 10_000 };
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
  await store.claim(key, alert, {
    realertMs: 0,
    notifyResolved: false,
    leaseUntil: T0,
    leaseId: 'claimer',
    now: T0,
    expiresAt: 0,
  });
  const posts: string[] = [];
  const deps: OutboxDeps = { store, links: () => ({}), settings: DEFAULT_DETECT_SETTINGS };
  const slack: SlackPort = {
    kind: 'terminal',
    post: async (message) => {
      posts.push(message.text);
      return { ok: true };
    },
  };
  let closed = false;
  let now = T0 + 60_000;
  const open = async () => ({
    sweep: () => sweep(deps, slack, () => now),
    close: async () => {
      closed = true;
    },
  });
  const output: string[] = [];
  const code = await runSweep([], { open, write: (text) => output.push(text) });
  assert.equal(code, 0);
  assert.equal(closed, true);
  assert.deepEqual(output, ['1 alert delivered, 0 resolved notices; 0 pending\n']);
  assert.equal(posts.length, 1);
  now = T0 + 120_000;
  await runSweep(['--json'], { open, write: (text) => output.push(text) });
  assert.deepEqual(JSON.parse(output[1] ?? ''), {
    delivered: 0,
    digested: 0,
    digests: 0,
    pending: 0,
    resolved: 0,
    nextDueAt: null,
    oldestPendingAgeSeconds: 0,
  });
  await assert.rejects(() => runSweep(['extra'], { open }), /unexpected argument "extra"/);
});
