import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RetriesExhaustedError, withRetry } from '../../cli/pipeline/retry';

const fast = { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 };

test('retries until the work succeeds', async () => {
  let calls = 0;
  const retried: number[] = [];
  const result = await withRetry(
    'archive',
    async () => {
      calls += 1;
      if (calls < 3) throw new Error('503 Slow Down');
      return 'done';
    },
    fast,
    (attempt) => retried.push(attempt),
  );
  assert.equal(result, 'done');
  assert.deepEqual(retried, [1, 2]);
});

test('gives up after the last attempt with a clear error naming what failed', async () => {
  await assert.rejects(
    withRetry('index batch', async () => Promise.reject(new Error('connection refused')), fast),
    (error: unknown) => {
      assert.ok(error instanceof RetriesExhaustedError);
      assert.equal(error.message, 'index batch failed 3 times, giving up: connection refused');
      return true;
    },
  );
});
