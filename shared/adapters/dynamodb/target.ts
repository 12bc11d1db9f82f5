import { type DynamoDBClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import type { Item } from './attributes';
import { dynamoError } from './errors';

/** The client (injected: a real `DynamoDBClient`, pointed at AWS or DynamoDB Local) and the table name. */
export interface DynamoTarget {
  readonly client: Pick<DynamoDBClient, 'send'>;
  readonly table: string;
}

/** Every item of a Query (up to `limit`), page after page. */
export async function queryAll(
  target: DynamoTarget,
  input: Omit<QueryCommandInput, 'TableName'>,
  limit = Number.POSITIVE_INFINITY,
): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const request = { ...input, TableName: target.table, ExclusiveStartKey: start };
    try {
      const page = await target.client.send(new QueryCommand(request));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } catch (error) {
      throw dynamoError('Query', target.table, error);
    }
  } while (start !== undefined && items.length < limit);
  return items.slice(0, limit);
}

/** How many items a Query matches, counted page after page (`Select: COUNT`: no item is read back). */
export async function countAll(
  target: DynamoTarget,
  input: Omit<QueryCommandInput, 'TableName'>,
): Promise<number> {
  let count = 0;
  let start: Item | undefined;
  do {
    const request = { ...input, Select: 'COUNT' as const, TableName: target.table, ExclusiveStartKey: start };
    try {
      const page = await target.client.send(new QueryCommand(request));
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } catch (error) {
      throw dynamoError('Query', target.table, error);
    }
  } while (start !== undefined);
  return count;
}
