import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { DynamoCheckpoints } from '../../../../shared/adapters/dynamodb/rehydrate-checkpoints';
import { DynamoWindows } from '../../../../shared/adapters/dynamodb/windows';
import { noCounts, type RunCheckpoint, RunStatus } from '../../../../shared/rehydrate/checkpoint';
import { CountMode } from '../../../../shared/rules/leaves/plan';
import { freshTable, testDynamoClient } from '../../../helpers/local-stack';

function checkpoint(runId: string, version: number, updatedAt = '2026-11-22T12:00:00.000Z'): RunCheckpoint {
  return {
    runId,
    args: {
      since: '2026-11-22T10:00:00.000Z',
      until: '2026-11-22T12:00:00.000Z',
      indexPrefix: 'logs-',
      dryRun: false,
    },
    version,
    status: RunStatus.running,
    cursor: null,
    total: { objects: 4, bytes: 4096 },
    bytesDone: 0,
    counts: noCounts,
    invocations: 1,
    failedAttempts: 0,
    startedAt: '2026-11-22T12:00:00.000Z',
    updatedAt,
  };
}

describe('DynamoCheckpoints against DynamoDB Local', () => {
  let checkpoints: DynamoCheckpoints;
  let table: string;
  before(async () => {
    table = await freshTable('checkpoints');
    checkpoints = new DynamoCheckpoints({ client: await testDynamoClient(), table });
  });

  test('a checkpoint is written once, then only by whoever read the version stored', async () => {
    const first = checkpoint('run-a', 1);
    assert.equal(await checkpoints.get('run-a'), undefined);
    assert.equal(await checkpoints.save(first, undefined), true);
    assert.equal(await checkpoints.save(first, undefined), false, 'a second start of the same run loses');
    assert.deepEqual(await checkpoints.get('run-a'), first);

    const step = { ...checkpoint('run-a', 2), cursor: 'archive/dt=2026-11-22/hour=10/x', bytesDone: 1024 };
    assert.equal(await checkpoints.save(step, 1), true);
    const late = { ...checkpoint('run-a', 2), cursor: 'archive/dt=2026-11-22/hour=09/y' };
    assert.equal(
      await checkpoints.save(late, 1),
      false,
      'an invocation that read version 1 cannot overwrite version 2',
    );
    assert.deepEqual(await checkpoints.get('run-a'), step);
  });

  test('list gives every run, most recently updated first; windows of the same table are not runs', async () => {
    const table = await freshTable('checkpoints-list');
    const client = await testDynamoClient();
    const store = new DynamoCheckpoints({ client, table });
    await store.save(checkpoint('old', 1, '2026-11-22T12:00:00.000Z'), undefined);
    await store.save(checkpoint('new', 1, '2026-11-22T13:00:00.000Z'), undefined);
    await new DynamoWindows({ client, table }).applyBatch(
      [
        {
          rule: 'burst',
          group: '/app/db.py',
          windowStart: Date.parse('2026-11-22T12:00:00Z'),
          windowMs: 10_000,
          partitions: [{ topic: 'logs', partition: 0, offsets: [1] }],
          records: 1,
          samples: [],
          services: [],
          kubernetes: undefined,
        },
      ],
      { expiresAt: () => Math.floor(Date.now() / 1000) + 86_400, mode: CountMode.live, concurrency: 1 },
    );
    assert.deepEqual(
      (await store.list()).map((run) => run.runId),
      ['new', 'old'],
    );
  });
});
