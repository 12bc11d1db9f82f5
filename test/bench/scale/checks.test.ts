import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { checkConsume, expectedLocalCapacity } from '../../../bench/scale/check-consume';
import { checkHotItem } from '../../../bench/scale/check-dynamodb';
import { DynamoWindows } from '../../../shared/adapters/dynamodb/windows';
import { freshTable, testDynamoClient } from '../../helpers/local-stack';
import { handCosts, handParams, handSettings } from './support';

test('hot item on DynamoDB Local: 6 partitions writing one window at once, every write counted once, none refused', async () => {
  const client = await testDynamoClient();
  after(() => client.destroy());
  const windows = new DynamoWindows({ client, table: await freshTable('scale') });
  const check = await checkHotItem(windows, 6, 20, Date.UTC(2026, 11, 5));
  assert.equal(check.writes, 120);
  assert.equal(check.count, 120);
  assert.equal(check.conflicts, 0);
  assert.ok(check.medianMs > 0 && check.p99Ms >= check.medianMs);
});

test('consume check: pending without a local Kafka; with one, measured over what the model expects', async () => {
  const pending = await checkConsume(undefined, 'detect', handSettings, handCosts, handParams);
  assert.equal(pending.status, 'pending');
  // A whole core, no mapping overhead: 100 records = 1 ms of CPU + one round of writes (10 ms).
  const expected = expectedLocalCapacity('detect', handSettings, handCosts, handParams);
  assert.ok(Math.abs(expected - 100 / 0.011) < 1e-6, String(expected));
  const checked = await checkConsume(
    async (fn, _mapping, partitions) => ({ fn, partitions, recordsPerSecondPerPartition: expected / 2 }),
    'detect',
    handSettings,
    handCosts,
    handParams,
  );
  assert.equal(checked.status, 'checked');
  assert.equal(checked.status === 'checked' && checked.ratio, 0.5);
});
