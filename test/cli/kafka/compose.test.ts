// No Docker engine runs here, so infra/local/compose.yml is checked for what the Kafka tools and
// docs/local-kafka.md rely on, not started.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseDocument } from 'yaml';
import { defaultBrokers, defaultTopic } from '../../../cli/kafka/client';

const root = join(__dirname, '..', '..', '..');

interface Service {
  image: string;
  ports?: string[];
  environment?: Record<string, string | number>;
  command?: string[] | string;
}

const compose = parseDocument(readFileSync(join(root, 'infra', 'local', 'compose.yml'), 'utf8')).toJS() as {
  services: Record<string, Service>;
};
const kafka = compose.services.kafka as Service;
const env = kafka.environment ?? {};

test('every published port is bound to 127.0.0.1 only', () => {
  for (const [name, service] of Object.entries(compose.services)) {
    for (const port of service.ports ?? []) assert.match(port, /^127\.0\.0\.1:\d+:\d+$/, `${name}: ${port}`);
  }
});

test('Kafka is a valid single-node KRaft broker that the tools reach by default', () => {
  assert.match(kafka.image, /^apache\/kafka:\d+\.\d+\.\d+$/);
  assert.equal(env.KAFKA_PROCESS_ROLES, 'broker,controller');
  // A KRaft cluster id is a UUID in unpadded base64url: 22 characters for 16 bytes.
  const clusterId = String(env.CLUSTER_ID);
  assert.match(clusterId, /^[A-Za-z0-9_-]{22}$/);
  assert.equal(Buffer.from(clusterId, 'base64url').length, 16);
  const listeners = String(env.KAFKA_LISTENERS).split(',');
  const names = listeners.map((listener) => listener.split('://')[0]);
  const voters = String(env.KAFKA_CONTROLLER_QUORUM_VOTERS);
  assert.equal(
    voters,
    `${env.KAFKA_NODE_ID}@kafka:${listeners
      .find((l) => l.startsWith('CONTROLLER://'))
      ?.split(':')
      .pop()}`,
  );
  assert.ok(names.includes(String(env.KAFKA_CONTROLLER_LISTENER_NAMES)));
  assert.ok(names.includes(String(env.KAFKA_INTER_BROKER_LISTENER_NAME)));
  for (const name of names)
    assert.match(String(env.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP), new RegExp(`${name}:PLAINTEXT`));
  // Clients on the host are told to come back to the published address.
  const advertised = String(env.KAFKA_ADVERTISED_LISTENERS).split(',');
  assert.ok(advertised.includes('PLAINTEXT://127.0.0.1:9092'));
  assert.ok(kafka.ports?.includes('127.0.0.1:9092:9092'));
  assert.equal(defaultBrokers[0]?.split(':')[1], '9092');
  for (const key of [
    'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR',
    'KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR',
    'KAFKA_TRANSACTION_STATE_LOG_MIN_ISR',
  ]) {
    assert.equal(env[key], 1, `${key}: one broker cannot hold more replicas`);
  }
});

test("the topic compose creates is the tools' default and serverless.yml's", () => {
  const create = compose.services['kafka-topic']?.command as string[];
  assert.ok(create.includes(`--topic=${defaultTopic}`));
  const serverless = parseDocument(readFileSync(join(root, 'serverless.yml'), 'utf8')).toJS() as {
    params: { default: { kafkaTopic: string } };
  };
  assert.equal(serverless.params.default.kafkaTopic, defaultTopic);
});

test('OpenSearch and Dashboards run without the security plugin, MinIO and DynamoDB Local on the exported ports', () => {
  assert.equal(compose.services.opensearch?.environment?.DISABLE_SECURITY_PLUGIN, 'true');
  assert.equal(compose.services.dashboards?.environment?.DISABLE_SECURITY_DASHBOARDS_PLUGIN, 'true');
  assert.ok(compose.services.opensearch?.ports?.includes('127.0.0.1:9200:9200'));
  assert.ok(compose.services.dashboards?.ports?.includes('127.0.0.1:5601:5601'));
  assert.ok(compose.services.minio?.ports?.includes('127.0.0.1:9000:9000'));
  assert.ok(compose.services.dynamodb?.ports?.includes('127.0.0.1:8000:8000'));
  // The walkthrough exports one key pair for every tool: MinIO's root user.
  assert.equal(compose.services.minio?.environment?.MINIO_ROOT_USER, 'sluicelocal');
  assert.match(
    String(compose.services.minio?.environment?.MINIO_ROOT_USER),
    /^[A-Za-z0-9]+$/,
    'DynamoDB Local refuses other key characters',
  );
});
