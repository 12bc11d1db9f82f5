import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { lambdaInvoker } from '../../../../shared/adapters/lambda/invoke-async';
import { loadConfig } from '../../../../shared/config';
import { TransientSinkError } from '../../../../shared/errors';

/** The Lambda Invoke API on loopback: answers like Lambda (202 for an `Event` invocation) and records what came. */
class LambdaApiDouble {
  readonly received: { path: string; invocationType: unknown; authorization: unknown; body: unknown }[] = [];
  status = 202;
  readonly #server: Server;

  private constructor() {
    this.#server = createServer((request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.received.push({
          path: request.url ?? '',
          invocationType: request.headers['x-amz-invocation-type'],
          authorization: request.headers.authorization,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'),
        });
        if (this.status === 202) {
          response.writeHead(202, { 'x-amzn-requestid': 'double' }).end();
          return;
        }
        response
          .writeHead(this.status, {
            'content-type': 'application/json',
            'x-amzn-errortype': 'TooManyRequestsException',
          })
          .end(JSON.stringify({ Type: 'User', message: 'Rate Exceeded.' }));
      });
    });
  }

  static async start(): Promise<LambdaApiDouble> {
    const double = new LambdaApiDouble();
    await new Promise<void>((resolve) => double.#server.listen(0, '127.0.0.1', resolve));
    return double;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

describe('lambdaInvoker against the Lambda Invoke API', () => {
  let api: LambdaApiDouble;
  const config = loadConfig({
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDTEST',
    AWS_SECRET_ACCESS_KEY: 'secret',
  });
  before(async () => {
    api = await LambdaApiDouble.start();
  });
  after(() => api.close());

  test('an asynchronous (Event) invocation of the named function with the JSON event, signed', async () => {
    const invoke = lambdaInvoker(config, { endpoint: api.url });
    await invoke('sluice-prod-rehydrate', { since: '2026-11-22T10:00:00.000Z', continuation: 3 });
    const [call] = api.received;
    assert.equal(call?.path, '/2015-03-31/functions/sluice-prod-rehydrate/invocations');
    assert.equal(call?.invocationType, 'Event');
    assert.match(
      String(call?.authorization),
      /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d+\/eu-west-1\/lambda\//,
    );
    assert.deepEqual(call?.body, { since: '2026-11-22T10:00:00.000Z', continuation: 3 });
  });

  test('a refused invocation is a transient error naming the function', async () => {
    api.status = 429;
    const invoke = lambdaInvoker(config, { endpoint: api.url });
    await assert.rejects(
      invoke('sluice-prod-rehydrate', {}),
      (error: unknown) =>
        error instanceof TransientSinkError && /Invoke of sluice-prod-rehydrate failed/.test(error.message),
    );
  });
});
