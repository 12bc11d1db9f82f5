import type { SluiceConfig } from '../../config';
import type { DetectStore } from '../../rules/store';
import { withAbortSignal } from './abortable';
import { createDynamoClient } from './client';
import { dynamoDetectStore } from './store';

/**
 * The store of each invocation: the given one, or DynamoDB on the configured table through one client
 * per container, its requests cancelled with the invocation's signal.
 *
 * @example
 * const storeFor = storeOf(config);
 * const store = storeFor(invocation.signal);
 */
export function storeOf(config: SluiceConfig, given?: DetectStore): (signal: AbortSignal) => DetectStore {
  if (given) return () => given;
  const client = createDynamoClient(config);
  const table = config.dynamodb.table;
  return (signal) => dynamoDetectStore({ client: withAbortSignal(client, signal), table });
}
