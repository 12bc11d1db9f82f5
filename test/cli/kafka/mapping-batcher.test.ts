// The consume loop's batching, commit and retry logic, driven through the kafkajs eachBatch contract
// (resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale) with in-memory payloads.
// consume-mock.test.ts runs the same code under kafkajs against the mock cluster.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { KafkaMessageLike } from '../../../cli/kafka/convert';
import {
  type CommitOffsets,
  type EachBatchLike,
  MappingBatcher,
  type MappingBatcherOptions,
} from '../../../cli/kafka/mapping-batcher';
import type { RecordToSend } from '../../../cli/sim/msk-event';

const messages = (from: number, count: number, value = 'x'): KafkaMessageLike[] =>
  Array.from({ length: count }, (_, i) => ({
    offset: String(from + i),
    timestamp: String(1_763_812_800_000 + from + i),
    key: null,
    value: Buffer.from(`{"msg":"${value}${from + i}"}`),
    headers: {},
  }));

/** A consumer's view of the group: what was resolved per partition, what was committed, in order. */
class FakeConsumer {
  readonly resolved = new Map<number, string[]>();
  readonly log: string[] = [];
  heartbeats = 0;
  running = true;
  stale = false;
  onHeartbeat: (() => void) | undefined;
  onCommit: (() => void) | undefined;

  constructor(readonly topic = 'logs') {}

  /** One fetched slice of `partition`; `highWatermark` defaults to just after it (caught up). */
  payload(partition: number, batch: KafkaMessageLike[], highWatermark?: number): EachBatchLike {
    const last = Number(batch[batch.length - 1]?.offset ?? -1);
    return {
      batch: {
        topic: this.topic,
        partition,
        messages: batch,
        highWatermark: String(highWatermark ?? last + 1),
      },
      resolveOffset: (offset) => {
        const list = this.resolved.get(partition) ?? [];
        list.push(offset);
        this.resolved.set(partition, list);
      },
      heartbeat: async () => {
        this.heartbeats += 1;
        this.onHeartbeat?.();
      },
      commitOffsetsIfNecessary: async (offsets?: CommitOffsets) => {
        assert.ok(offsets, 'commits name their offsets');
        this.onCommit?.();
        const parts = offsets.topics.flatMap(({ topic, partitions }) => {
          assert.equal(topic, this.topic);
          return partitions.map((p) => `${p.partition}:${p.offset}`);
        });
        this.log.push(`commit ${parts.join(',')}`);
      },
      isRunning: () => this.running,
      isStale: () => this.stale,
    };
  }

  commits(): string[] {
    return this.log.filter((line) => line.startsWith('commit'));
  }
}

const span = (records: readonly RecordToSend[]): string =>
  [...new Set(records.map((r) => r.partition))]
    .map((p) => {
      const offsets = records.filter((r) => r.partition === p).map((r) => r.offset);
      return `${p}:${offsets[0]}-${offsets[offsets.length - 1]}`;
    })
    .join(',');

const fast: Omit<MappingBatcherOptions, 'batchSize' | 'batchWindowMs'> = {
  retryBaseMs: 1,
  retryMaxMs: 2,
  heartbeatMs: 1000,
  holdGraceMs: 20,
};

