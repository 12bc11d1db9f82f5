import { connect } from 'node:net';

/**
 * True when something accepts TCP connections at the host and port of `endpoint` within `timeoutMs`.
 *
 * @example
 * if (!(await endpointAnswers(stack.dynamodb.endpoint))) console.error('DynamoDB Local is gone');
 */
export function endpointAnswers(endpoint: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const url = new URL(endpoint);
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
