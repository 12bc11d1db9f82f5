// The consume loop's batching, commit and retry logic, driven through the kafkajs eachBatch contract
// (resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale) with in-memory payloads.
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

/** What a partition's payload saw, in the order it happened (shared with the deliveries). */
class FakePartition {
  readonly resolved: string[] = [];
  readonly commits: string[] = [];
  heartbeats = 0;
  running = true;
  stale = false;
  onHeartbeat: (() => void) | undefined;

  constructor(
    readonly partition: number,
    private readonly log: string[],
    readonly topic = 'logs',
  ) {}

  payload(batch: KafkaMessageLike[], highWatermark?: string): EachBatchLike {
    return {
      batch: {
        topic: this.topic,
        partition: this.partition,
        messages: batch,
        ...(highWatermark ? { highWatermark } : {}),
      },
      resolveOffset: (offset) => {
        this.resolved.push(offset);
      },
      heartbeat: async () => {
        this.heartbeats += 1;
        this.onHeartbeat?.();
      },
      commitOffsetsIfNecessary: async (offsets?: CommitOffsets) => {
        assert.ok(offsets, 'commits name their offsets');
        for (const { topic, partitions } of offsets.topics) {
          for (const { partition, offset } of partitions) {
            assert.equal(topic, this.topic);
            assert.equal(partition, this.partition);
            this.commits.push(offset);
            this.log.push(`commit ${partition}:${offset}`);
          }
        }
      },
      isRunning: () => this.running,
      isStale: () => this.stale,
    };
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
};

describe('MappingBatcher: commit only after the function succeeded', () => {
  test('a failing batch is retried whole and committed only after the try that succeeded', async () => {
    const log: string[] = [];
    let calls = 0;
    const batcher = new MappingBatcher({ batchSize: 100, batchWindowMs: 1, ...fast }, async (records) => {
      calls += 1;
      const ok = calls === 3;
      log.push(`deliver ${span(records)} ${ok ? 'ok' : 'failed'}`);
      if (!ok) throw new Error('S3 503 Slow Down');
    });
    const p0 = new FakePartition(0, log);
    await batcher.eachBatch(p0.payload(messages(40, 5)));
    assert.deepEqual(log, [
      'deliver 0:40-44 failed',
      'deliver 0:40-44 failed',
      'deliver 0:40-44 ok',
      'commit 0:45',
    ]);
    assert.deepEqual(p0.resolved, ['44']);
    assert.equal(batcher.retries, 2);
  });

  test("a partition's records beyond the batch size go in slices, each committed after its own delivery", async () => {
    const log: string[] = [];
    const batcher = new MappingBatcher({ batchSize: 500, batchWindowMs: 1, ...fast }, async (records) => {
      log.push(`deliver ${span(records)}`);
    });
    const p3 = new FakePartition(3, log);
    await batcher.eachBatch(p3.payload(messages(0, 1200)));
    assert.deepEqual(log, [
      'deliver 3:0-499',
      'commit 3:500',
      'deliver 3:500-999',
      'commit 3:1000',
      'deliver 3:1000-1199',
      'commit 3:1200',
    ]);
    assert.deepEqual(p3.resolved, ['499', '999', '1199']);
  });

  test('partitions consumed concurrently share one batch, delivered as soon as it is full', async () => {
    const log: string[] = [];
    const delivered: RecordToSend[][] = [];
    // A window of a minute: only the size can close this batch.
    const batcher = new MappingBatcher({ batchSize: 30, batchWindowMs: 60_000, ...fast }, async (records) => {
      delivered.push([...records]);
      log.push(`deliver ${span(records)}`);
    });
    const parts = [0, 1, 2].map((p) => new FakePartition(p, log));
    await Promise.all(
      parts.map((part) => batcher.eachBatch(part.payload(messages(100 * part.partition, 10)))),
    );
    assert.equal(delivered.length, 1);
    assert.equal(log[0], 'deliver 0:0-9,1:100-109,2:200-209');
    assert.deepEqual(log.slice(1).sort(), ['commit 0:10', 'commit 1:110', 'commit 2:210']);
  });

  test('a batch that is not full is delivered when its window has passed', async () => {
    const log: string[] = [];
    const batcher = new MappingBatcher({ batchSize: 10_000, batchWindowMs: 5, ...fast }, async (records) => {
      log.push(`deliver ${span(records)}`);
    });
    await batcher.eachBatch(new FakePartition(0, log).payload(messages(0, 3)));
    assert.deepEqual(log, ['deliver 0:0-2', 'commit 0:3']);
  });

  test('a batch is cut before it passes the payload size', async () => {
    const log: string[] = [];
    const sizes: number[] = [];
    const batcher = new MappingBatcher(
      { batchSize: 10_000, batchWindowMs: 1, maxBatchBytes: 3_000, ...fast },
      async (records) => {
        sizes.push(records.length);
        log.push(`deliver ${span(records)}`);
      },
    );
    await batcher.eachBatch(new FakePartition(0, log).payload(messages(0, 10, 'v'.repeat(700))));
    assert.ok(sizes.length > 1, `one batch of ${sizes[0]} records despite the size limit`);
    assert.equal(
      sizes.reduce((a, b) => a + b, 0),
      10,
    );
    assert.ok(sizes.every((n) => n <= 3));
  });
});

describe('MappingBatcher: shutdown, rebalances and heartbeats', () => {
  test('stopping while a batch keeps failing: eachBatch returns with nothing resolved or committed', async () => {
    const log: string[] = [];
    let failures = 0;
    let stopWhenFailedThrice: (() => void) | undefined;
    const failedThrice = new Promise<void>((resolve) => {
      stopWhenFailedThrice = resolve;
    });
    const batcher = new MappingBatcher({ batchSize: 100, batchWindowMs: 1, ...fast }, async () => {
      failures += 1;
      if (failures === 3) stopWhenFailedThrice?.();
      throw new Error('DynamoDB unreachable');
    });
    const p0 = new FakePartition(0, log);
    const running = batcher.eachBatch(p0.payload(messages(0, 5)));
    await failedThrice;
    batcher.stop();
    await running;
    assert.deepEqual(p0.resolved, []);
    assert.deepEqual(p0.commits, []);
  });

  test('stopping lets the delivery in flight finish and commit; slices still gathering are handed back', async () => {
    const log: string[] = [];
    let release: (() => void) | undefined;
    let started: (() => void) | undefined;
    const inFlight = new Promise<void>((resolve) => {
      started = resolve;
    });
    const batcher = new MappingBatcher({ batchSize: 5, batchWindowMs: 60_000, ...fast }, async (records) => {
      log.push(`deliver ${span(records)}`);
      started?.();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    const p0 = new FakePartition(0, log);
    const p1 = new FakePartition(1, log);
    const first = batcher.eachBatch(p0.payload(messages(0, 5)));
    await inFlight;
    const second = batcher.eachBatch(p1.payload(messages(0, 2)));
    batcher.stop();
    release?.();
    await Promise.all([first, second]);
    assert.deepEqual(log, ['deliver 0:0-4', 'commit 0:5']);
    assert.deepEqual(p1.resolved, []);
    assert.deepEqual(p1.commits, []);
  });

  test('a partition that moved to another member meanwhile is not committed by this one', async () => {
    const log: string[] = [];
    const p0 = new FakePartition(0, log);
    const batcher = new MappingBatcher({ batchSize: 100, batchWindowMs: 1, ...fast }, async (records) => {
      log.push(`deliver ${span(records)}`);
      p0.stale = true;
    });
    await batcher.eachBatch(p0.payload(messages(0, 3)));
    assert.deepEqual(log, ['deliver 0:0-2']);
    assert.deepEqual(p0.resolved, []);
  });

  test('a consumer that is no longer running delivers nothing', async () => {
    const log: string[] = [];
    const batcher = new MappingBatcher({ batchSize: 100, batchWindowMs: 1, ...fast }, async (records) => {
      log.push(`deliver ${span(records)}`);
    });
    const p0 = new FakePartition(0, log);
    p0.running = false;
    await batcher.eachBatch(p0.payload(messages(0, 3)));
    assert.deepEqual(log, []);
  });

  test('a partition waiting for a slow function keeps heartbeating, and heartbeat errors do not fail it', async () => {
    const log: string[] = [];
    const p0 = new FakePartition(0, log);
    let beat: (() => void) | undefined;
    const twoBeats = new Promise<void>((resolve) => {
      beat = resolve;
    });
    p0.onHeartbeat = () => {
      if (p0.heartbeats === 1) throw new Error('The group is rebalancing');
      if (p0.heartbeats >= 2) beat?.();
    };
    const heartbeatErrors: unknown[] = [];
    const batcher = new MappingBatcher(
      {
        batchSize: 100,
        batchWindowMs: 1,
        ...fast,
        heartbeatMs: 1,
        onHeartbeatError: (error) => heartbeatErrors.push(error),
      },
      async (records) => {
        await twoBeats; // the function finishes only once the group has heard from us twice
        log.push(`deliver ${span(records)}`);
      },
    );
    await batcher.eachBatch(p0.payload(messages(0, 3)));
    assert.ok(p0.heartbeats >= 2);
    assert.equal(heartbeatErrors.length, 1);
    assert.deepEqual(log, ['deliver 0:0-2', 'commit 0:3']);
  });

  test('lag is what the high watermarks hold beyond the commits', async () => {
    const log: string[] = [];
    const batcher = new MappingBatcher({ batchSize: 100, batchWindowMs: 1, ...fast }, async () => {});
    const p0 = new FakePartition(0, log);
    const p1 = new FakePartition(1, log);
    await batcher.eachBatch(p0.payload(messages(0, 10), '25'));
    await batcher.eachBatch(p1.payload(messages(5, 5), '10'));
    assert.equal(batcher.lag(), 15);
  });
});

describe('MappingBatcher: no offset is ever skipped', () => {
  /**
   * Drives the batcher as kafkajs does: per partition, eachBatch with what was fetched from the last
   * resolved offset; what eachBatch leaves unresolved is fetched again.
   */
  test('under random failures, every record is delivered in order and the commits reach the end', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }),
        async (counts, batchSize, fetchSize, failurePattern) => {
          const log: string[] = [];
          const delivered = new Map<number, number[]>();
          let call = 0;
          const batcher = new MappingBatcher(
            { batchSize, batchWindowMs: 1, retryBaseMs: 0, retryMaxMs: 0, heartbeatMs: 1000 },
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
          const parts = counts.map((_, p) => new FakePartition(p, log));
          await Promise.all(
            counts.map(async (count, p) => {
              const part = parts[p] as FakePartition;
              let next = 0;
              while (next < count) {
                await batcher.eachBatch(part.payload(messages(next, Math.min(fetchSize, count - next))));
                const last = part.resolved[part.resolved.length - 1];
                next = last === undefined ? 0 : Number(last) + 1;
              }
            }),
          );
          counts.forEach((count, p) => {
            const offsets = Array.from({ length: count }, (_, i) => i);
            assert.deepEqual(delivered.get(p) ?? [], offsets, `partition ${p} delivered`);
            const commits = (parts[p] as FakePartition).commits.map(Number);
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
