// Property: whatever the batching, failures, lost commits and redeliveries, with a consumer that lags
// and stalls before catching up, an idle partition, and sweepers running at any moment (two at once at
// the end), the flatline and ratio alerts on DynamoDB Local are exactly an oracle's: one per (rule,
// group, window) that the complete data makes silent or over the ratio, and none for a window whose
// records were merely late.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { detectBatch } from '../../../functions/detect/detect-batch';
import { detectState } from '../../../functions/detect/state';
import { DEFAULT_DETECT_SETTINGS, type DetectDeps } from '../../../functions/detect/types';
import { evaluateClosed } from '../../../functions/sweep/evaluate-closed';
import { sweep } from '../../../functions/sweep/sweep';
import { dynamoDetectListing } from '../../../shared/adapters/dynamodb/listing';
import { dynamoDetectStore } from '../../../shared/adapters/dynamodb/store';
import type { SlackPort } from '../../../shared/alerts/slack-port';
import { parseRules } from '../../../shared/rules/parse';
import { consume, type DriveRecord, flakyStore, type RunBatch, stepArb } from '../../helpers/detect-drive';
import { freshTable, testDynamoClient } from '../../helpers/local-stack';
import { makeEvent } from '../../shared/rules/make-event';

// DynamoDB Local applies TTL on the real clock: windows are in the current hour so none expire mid-test.
const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000;
const WINDOW = 10_000;
const LOOKBACK = 30_000;
const LATENESS = 5_000;
const IDLE = 30_000;
/**
 * Wall clock each batch attempt takes: nothing closes for the first 15 attempts (the partitions' time
 * to show up), and a stall of 8 attempts of the other consumer (16 s, plus a few failed attempts of
 * its own) stays under the idle timeout.
 */
const TICK = 2_000;
const SERVICES = ['orders', 'payments', 'audit'];

const parsed = parseRules(
  `rules:
  - { name: quiet, type: flatline, groupBy: service, window: 10s, lookback: 30s, realert: 0s, allowedLateness: 5s, idleTimeout: 30s }
  - { name: share, type: ratio, where: { level: error }, groupBy: service, window: 10s, threshold: 25%, minCount: 3, allowedLateness: 5s, idleTimeout: 30s }
`,
  'closing-property',
);
assert.ok(parsed.ok);
const ruleSet = parsed.ruleSet;

