import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { SluiceConfig } from '../../config';

/**
 * The DynamoDB client for `config`: AWS, or the endpoint `AWS_ENDPOINT_URL_DYNAMODB` names
 * (DynamoDB Local). Credentials come from the usual AWS chain unless given.
 *
 * @example
 * const store = dynamoDetectStore({ client: createDynamoClient(config), table: config.dynamodb.table });
 */
export function createDynamoClient(
  config: SluiceConfig,
  credentials?: DynamoDBClientConfig['credentials'],
): DynamoDBClient {
  const endpoint = config.dynamodb.endpoint;
  return new DynamoDBClient({
    region: config.region,
    ...(credentials === undefined ? {} : { credentials }),
    ...(endpoint === undefined ? {} : { endpoint }),
  });
}
