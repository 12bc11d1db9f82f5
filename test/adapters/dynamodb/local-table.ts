// Temporary: a DynamoDB Local for the detect tests until test/helpers/local-stack.ts lands.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTableInput } from '../../../shared/adapters/dynamodb/table-schema';

const emulator = join(__dirname, '..', '..', '..', 'node_modules', 'amplify-dynamodb-simulator', 'emulator');
let server: Promise<{ endpoint: string; child?: ChildProcess }> | undefined;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function start(): Promise<{ endpoint: string; child?: ChildProcess }> {
  const given = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  if (given) return { endpoint: given };
  const port = await freePort();
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(emulator, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(emulator, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-port',
      String(port),
      '-disableTelemetry',
    ],
    { stdio: 'ignore' },
  );
  child.unref();
  process.once('exit', () => child.kill());
  const endpoint = `http://127.0.0.1:${port}`;
  const client = clientFor(endpoint);
  for (let i = 0; i < 100; i += 1) {
    try {
      await client.send(new CreateTableCommand(createTableInput(`probe-${randomUUID()}`)));
      return { endpoint, child };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error('DynamoDB Local did not start');
}

function clientFor(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** A fresh table on DynamoDB Local; the server is shared by the tests of this process. */
export async function localTable(): Promise<{
  client: DynamoDBClient;
  table: string;
  stop: () => Promise<void>;
}> {
  server ??= start();
  const { endpoint } = await server;
  const client = clientFor(endpoint);
  const table = `sluice-${randomUUID().slice(0, 8)}`;
  await client.send(new CreateTableCommand(createTableInput(table)));
  return {
    client,
    table,
    stop: async () => client.destroy(),
  };
}
