// How `sluice produce` gets its topic: created on request, or by the broker on first use, or an error
// that says how to create it. The mock cluster (produce-mock.test.ts) covers the refusal for real.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeTopicOutcome, ensureTopic, type TopicAdmin } from '../../../cli/kafka/ensure-topic';
import { TopicCreationError } from '../../../cli/kafka/errors';

const admin = (create: () => Promise<boolean>, metadata: () => Promise<number>): TopicAdmin => ({
  createTopics: create,
  fetchTopicMetadata: async () => ({ topics: [{ partitions: Array.from({ length: await metadata() }) }] }),
});
const never = async (): Promise<number> => assert.fail('no metadata request expected');

test('a broker that creates topics: the topic gets the partitions asked for', async () => {
  const outcome = await ensureTopic(
    admin(async () => true, never),
    'logs',
    3,
    ['k:9092'],
  );
  assert.deepEqual(outcome, { kind: 'created', partitions: 3 });
  assert.equal(describeTopicOutcome('logs', 3, outcome), 'created topic logs with 3 partitions');
});

test('created by another client meanwhile: nothing to say', async () => {
  const outcome = await ensureTopic(
    admin(async () => false, never),
    'logs',
    3,
    ['k:9092'],
  );
  assert.deepEqual(outcome, { kind: 'existed' });
  assert.equal(describeTopicOutcome('logs', 3, outcome), undefined);
});

test('CreateTopics refused: the broker creates the topic on first use, with its own partition count', async () => {
  const outcome = await ensureTopic(
    admin(
      async () => {
        throw new Error('Broker 0 not found in the cached metadata');
      },
      async () => 4,
    ),
    'logs',
    3,
    ['k:9092'],
  );
  assert.deepEqual(outcome, {
    kind: 'auto-created',
    partitions: 4,
    refused: 'Broker 0 not found in the cached metadata',
  });
  assert.equal(
    describeTopicOutcome('logs', 3, outcome),
    'the broker refused to create topics (Broker 0 not found in the cached metadata); it created "logs" itself on first use, with 4 partitions (its default, not --partitions 3)',
  );
  assert.equal(
    describeTopicOutcome('logs', 4, outcome),
    'the broker refused to create topics (Broker 0 not found in the cached metadata); it created "logs" itself on first use, with 4 partitions',
  );
});

test('refused and not created on first use: the error says how to create the topic', async () => {
  const notCreated = Object.assign(new Error('This server does not host this topic-partition'), {
    type: 'UNKNOWN_TOPIC_OR_PARTITION',
  });
  const failing = admin(
    async () => {
      throw new Error('Topic authorization failed');
    },
    async () => {
      throw notCreated;
    },
  );
  const error = await ensureTopic(failing, 'logs', 3, ['kafka1:9092', 'kafka2:9092']).catch(
    (e: unknown) => e,
  );
  assert.ok(error instanceof TopicCreationError);
  assert.equal(
    error.message,
    'topic "logs" does not exist at kafka1:9092,kafka2:9092, and the broker refused to create it (Topic authorization failed) ' +
      'nor created it on first use (This server does not host this topic-partition); create it yourself, e.g. ' +
      'kafka-topics.sh --bootstrap-server kafka1:9092 --create --topic logs --partitions 3, or allow auto.create.topics.enable on the broker',
  );
  assert.equal(error.cause, notCreated);
});

test('a broker listing the topic with no partitions is not taken as created', async () => {
  const error = await ensureTopic(
    admin(
      async () => {
        throw new Error('refused');
      },
      async () => 0,
    ),
    'logs',
    3,
    ['k:9092'],
  ).catch((e: unknown) => e);
  assert.ok(error instanceof TopicCreationError);
  assert.match(error.message, /nor created it on first use \(the broker lists "logs" with no partitions\)/);
});
