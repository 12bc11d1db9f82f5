// A server that accepts a connection and never answers must not hold a function until its Lambda
// timeout: the S3 and DynamoDB clients give every request a deadline that throws (the SDK's
// `requestTimeout` alone only logs a warning; measured against a hanging fault proxy, DynamoDB then
// failed after 3 attempts x 10 s = 30 s instead of hanging for the SDK's 5-minute socket default).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDynamoClient } from '../../shared/adapters/dynamodb/client';
import { createS3Client } from '../../shared/adapters/s3/client';
import { loadConfig } from '../../shared/config';

interface HandlerConfig {
  connectionTimeout?: number;
  requestTimeout?: number;
  throwOnRequestTimeout?: boolean;
}

/** The options the client's HTTP handler was built with. */
async function handlerConfig(client: { config: { requestHandler: unknown } }): Promise<HandlerConfig> {
  const handler = client.config.requestHandler as { configProvider?: Promise<HandlerConfig> };
  assert.ok(handler.configProvider, 'a Node HTTP handler');
  return handler.configProvider;
}

test('S3 and DynamoDB requests have deadlines that fail the request, well inside the Lambda timeouts', async () => {
  const config = loadConfig({ AWS_REGION: 'us-east-1' });
  const lambdaTimeoutMs = { s3: 300_000, dynamodb: 60_000 }; // archive, detect (serverless.yml)
  for (const [name, client] of [
    ['s3', createS3Client(config)],
    ['dynamodb', createDynamoClient(config)],
  ] as const) {
    const options = await handlerConfig(client);
    assert.equal(options.throwOnRequestTimeout, true, `${name}: a timed-out request fails`);
    assert.ok((options.requestTimeout ?? 0) > 0 && (options.connectionTimeout ?? 0) > 0, name);
    const attempts = await client.config.maxAttempts();
    assert.ok(
      attempts * (options.requestTimeout ?? 0) < lambdaTimeoutMs[name] * 0.75,
      `${name}: every attempt fits`,
    );
    client.destroy();
  }
});