function deferred<T = void>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const settled = async (promise: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('MappingBatcher: gathering a batch like the event source mapping', () => {
  test('a partition with more on the broker hands its slice over and fetches on; its slices fill one batch', async () => {
    const consumer = new FakeConsumer();
    const delivered: string[] = [];
    const batcher = new MappingBatcher({ batchSize: 30, batchWindowMs: 60_000, ...fast }, async (records) => {
      delivered.push(span(records));
    });
    // Three small fetches of partition 0, as a broker that serves one record batch per fetch answers.
    const first = batcher.eachBatch(consumer.payload(0, messages(0, 10), 100));
    assert.equal(await settled(first), true, 'the first slice did not wait for its batch');
    assert.deepEqual(consumer.resolved.get(0), ['9'], 'resolved so that kafkajs fetches from offset 10');
    assert.deepEqual(consumer.commits(), [], 'resolved, not committed');
    await batcher.eachBatch(consumer.payload(0, messages(10, 10), 100));
    await batcher.eachBatch(consumer.payload(0, messages(20, 10), 100));
    assert.deepEqual(delivered, ['0:0-29']);
    assert.deepEqual(consumer.commits(), ['commit 0:30']);
  });

  test('a partition that reached its high watermark waits for its batch, delivered when the window passes', async () => {
    const consumer = new FakeConsumer();
    const log: string[] = [];
    const batcher = new MappingBatcher({ batchSize: 10_000, batchWindowMs: 30, ...fast }, async (records) => {
      log.push(`deliver ${span(records)}`);
    });
    const started = Date.now();
    await batcher.eachBatch(consumer.payload(0, messages(0, 3)));
    assert.ok(Date.now() - started >= 25, 'returned before the window passed');
    assert.deepEqual(log, ['deliver 0:0-2']);
    assert.deepEqual(consumer.commits(), ['commit 0:3']);
  });

  test('partitions share one batch, committed in one request once the function succeeded', async () => {
    const consumer = new FakeConsumer();
    const delivered: string[] = [];
    const batcher = new MappingBatcher({ batchSize: 30, batchWindowMs: 60_000, ...fast }, async (records) => {
      delivered.push(span(records));
    });
    await Promise.all([0, 1, 2].map((p) => batcher.eachBatch(consumer.payload(p, messages(100 * p, 10)))));
    assert.deepEqual(delivered, ['0:0-9,1:100-109,2:200-209']);
    assert.deepEqual(consumer.commits(), ['commit 0:10,1:110,2:210']);
  });

  test('a fetch larger than the batch size goes in batch-sized slices, each committed after its own delivery', async () => {
    const consumer = new FakeConsumer();
    const batcher = new MappingBatcher({ batchSize: 500, batchWindowMs: 5, ...fast }, async (records) => {
      consumer.log.push(`deliver ${span(records)}`);
    });
    await batcher.eachBatch(consumer.payload(3, messages(0, 1200)));
    assert.deepEqual(consumer.log, [
      'deliver 3:0-499',
      'commit 3:500',
      'deliver 3:500-999',
      'commit 3:1000',
      'deliver 3:1000-1199',
      'commit 3:1200',
    ]);
  });

  test('a fetch is split across batches, so that a batch holds exactly the batch size', async () => {
    const consumer = new FakeConsumer();
    const delivered: string[] = [];
    const batcher = new MappingBatcher({ batchSize: 10, batchWindowMs: 5, ...fast }, async (records) => {
      delivered.push(span(records));
    });
    await batcher.eachBatch(consumer.payload(0, messages(0, 6), 100));
    await batcher.eachBatch(consumer.payload(1, messages(0, 6)));
    assert.deepEqual(delivered, ['0:0-5,1:0-3', '1:4-5']);
    assert.deepEqual(consumer.resolved.get(1), ['3', '5']);
    assert.deepEqual(consumer.commits(), ['commit 0:6,1:4', 'commit 1:6']);
  });

  test('a batch is cut before it passes the payload size', async () => {
    const sizes: number[] = [];
    const batcher = new MappingBatcher(
      { batchSize: 10_000, batchWindowMs: 1, maxBatchBytes: 3_000, ...fast },
      async (records) => {
        sizes.push(records.length);
      },
    );
    await batcher.eachBatch(new FakeConsumer().payload(0, messages(0, 10, 'v'.repeat(700))));
    assert.ok(sizes.length > 1, `one batch of ${sizes[0]} records despite the size limit`);
    assert.equal(
      sizes.reduce((a, b) => a + b, 0),
      10,
    );
    assert.ok(sizes.every((n) => n <= 3));
  });

  test('while a batch is in flight the next one gathers, up to the batch size, then the fetch waits', async () => {
    const consumer = new FakeConsumer();
    const release = deferred();
    const delivered: string[] = [];
    const batcher = new MappingBatcher({ batchSize: 10, batchWindowMs: 60_000, ...fast }, async (records) => {
      delivered.push(span(records));
      if (delivered.length === 1) await release.promise;
    });
    const first = batcher.eachBatch(consumer.payload(0, messages(0, 10), 100));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(batcher.inFlight().length, 10);
    // The next batch gathers meanwhile...
    assert.equal(await settled(batcher.eachBatch(consumer.payload(0, messages(10, 5), 100))), true);
    // ...until it is full: that fetch waits for the batch in flight (memory stays at two batches).
    const full = batcher.eachBatch(consumer.payload(0, messages(15, 5), 100));
    assert.equal(await settled(full), false);
    release.resolve();
    await Promise.all([first, full]);
    assert.deepEqual(delivered, ['0:0-9', '0:10-19']);
    assert.deepEqual(consumer.commits(), ['commit 0:10', 'commit 0:20']);
  });

  test('a window passed while every partition was still fetching: the next slice delivers the batch', async () => {
    const consumer = new FakeConsumer();
    const delivered: string[] = [];
    const batcher = new MappingBatcher(
      { batchSize: 1000, batchWindowMs: 5, ...fast, holdGraceMs: 60_000 },
      async (records) => {
        delivered.push(span(records));
      },
    );
    await batcher.eachBatch(consumer.payload(0, messages(0, 5), 100));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(delivered, [], 'not delivered while no fetch holds it');
    await batcher.eachBatch(consumer.payload(0, messages(5, 5), 100));
    assert.deepEqual(delivered, ['0:0-9']);
    assert.deepEqual(consumer.commits(), ['commit 0:10']);
  });

  test('a window passed and no slice came: the batch is delivered after the grace', async () => {
    const consumer = new FakeConsumer();
    const delivered = deferred<string>();
    const batcher = new MappingBatcher({ batchSize: 1000, batchWindowMs: 5, ...fast }, async (records) => {
      delivered.resolve(span(records));
    });
    await batcher.eachBatch(consumer.payload(0, messages(0, 5), 100));
    assert.equal(await delivered.promise, '0:0-4');
    await batcher.idle();
    assert.deepEqual(consumer.commits(), ['commit 0:5']);
  });
});

describe('MappingBatcher: commit only after the function succeeded', () => {
  test('a failing batch is retried whole and committed only after the try that succeeded', async () => {
    const consumer = new FakeConsumer();
    let calls = 0;
    const batcher = new MappingBatcher({ batchSize: 100, batchWindowMs: 1, ...fast }, async (records) => {
      calls += 1;
      const ok = calls === 3;
      consumer.log.push(`deliver ${span(records)} ${ok ? 'ok' : 'failed'}`);
      if (!ok) throw new Error('S3 503 Slow Down');
    });
    await batcher.eachBatch(consumer.payload(0, messages(40, 5)));
    assert.deepEqual(consumer.log, [
      'deliver 0:40-44 failed',
      'deliver 0:40-44 failed',
      'deliver 0:40-44 ok',
      'commit 0:45',
    ]);
    assert.equal(batcher.retries, 2);
  });

  test('stopping while a batch keeps failing: nothing is committed, and the fetch returns', async () => {
    const consumer = new FakeConsumer();
    let failures = 0;
    const failedThrice = deferred();
    const batcher = new MappingBatcher({ batchSize: 100, batchWindowMs: 1, ...fast }, async () => {
      failures += 1;
      if (failures === 3) failedThrice.resolve();
      throw new Error('DynamoDB unreachable');
    });
    const running = batcher.eachBatch(consumer.payload(0, messages(0, 5)));
    await failedThrice.promise;
    batcher.stop();
    await running;
    assert.deepEqual(consumer.commits(), []);
    assert.equal(batcher.inFlight().length, 0);
  });

  test('stopping lets the delivery in flight finish and commit; records still gathering are dropped', async () => {
    const consumer = new FakeConsumer();
    const release = deferred();
    const started = deferred();
    const batcher = new MappingBatcher({ batchSize: 5, batchWindowMs: 60_000, ...fast }, async (records) => {
      consumer.log.push(`deliver ${span(records)}`);
      started.resolve();
      await release.promise;
    });
    const first = batcher.eachBatch(consumer.payload(0, messages(0, 5)));
    await started.promise;
    const second = batcher.eachBatch(consumer.payload(1, messages(0, 2)));
    assert.equal(batcher.inFlight().length, 5);
    batcher.stop();
    release.resolve();
    await Promise.all([first, second]);
    assert.deepEqual(consumer.log, ['deliver 0:0-4', 'commit 0:5']);
  });

  test('a consumer that is no longer running, or whose partition is being sought, gathers nothing', async () => {
    const consumer = new FakeConsumer();
    const delivered: string[] = [];
    const batcher = new MappingBatcher({ batchSize: 100, batchWindowMs: 1, ...fast }, async (records) => {
      delivered.push(span(records));
    });
    consumer.running = false;
    await batcher.eachBatch(consumer.payload(0, messages(0, 3)));
    consumer.running = true;
    consumer.stale = true;
    await batcher.eachBatch(consumer.payload(0, messages(0, 3)));
    assert.deepEqual(delivered, []);
    assert.equal(consumer.resolved.size, 0);
  });
});

describe('MappingBatcher: rebalances and heartbeats', () => {
  const rebalancing = () =>
    Object.assign(new Error('The group is rebalancing'), { type: 'REBALANCE_IN_PROGRESS' });

  test('a partition waiting for a slow function keeps heartbeating; other heartbeat errors do not fail it', async () => {
    const consumer = new FakeConsumer();
    const twoBeats = deferred();
    consumer.onHeartbeat = () => {
      if (consumer.heartbeats === 1) throw new Error('Request timed out');
      if (consumer.heartbeats >= 2) twoBeats.resolve();
    };
    const heartbeatErrors: unknown[] = [];
    const batcher = new MappingBatcher(
      {
        batchSize: 100,
        batchWindowMs: 1,
        ...fast,
        heartbeatMs: 1,
        onHeartbeatError: (e) => heartbeatErrors.push(e),
      },
      async (records) => {
        await twoBeats.promise; // the function finishes only once the group has heard from us twice
        consumer.log.push(`deliver ${span(records)}`);
      },
    );
    await batcher.eachBatch(consumer.payload(0, messages(0, 3)));
    assert.ok(consumer.heartbeats >= 2);
    assert.equal(heartbeatErrors.length, 1);
    assert.deepEqual(consumer.log, ['deliver 0:0-2', 'commit 0:3']);
  });

  test('a rebalance drops what was gathered (read again from the commit) and lets the waiting fetch go', async () => {
    const consumer = new FakeConsumer();
    consumer.onHeartbeat = () => {
      throw rebalancing();
    };
    const delivered: string[] = [];
    const batcher = new MappingBatcher(
      { batchSize: 100, batchWindowMs: 60_000, ...fast, heartbeatMs: 1 },
      async (records) => {
        delivered.push(span(records));
      },
    );
    await batcher.eachBatch(consumer.payload(0, messages(0, 3)));
    // Until kafkajs has rejoined, nothing new is gathered.
    await batcher.eachBatch(consumer.payload(1, messages(0, 3), 50));
    assert.equal(consumer.resolved.has(1), false);
    await batcher.rejoined();
    consumer.onHeartbeat = undefined;
    const after = new MappingBatcher({ batchSize: 1, batchWindowMs: 1, ...fast }, async () => {});
    await after.eachBatch(consumer.payload(1, messages(0, 1)));
    assert.deepEqual(delivered, []);
    assert.deepEqual(consumer.commits(), ['commit 1:1']);
  });

  test('the batch in flight when the group rebalances finishes and is committed before the fetch returns', async () => {
    const consumer = new FakeConsumer();
    const release = deferred();
    const batcher = new MappingBatcher(
      { batchSize: 3, batchWindowMs: 60_000, ...fast, heartbeatMs: 1 },
      async (records) => {
        consumer.log.push(`deliver ${span(records)}`);
        await release.promise;
      },
    );
    consumer.onHeartbeat = () => {
      release.resolve();
      throw rebalancing();
    };
    await batcher.eachBatch(consumer.payload(0, messages(0, 3), 50));
    assert.deepEqual(consumer.log, ['deliver 0:0-2', 'commit 0:3']);
  });

  test('a commit refused during a rebalance is made again once the group is rejoined', async () => {
    const consumer = new FakeConsumer();
    let refuse = true;
    consumer.onCommit = () => {
      if (refuse) throw rebalancing();
    };
    const refused: CommitOffsets[] = [];
    const delivered: string[] = [];
    const batcher = new MappingBatcher(
      { batchSize: 3, batchWindowMs: 60_000, ...fast, onCommitError: (_e, offsets) => refused.push(offsets) },
      async (records) => {
        delivered.push(span(records));
      },
    );
    await batcher.eachBatch(consumer.payload(0, messages(0, 3), 50));
    assert.equal(refused.length, 1);
    assert.deepEqual(consumer.commits(), []);
    // Until the rejoin nothing is gathered: those records would be read again anyway.
    await batcher.eachBatch(consumer.payload(0, messages(3, 3), 50));
    assert.deepEqual(delivered, ['0:0-2']);
    refuse = false;
    await batcher.rejoined();
    assert.deepEqual(consumer.commits(), ['commit 0:3']);
    await batcher.eachBatch(consumer.payload(0, messages(3, 3), 50));
    assert.deepEqual(delivered, ['0:0-2', '0:3-5']);
    assert.deepEqual(consumer.commits(), ['commit 0:3', 'commit 0:6']);
  });

  test('a commit still refused at the rejoin stays owed: it goes with the next commit, never backwards', async () => {
    const consumer = new FakeConsumer();
    let refusals = 2;
    consumer.onCommit = () => {
      if (refusals > 0) {
        refusals -= 1;
        throw rebalancing();
      }
    };
    // Another member has committed partition 1 further than this one owes; partition 0 is behind.
    const committed: CommitOffsets = {
      topics: [
        {
          topic: 'logs',
          partitions: [
            { partition: 0, offset: '-1' },
            { partition: 1, offset: '50' },
          ],
        },
      ],
    };
    const batcher = new MappingBatcher(
      { batchSize: 6, batchWindowMs: 60_000, ...fast, readCommitted: async () => committed },
      async () => {},
    );
    await Promise.all([
      batcher.eachBatch(consumer.payload(0, messages(0, 3), 50)),
      batcher.eachBatch(consumer.payload(1, messages(0, 3), 50)),
    ]);
    await batcher.rejoined(); // refused again: another rebalance
    assert.deepEqual(consumer.commits(), []);
    await batcher.rejoined();
    assert.deepEqual(consumer.commits(), ['commit 0:3'], 'partition 1 is not moved back from 50 to 3');
  });

  test('after a rejoin, records the owed commit covered are not delivered again when kafkajs re-reads them', async () => {
    const consumer = new FakeConsumer();
    let refuse = true;
    consumer.onCommit = () => {
      if (refuse) throw rebalancing();
    };
    let committed = '-1';
    const delivered: string[] = [];
    const batcher = new MappingBatcher(
      {
        batchSize: 3,
        batchWindowMs: 60_000,
        ...fast,
        readCommitted: async () => ({
          topics: [{ topic: 'logs', partitions: [{ partition: 0, offset: committed }] }],
        }),
      },
      async (records) => {
        delivered.push(span(records));
      },
    );
    await batcher.eachBatch(consumer.payload(0, messages(0, 3), 50));
    refuse = false;
    await batcher.rejoined(); // the owed commit lands...
    committed = '3';
    // ...after kafkajs had read the committed offset (0) for its first fetch.
    await batcher.eachBatch(consumer.payload(0, messages(0, 6), 50));
    assert.deepEqual(delivered, ['0:0-2', '0:3-5']);
    assert.deepEqual(consumer.commits(), ['commit 0:3', 'commit 0:6']);
  });

  test('stopping makes one more try at a commit Kafka refused', async () => {
    const consumer = new FakeConsumer();
    let refuse = true;
    consumer.onCommit = () => {
      if (refuse) {
        refuse = false;
        throw new Error('Request timed out');
      }
    };
    const batcher = new MappingBatcher({ batchSize: 3, batchWindowMs: 60_000, ...fast }, async () => {});
    await batcher.eachBatch(consumer.payload(0, messages(0, 3)));
    assert.deepEqual(consumer.commits(), []);
    await batcher.stop();
    assert.deepEqual(consumer.commits(), ['commit 0:3']);
  });

  test('records another member committed meanwhile are not delivered again, nor committed backwards', async () => {
    const consumer = new FakeConsumer();
    const delivered: string[] = [];
    let reads = 0;
    // After a rebalance the previous owner of partition 0 committed up to 6 before this batch went out.
    const committed: CommitOffsets = {
      topics: [
        {
          topic: 'logs',
          partitions: [
            { partition: 0, offset: '6' },
            { partition: 1, offset: '-1' },
          ],
        },
      ],
    };
    const batcher = new MappingBatcher(
      {
        batchSize: 20,
        batchWindowMs: 5,
        ...fast,
        readCommitted: async () => {
          reads += 1;
          return committed;
        },
      },
      async (records) => {
        delivered.push(span(records));
      },
    );
    await Promise.all([
      batcher.eachBatch(consumer.payload(0, messages(4, 4))),
      batcher.eachBatch(consumer.payload(1, messages(0, 16))),
    ]);
    assert.deepEqual(delivered, ['0:6-7,1:0-15']);
    assert.deepEqual(consumer.commits(), ['commit 0:8,1:16']);
    // Once this member has committed a partition, the partition is its own until the next rejoin.
    await batcher.eachBatch(consumer.payload(0, messages(8, 2)));
    assert.equal(reads, 1);
    assert.deepEqual(consumer.commits(), ['commit 0:8,1:16', 'commit 0:10']);
    // After a rejoin, a batch the group had wholly committed is neither delivered nor committed.
    await batcher.rejoined();
    committed.topics[0]?.partitions.splice(0, 1, { partition: 0, offset: '10' });
    await batcher.eachBatch(consumer.payload(0, messages(8, 2)));
    assert.equal(reads, 2);
    assert.deepEqual(delivered, ['0:6-7,1:0-15', '0:8-9']);
    assert.deepEqual(consumer.commits(), ['commit 0:8,1:16', 'commit 0:10']);
  });

  test('lag is what the high watermarks hold beyond the commits', async () => {
    const consumer = new FakeConsumer();
    const batcher = new MappingBatcher({ batchSize: 100, batchWindowMs: 1, ...fast }, async () => {});
    await batcher.eachBatch(consumer.payload(0, messages(0, 10), 10));
    await batcher.eachBatch(consumer.payload(1, messages(5, 5), 10));
    assert.equal(batcher.lag(), 0);
    batcher.stop();
    const later = new MappingBatcher({ batchSize: 100, batchWindowMs: 1, ...fast }, async () => {});
    later.stop();
    await later.eachBatch(consumer.payload(0, messages(0, 10), 25));
    assert.equal(later.lag(), 0, 'a stopped batcher tracks nothing');
  });
});

describe('MappingBatcher: no offset is ever skipped', () => {
  /**
   * Drives the batcher as kafkajs does: per partition, eachBatch with what the broker serves from the
   * last resolved offset (at most one fetch size, the high watermark being the partition's end).
   */
  test('under random failures and fetch sizes, every record is delivered once, in order, and the commits reach the end', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }),
        async (counts, batchSize, fetchSize, failurePattern) => {
          const consumer = new FakeConsumer();
          const delivered = new Map<number, number[]>();
          let call = 0;
          const batcher = new MappingBatcher(
            { batchSize, batchWindowMs: 1, retryBaseMs: 0, retryMaxMs: 0, heartbeatMs: 1000, holdGraceMs: 1 },
            async (records) => {
              const fail = failurePattern[call % failurePattern.length] === true && call < 40;
              call += 1;
              if (fail) throw new Error('transient');
              assert.ok(records.length <= batchSize);
              for (const record of records) {
                const list = delivered.get(record.partition) ?? [];
                delivered.set(record.partition, list);
                list.push(record.offset);
              }
            },
          );
          await Promise.all(
            counts.map(async (count, p) => {
              let next = 0;
              while (next < count) {
                const size = Math.min(fetchSize, count - next);
                await batcher.eachBatch(consumer.payload(p, messages(next, size), count));
                const last = consumer.resolved.get(p)?.at(-1);
                next = last === undefined ? 0 : Number(last) + 1;
              }
            }),
          );
          await batcher.idle();
          const committed = new Map<number, number[]>();
          for (const line of consumer.commits()) {
            for (const part of line.slice('commit '.length).split(',')) {
              const [p, offset] = part.split(':').map(Number) as [number, number];
              committed.set(p, [...(committed.get(p) ?? []), offset]);
            }
          }
          counts.forEach((count, p) => {
            const offsets = Array.from({ length: count }, (_, i) => i);
            assert.deepEqual(delivered.get(p) ?? [], offsets, `partition ${p} delivered`);
            const commits = committed.get(p) ?? [];
            assert.deepEqual(
              commits,
              [...commits].sort((a, b) => a - b),
              'commits only move forward',
            );
            assert.equal(commits[commits.length - 1] ?? 0, count);
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});
