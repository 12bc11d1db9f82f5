// `sluice produce` against a real Kafka wire protocol: librdkafka's mock cluster, which refuses
// kafkajs' createTopics and creates a topic (4 partitions) when a client first asks for it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { testKafkaBrokers } from '../../helpers/kafka-mock';
import { uniqueName } from '../../helpers/local-stack';
import { runSluice } from '../../helpers/sluice-process';

async function topicOffsets(brokers: string[], topic: string) {
  const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await admin.fetchTopicOffsets(topic);
  } finally {
    await admin.disconnect();
  }
}

/** `sluice produce` to `topic` on the test brokers for `seconds`. */
const produce = async (topic: string, seconds: string, ...extra: string[]) =>
  runSluice([
    'produce',
    '--brokers',
    (await testKafkaBrokers()).join(','),
    '--topic',
    topic,
    '--duration',
    seconds,
    ...extra,
  ]);

describe('sluice produce on the mock cluster', () => {
  test('createTopics refused: the broker creates the topic on first use, and every record counted is on it', async () => {
    const brokers = await testKafkaBrokers();
    const topic = uniqueName('produce');
    const run = await runSluice([
      'produce',
      ...['--brokers', brokers.join(','), '--topic', topic],
      ...['--rate', '400', '--duration', '1.5'],
    ]);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.match(
      run.stdout,
      new RegExp(
        `the broker refused to create topics \\(.+\\); it created "${topic}" itself on first use, with 4 partitions \\(its default, not --partitions 3\\)`,
      ),
    );
    const written = Number(/(\d+) records written/.exec(run.stdout)?.[1]);
    assert.ok(written >= 400, run.stdout);
    const offsets = await topicOffsets(brokers, topic);
    assert.equal(offsets.length, 4);
    assert.equal(
      offsets.reduce((sum, p) => sum + Number(p.high), 0),
      written,
    );
  });

  test('a topic that exists is used as it is, with no word about creating it', async () => {
    const brokers = await testKafkaBrokers();
    const topic = uniqueName('produce-again');
    const first = await produce(topic, '0.5');
    assert.equal(first.code, 0, first.stderr);
    const second = await produce(topic, '0.5');
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stdout, /creat/);
    const offsets = await topicOffsets(brokers, topic);
    const total = offsets.reduce((sum, p) => sum + Number(p.high), 0);
    const counts = [first, second].map((run) => Number(/(\d+) records written/.exec(run.stdout)?.[1]));
    assert.equal(total, (counts[0] ?? 0) + (counts[1] ?? 0));
  });
});
