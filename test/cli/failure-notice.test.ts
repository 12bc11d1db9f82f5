import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failureNotice } from '../../cli/start/failure-notice';

test('a failed batch is said at once, then at most every 10 s with how many failed meanwhile', () => {
  const said: string[] = [];
  let now = 0;
  const notice = failureNotice(
    'archive',
    (line) => said.push(line),
    10_000,
    () => now,
  );
  notice(new Error('S3 at http://127.0.0.1:1: connection refused'));
  for (now = 1000; now < 10_000; now += 1000) notice(new Error('again'));
  now = 10_000;
  notice(new Error('still down'));
  assert.deepEqual(said, [
    'sluice: archive batch failed, retrying: S3 at http://127.0.0.1:1: connection refused',
    'sluice: archive batch failed, retrying (10 failures since the last message): still down',
  ]);
});
