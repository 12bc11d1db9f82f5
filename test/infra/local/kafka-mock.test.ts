// librdkafka's mock cluster as the local stack starts it (infra/local/kafka-mock.ts): what it is
// and does not do, so that the tools and docs that rely on it notice when a kcat release changes it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { endpointAnswers } from '../../../infra/local/endpoint-answers';
import { LocalStackError } from '../../../infra/local/errors';
import { findOnPath, keepAliveTopic, startKafkaMock } from '../../../infra/local/kafka-mock';

const admin = (brokers: readonly string[]) =>
  new Kafka({ brokers: [...brokers], logLevel: logLevel.NOTHING, retry: { retries: 1 } }).admin();

describe('the Kafka mock cluster', () => {
  test('three brokers on loopback that speak Kafka, a topic of 4 partitions on first use, gone after stop', async () => {
    const kafka = await startKafkaMock({ installMissing: true });
    assert.equal(kafka.brokers.length, 3);
    for (const broker of kafka.brokers) assert.match(broker, /^127\.0\.0\.1:\d+$/);
    const client = admin(kafka.brokers);
    await client.connect();
    try {
      // kcat's own consumer asks for the keep-alive topic just after the cluster is up: it appears soon after.
      let topics = await client.listTopics();
      for (let tries = 0; topics.length === 0 && tries < 50; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        topics = await client.listTopics();
      }
      assert.deepEqual(topics, [keepAliveTopic]);
      const metadata = await client.fetchTopicMetadata({ topics: ['first-use'] });
      assert.equal(metadata.topics[0]?.partitions.length, 4);
      // What `sluice produce` works around: kafkajs' CreateTopics is refused.
      await assert.rejects(
        client.createTopics({ topics: [{ topic: 'asked-for', numPartitions: 3 }] }),
        /Broker 0 not found in the cached metadata/,
      );
    } finally {
      await client.disconnect();
    }
    await kafka.stop();
    await kafka.stop();
    for (const broker of kafka.brokers) assert.equal(await endpointAnswers(`tcp://${broker}`), false, broker);
  });

  test('without kcat it says what to install', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      assert.equal(findOnPath('kcat'), undefined);
      await assert.rejects(
        startKafkaMock(),
        (error: unknown) =>
          error instanceof LocalStackError &&
          error.message ===
            "the Kafka mock cluster is started by kcat (librdkafka's test broker), which is not installed; run: sudo apt-get install -y --no-install-recommends kcat",
      );
    } finally {
      process.env.PATH = path;
    }
  });
});
