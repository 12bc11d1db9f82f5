// Runs every test file under test/ with node's test runner (through tsx).
// Before that it starts ONE local stack (DynamoDB Local + the Swift S3 server, in memory; see
// infra/local/README.md) and hands it to the test processes through the standard variables
// (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_DYNAMODB, AWS_REGION, credentials, SLUICE_BUCKET,
// SLUICE_TABLE); test/helpers/local-stack.ts reads them. Next to it, librdkafka's mock cluster
// (kcat), whose brokers go to SLUICE_KAFKA_BROKERS (test/helpers/kafka-mock.ts). Both are stopped at
// the end.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : findTests('test').sort();

const say = (line) => process.stderr.write(`local stack: ${line}\n`);
const { startTestStack } = await tsImport('../test/helpers/local-stack-global.ts', import.meta.url);
const { startTestKafka } = await tsImport('../test/helpers/kafka-mock.ts', import.meta.url);
const started = Date.now();
let stack;
let kafka;
try {
  // One after the other: each may run apt-get, and two apt-gets do not share the dpkg lock.
  stack = await startTestStack(say);
  kafka = await startTestKafka(say);
} catch (error) {
  say(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  await stack?.stop();
  process.exit(1);
}
say(
  `S3 ${stack.s3.kind} ${stack.env.AWS_ENDPOINT_URL_S3}, DynamoDB ${stack.dynamodb.kind} ${stack.env.AWS_ENDPOINT_URL_DYNAMODB}, Kafka mock ${kafka.brokers.join(',')} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
);

const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  // The SDK's notice that its Node 20 support ends in 2027 would repeat in every test process.
  env: {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...process.env,
    ...stack.env,
    SLUICE_KAFKA_BROKERS: kafka.brokers.join(','),
  },
});
const code = await new Promise((resolve) =>
  child.once('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))),
);
await Promise.allSettled([stack.stop(), kafka.stop()]);
process.exit(code);
