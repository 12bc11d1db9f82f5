import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  dueRecords,
  type ProducedMessage,
  ProduceLoop,
  toProducedMessages,
} from '../../../cli/kafka/produce-loop';
import { simulateMicroservice } from '../../../cli/sim/microservice';

/** A clock the test moves by hand. */
const clock = (start: number) => {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};

test('messages are keyed by pathname, so one source file keeps its order on one partition', () => {
  const next = simulateMicroservice({ seed: 7 });
  const messages = toProducedMessages([next(1_000), next(1_000), next(1_000)], 1_763_812_800_123);
  for (const message of messages) {
    const log = JSON.parse(message.value) as { pathname: string };
    assert.equal(message.key, log.pathname);
    assert.equal(message.timestamp, '1763812800123');
  }
});

test('records due at a rate', () => {
  assert.equal(dueRecords(0, 200), 0);
  assert.equal(dueRecords(1_000, 200), 200);
  assert.equal(dueRecords(2_500, 3), 7);
});

test('each tick sends what is due in one batch; a slow send is caught up on the next tick', async () => {
  const time = clock(1_000_000);
  const sent: ProducedMessage[][] = [];
  let release: (() => void) | undefined;
  let hold = false;
  const loop = new ProduceLoop(
    simulateMicroservice({ seed: 1, errorShare: 0.5 }),
    async (messages) => {
      sent.push([...messages]);
      if (hold) await new Promise<void>((resolve) => (release = resolve));
    },
    { rate: 200, tickMs: 60_000, now: time.now },
  );
  loop.start();
  time.advance(1_000);
  await loop.tick();
  assert.deepEqual(
    sent.map((batch) => batch.length),
    [200],
  );
  hold = true;
  time.advance(500);
  const slow = loop.tick();
  time.advance(500);
  assert.equal(loop.tick(), slow, 'no second send while one is in flight');
  release?.();
  await slow;
  hold = false;
  await loop.tick();
  assert.deepEqual(
    sent.map((batch) => batch.length),
    [200, 100, 100],
  );
  assert.equal(loop.produced, 400);
  const errors = sent
    .flat()
    .filter((m) => (JSON.parse(m.value) as { levelname: string }).levelname === 'ERROR');
  assert.equal(loop.errors, errors.length);
  assert.equal(await loop.stop(), undefined);
});

test('a send Kafka refuses stops the loop and is reported once', async () => {
  const time = clock(0);
  const failures: unknown[] = [];
  let sends = 0;
  const loop = new ProduceLoop(
    simulateMicroservice({ seed: 1 }),
    async () => {
      sends += 1;
      throw new Error('KafkaJSNumberOfRetriesExceeded');
    },
    { rate: 100, tickMs: 60_000, now: time.now },
    (error) => failures.push(error),
  );
  loop.start();
  time.advance(1_000);
  await loop.tick();
  time.advance(1_000);
  await loop.tick();
  assert.equal(sends, 1);
  assert.equal(loop.produced, 0);
  assert.equal(failures.length, 1);
  assert.match(String(await loop.stop()), /KafkaJSNumberOfRetriesExceeded/);
});
