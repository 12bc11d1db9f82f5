import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { SluiceConfig } from '../../config';

/**
 * The DynamoDB client for `config`: AWS, or the endpoint `AWS_ENDPOINT_URL_DYNAMODB` names
 * (DynamoDB Local). Credentials: those given, else the configuration's, else the usual AWS chain.
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
    // A few quick retries (the SDK's standard backoff), then the batch fails and the event source
    // mapping retries it; a hung connection gives up long before the Lambda's own timeout.
    maxAttempts: 3,
    // requestTimeout only logs a warning unless throwOnRequestTimeout is set.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000, throwOnRequestTimeout: true },
    ...((credentials ?? config.credentials) ? { credentials: credentials ?? config.credentials } : {}),
    ...(endpoint === undefined ? {} : { endpoint }),
  });
}
