import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../../../infra/local/dynamodb-table';
import { tableSchema } from '../../../shared/adapters/dynamodb/table-schema';
import { freshTable, testConfig, testDynamoClient } from '../../helpers/local-stack';

describe('DynamoDB Local in the test stack', () => {
  let dynamodb: DynamoDBClient;
  before(async () => {
    dynamodb = await testDynamoClient();
  });

  test('the stack created its table, with the pending index and TTL on expiresAt', async () => {
    const { dynamodb: table } = await testConfig();
    const described = await dynamodb.send(new DescribeTableCommand({ TableName: table.table }));
    assert.equal(described.Table?.TableStatus, 'ACTIVE');
    assert.deepEqual(
      described.Table?.KeySchema?.map((key) => key.AttributeName),
      [tableSchema.partitionKey, tableSchema.sortKey],
    );
    assert.deepEqual(
      described.Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName),
      [tableSchema.pendingIndex.name],
    );
    const ttl = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: table.table }));
    assert.equal(ttl.TimeToLiveDescription?.TimeToLiveStatus, 'ENABLED');
    assert.equal(ttl.TimeToLiveDescription?.AttributeName, 'expiresAt');
  });

  test('ensureTable is idempotent', async () => {
    const name = await freshTable('idem');
    await ensureTable(dynamodb, name);
    const ttl = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: name }));
    assert.equal(ttl.TimeToLiveDescription?.TimeToLiveStatus, 'ENABLED');
  });

  test('TransactWriteItems commits all items or none', async () => {
    const table = await freshTable('txn');
    const put = (sk: string, extra: Record<string, { S: string }> = {}) => ({
      Put: {
        TableName: table,
        Item: { pk: { S: 'window#a' }, sk: { S: sk }, expiresAt: { N: '4102444800' }, ...extra },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    await dynamodb.send(
      new TransactWriteItemsCommand({
        TransactItems: [put('1', { pendingPk: { S: 'p' }, pendingSk: { S: '1' } }), put('2')],
      }),
    );
    // The second put repeats sk 1, so its condition fails and sk 3 must not be written either.
    await assert.rejects(
      dynamodb.send(new TransactWriteItemsCommand({ TransactItems: [put('3'), put('1')] })),
      (error: unknown) => {
        assert.ok(error instanceof TransactionCanceledException);
        assert.deepEqual(
          error.CancellationReasons?.map((reason) => reason.Code),
          ['None', 'ConditionalCheckFailed'],
        );
        return true;
      },
    );
    const three = await dynamodb.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: 'window#a' }, sk: { S: '3' } } }),
    );
    assert.equal(three.Item, undefined);
    const pending = await dynamodb.send(
      new QueryCommand({
        TableName: table,
        IndexName: tableSchema.pendingIndex.name,
        KeyConditionExpression: 'pendingPk = :p',
        ExpressionAttributeValues: { ':p': { S: 'p' } },
      }),
    );
    assert.deepEqual(
      pending.Items?.map((item) => item.sk?.S),
      ['1'],
    );
  });
});
