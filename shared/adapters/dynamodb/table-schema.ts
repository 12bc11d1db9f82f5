import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The single sluice table. Windows and alerts live in it under string keys `pk`/`sk`; `expiresAt`
 * (epoch seconds) is the TTL attribute; the sparse `pending` index lists alerts waiting for delivery.
 * The CloudFormation resource in infra/ and the local stack both create the table from this shape.
 */
export const tableSchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  pendingIndex: { name: 'pending', partitionKey: 'pendingPk', sortKey: 'pendingSk' },
} as const;

/** CreateTable input for `tableName` (on-demand billing). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const { partitionKey, sortKey, pendingIndex } = tableSchema;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: partitionKey, AttributeType: 'S' },
      { AttributeName: sortKey, AttributeType: 'S' },
      { AttributeName: pendingIndex.partitionKey, AttributeType: 'S' },
      { AttributeName: pendingIndex.sortKey, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' },
      { AttributeName: sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: pendingIndex.name,
        KeySchema: [
          { AttributeName: pendingIndex.partitionKey, KeyType: 'HASH' },
          { AttributeName: pendingIndex.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}
