import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

type Send = DynamoDBClient['send'];

/**
 * The client's `send`, with every request cancelled when `signal` aborts (an invocation that gives
 * up stops its DynamoDB requests instead of letting them run on beside the retry).
 *
 * @example
 * const store = dynamoDetectStore({ client: withAbortSignal(client, invocation.signal), table });
 */
export function withAbortSignal(
  client: Pick<DynamoDBClient, 'send'>,
  signal: AbortSignal,
): Pick<DynamoDBClient, 'send'> {
  const send = (command: Parameters<Send>[0], options?: { abortSignal?: AbortSignal }) =>
    client.send(command, { ...options, abortSignal: signal });
  return { send: send as Send };
}
