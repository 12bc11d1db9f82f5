// The window layout's logic under many more interleavings than a real server gives: four writers
// (each a container with its own caches) count into the same windows through the in-memory twin of
// the table, every request delayed at random before and after it takes effect (so answers arrive out
// of order) and some failing (before taking effect, or after with the answer lost); each batch is
// retried until it succeeds and then delivered once more. Small leaves (8 groups) split all the time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../../../cli/sim/random';
import { MemoryLeafRequests } from '../../../../shared/adapters/dynamodb/memory-leaves';
import { TransientSinkError } from '../../../../shared/errors';
import type { WindowDelta } from '../../../../shared/rules/aggregate';
import type { LeafLimits } from '../../../../shared/rules/leaves/layout';
import { LeafWindows, windowRecords } from '../../../../shared/rules/leaves/leaf-windows';
import type { LeafRequests } from '../../../../shared/rules/leaves/types';
import type { ApplyOptions } from '../../../../shared/rules/store';

const SMALL: LeafLimits = { fill: 4, capacity: 8, splitPuts: 3 };
const OPTIONS: ApplyOptions = { expiresAt: () => 2_000_000_000, mode: 'live', concurrency: 16 };
const TRIALS = 60;

/** Requests that wait a random 0-2 ms before and after taking effect, and sometimes fail. */
function unreliable(inner: LeafRequests, random: () => number): LeafRequests {
  const wait = () => new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 3)));
  const wrap =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await wait();
      if (random() < 0.02) throw new TransientSinkError('failed before it took effect');
      const result = await call(...args);
      await wait();
      if (random() < 0.02) throw new TransientSinkError('answer lost');
      return result;
    };
  return {
    readRoot: wrap((w) => inner.readRoot(w)),
    readLeaf: wrap((w, gen, low) => inner.readLeaf(w, gen, low)),
    write: wrap((w, write) => inner.write(w, write)),
    split: wrap((w, split) => inner.split(w, split)),
    extendRoot: wrap((w, gen, at) => inner.extendRoot(w, gen, at)),
    decide: wrap((w, gen, low, decisions) => inner.decide(w, gen, low, decisions)),
    markOver: (key, at) => inner.markOver(key, at),
    readOver: (rule, group, windowMs) => inner.readOver(rule, group, windowMs),
    readWindow: (w) => inner.readWindow(w),
  };
}

/** One partition's records (`group@windowStart`, offset) as a batch's deltas. */
function deltas(records: ReadonlyArray<[string, number]>, partition: number): WindowDelta[] {
  const byKey = new Map<string, number[]>();
  for (const [key, offset] of records) byKey.set(key, [...(byKey.get(key) ?? []), offset]);
  return [...byKey].map(([key, offsets]) => {
    const [group, start] = key.split('@') as [string, string];
    return {
      rule: 'burst',
      group,
      windowStart: Number(start),
      windowMs: 10_000,
      partitions: [{ topic: 'logs', partition, offsets }],
      records: offsets.length,
      samples: [],
      services: [],
      kubernetes: undefined,
    };
  });
}

async function trial(seed: number): Promise<void> {
  const random = seededRandom(seed);
  const table = new MemoryLeafRequests(() => {});
  const expected = new Map<string, number>();
  const writers = [0, 1, 2, 3].map((partition) => {
    const batches = Array.from({ length: 6 }, (_, round) =>
      Array.from({ length: round === 0 ? 40 : 12 }, (_, i): [string, number] => {
        const key = `g${Math.floor(random() * 40)}@${Math.floor(random() * 2) * 10_000}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
        return [key, round * 100 + i];
      }),
    );
    return { partition, batches, windows: new LeafWindows(unreliable(table, random), SMALL) };
  });
  await Promise.all(
    writers.map(async ({ partition, batches, windows }) => {
      for (const records of batches) {
        // Delivered until it succeeds, then once more (a lost commit).
        for (let delivery = 0; delivery < 2; delivery += 1) {
          for (let attempt = 0; ; attempt += 1) {
            assert.ok(attempt < 50, 'a batch kept failing');
            try {
              await windows.applyBatch(deltas(records, partition), OPTIONS);
              break;
            } catch (error) {
              if (!(error instanceof TransientSinkError)) throw error;
            }
          }
        }
      }
    }),
  );
  const listed = table.list();
  for (const { leaf } of listed)
    assert.ok(leaf.groups.size <= SMALL.capacity, `seed ${seed}: a leaf passed its capacity`);
  const counted = windowRecords(listed);
  assert.deepEqual(
    new Map(counted.map((w) => [`${w.group}@${w.windowStart}`, w.count])),
    expected,
    `seed ${seed}: counts differ from the records`,
  );
}

test(`leaves stay exact under out-of-order answers, failures and splits (${TRIALS} seeded trials)`, async () => {
  for (let seed = 1; seed <= TRIALS; seed += 1) await trial(seed);
});
