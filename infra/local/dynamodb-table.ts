import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { createTableInput, tableSchema } from '../../shared/adapters/dynamodb/table-schema';

/**
 * Creates the sluice table (shape from shared/adapters/dynamodb/table-schema.ts) unless it exists,
 * waits until it is active, and turns on TTL on `expiresAt`. Idempotent.
 *
 * @example
 * await ensureTable(createDynamoClient(config), config.dynamodb.table);
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const current = ttl.TimeToLiveDescription;
  if (current?.TimeToLiveStatus === 'ENABLED' && current.AttributeName === tableSchema.ttlAttribute) return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { Enabled: true, AttributeName: tableSchema.ttlAttribute },
    }),
  );
}