const recordArb = fc.record({
  // Mostly dense, sometimes a silence of one or two windows.
  gap: fc.oneof(
    { weight: 9, arbitrary: fc.integer({ min: 0, max: 3_000 }) },
    { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 25_000 }) },
  ),
  service: fc.integer({ min: 0, max: SERVICES.length - 1 }),
  error: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  // Producers' clocks and batching: records of a partition are out of order by less than the lateness.
  early: fc.integer({ min: 0, max: LATENESS - 1 }),
});
const scenarioArb = fc.record({
  // Partitions 0 and 1 carry the traffic; partition 2 logs a little at the start, then idles (or
  // carries nothing at all).
  busy: fc.array(fc.array(recordArb, { minLength: 40, maxLength: 100 }), { minLength: 2, maxLength: 2 }),
  idle: fc.array(recordArb, { minLength: 0, maxLength: 4 }),
  steps: fc.array(stepArb, { minLength: 40, maxLength: 40 }),
  // Partition 1's consumer starts late (a poller that is slow to come up), by up to 8 attempts of the other.
  startsAfter: fc.integer({ min: 0, max: 8 }),
  // Partition 1's consumer stalls after this many of its batches, for up to 8 attempts of the other.
  stallAfter: fc.integer({ min: 4, max: 14 }),
  stallFor: fc.integer({ min: 0, max: 8 }),
  sweepEvery: fc.integer({ min: 1, max: 6 }),
  windowsPerSweep: fc.integer({ min: 2, max: 40 }),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;
type Gen = Scenario['idle'][number];

function partitionOf(records: readonly Gen[], partition: number, maxGap: number): DriveRecord[] {
  let t = 0;
  return records.map((r, i) => {
    t += Math.min(r.gap, maxGap);
    const event = makeEvent({
      '@timestamp': new Date(T0 + Math.max(0, t - r.early)).toISOString(),
      level: r.error ? 'error' : 'info',
      service: SERVICES[r.service] as string,
      partition,
      offset: i,
    });
    return { event, dead: false, late: false };
  });
}

interface Fired {
  readonly rule: string;
  readonly group: string;
  readonly windowStart: number;
  readonly count: number;
}

/**
 * The oracle: the windows the final sweep (input ended) can close, decided on the complete data.
 * Written independently of the code under test, straight from docs/rules.md.
 */
function oracle(partitions: readonly (readonly DriveRecord[])[]): Fired[] {
  const times = partitions
    .filter((records) => records.length > 0)
    .map((records) => records.map((r) => r.event.kafka.timestamp));
  const last = times.map((ts) => Math.max(...ts));
  const frontier = Math.max(...last);
  const closedBefore = Math.min(...last.filter((wm) => frontier - wm <= IDLE)) - LATENESS;
  const start = Math.floor(Math.min(...times.flat()) / WINDOW) * WINDOW;
  const events = partitions.flat().map((r) => r.event);
  const fired: Fired[] = [];
  for (let s = start; s + WINDOW <= closedBefore; s += WINDOW) {
    for (const group of SERVICES) {
      const inWindow = events.filter(
        (e) => e.service === group && e.kafka.timestamp >= s && e.kafka.timestamp < s + WINDOW,
      );
      const before = events.filter(
        (e) => e.service === group && e.kafka.timestamp >= s - LOOKBACK && e.kafka.timestamp < s,
      );
      if (before.length > 0 && inWindow.length === 0)
        fired.push({ rule: 'quiet', group, windowStart: s, count: 0 });
      const errors = inWindow.filter((e) => e.level === 'error').length;
      if (inWindow.length >= 3 && errors * 4 > inWindow.length)
        fired.push({ rule: 'share', group, windowStart: s, count: errors });
    }
  }
  return fired.sort(compare);
}

const compare = (a: Fired, b: Fired) =>
  a.windowStart - b.windowStart || a.rule.localeCompare(b.rule) || a.group.localeCompare(b.group);

const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

test('flatline and ratio alerts match the oracle under lag, stalls, idleness and redelivery (property, 15 runs)', async () => {
  const client = await testDynamoClient();
  await fc.assert(
    fc.asyncProperty(scenarioArb, async (scenario) => {
      // Watermarks are per table: each run has its own.
      const target = { client, table: await freshTable('closing-prop') };
      const posted: string[] = [];
      const slack: SlackPort = {
        kind: 'terminal',
        post: async (message) => {
          posted.push(message.text);
          return { ok: true };
        },
      };
      const partitions = [
        partitionOf(scenario.busy[0] ?? [], 0, 25_000),
        partitionOf(scenario.busy[1] ?? [], 1, 25_000),
        partitionOf(scenario.idle, 2, 1_000),
      ];
      const deps: DetectDeps = {
        ruleSet,
        store: dynamoDetectStore(target),
        links: () => ({}),
        settings: { ...DEFAULT_DETECT_SETTINGS, budgetPerMinute: 1_000_000, writeConcurrency: 4 },
      };
      let wall = T0 + 3_600_000;
      let attemptsOfA = 0;
      let batchesOfB = 0;
      let consuming = 2;
      const sweepAt = (now: number, inputEnded: boolean) =>
        sweep(
          deps,
          slack,
          () => now,
          (at) =>
            evaluateClosed(deps, ruleSet.rules, {
              now: at,
              inputEnded,
              windowsPerSweep: scenario.windowsPerSweep,
              backfillWindows: Number.POSITIVE_INFINITY,
            }),
        );
      const run =
        (consumer: 'a' | 'b'): RunBatch =>
        async (read, failing) => {
          if (consumer === 'b' && batchesOfB === 0) {
            while (attemptsOfA < scenario.startsAfter && consuming === 2) await pause();
          }
          if (consumer === 'b' && batchesOfB === scenario.stallAfter) {
            const resumeAt = attemptsOfA + scenario.stallFor;
            while (attemptsOfA < resumeAt && consuming === 2) await pause();
          }
          wall += TICK;
          if (consumer === 'a') attemptsOfA += 1;
          const now = wall;
          await detectBatch(read, { ...deps, store: flakyStore(deps.store, failing) }, slack, () => now);
          if (consumer === 'b') batchesOfB += 1;
        };
      const done = () => {
        consuming -= 1;
      };
      const sweeper = async () => {
        for (let i = 0; consuming > 0; i += 1) {
          if (i % scenario.sweepEvery === 0) await sweepAt(wall, false);
          await pause();
        }
      };
      await Promise.all([
        consume({
          partitions,
          mine: [0, 2],
          steps: scenario.steps,
          offset: 0,
          redriven: new Set(),
          run: run('a'),
        }).finally(done),
        consume({
          partitions,
          mine: [1],
          steps: scenario.steps,
          offset: 7,
          redriven: new Set(),
          run: run('b'),
        }).finally(done),
        sweeper(),
      ]);
      // The end of the input: two sweepers at once, as two scheduled runs overlapping.
      await Promise.all([sweepAt(wall + 60_000, true), sweepAt(wall + 60_000, true)]);
      // What the two left (the per-sweep bound) the next sweeps decide.
      while ((await sweepAt(wall + 60_000, true)).closing?.behind) {}

      const stored = (await detectState(dynamoDetectListing(target))).alerts
        .map(({ rule, group, windowStart, count }) => ({
          rule,
          group,
          windowStart: Date.parse(windowStart),
          count,
        }))
        .sort(compare);
      assert.deepEqual(stored, oracle(partitions));
      assert.equal(posted.length, stored.length, 'each alert posted once');
    }),
    { numRuns: 15, endOnFailure: true },
  );
});
