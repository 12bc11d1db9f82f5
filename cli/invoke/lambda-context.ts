import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/**
 * A Lambda-shaped context for a local invocation of a function's handler: a fresh request id, the
 * function's name (`sluice-local-<name>`), and a deadline `timeoutMs` from now, so the handler's
 * deadline logic, middy's early timeout and its abort signal behave as in Lambda.
 *
 * @example
 * await handler(event, localContext('detect', 60_000));
 */
export function localContext(name: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  const functionName = `sluice-local-${name}`;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
