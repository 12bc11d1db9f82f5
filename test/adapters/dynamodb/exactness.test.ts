// Property: whatever the batching, failures, redeliveries and partition interleavings, the windows in
// DynamoDB hold exactly the counts of a straightforward oracle, and the alerts are exactly the
// windows over their threshold (realert 0s), or a maximal realert-spaced subset of them (realert > 0).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { detectBatch, detectState } from '../../../functions/detect';
import { DEFAULT_DETECT_SETTINGS, type DetectDeps } from '../../../functions/detect/types';
import { sweep } from '../../../functions/sweep/sweep';
import { dynamoDetectStore } from '../../../shared/adapters/dynamodb/store';
import type { SlackSender } from '../../../shared/adapters/slack/types';
import type { BatchRead } from '../../../shared/batch/types';
import { TransientSinkError } from '../../../shared/errors';
import type { LogEvent } from '../../../shared/logs/types';
import { parseRules } from '../../../shared/rules/parse';
import type { DetectStore } from '../../../shared/rules/store';
import { freshTable, testDynamoClient } from '../../helpers/local-stack';
import { assertAlertsAllowed, windowId, windowOracle } from '../../helpers/window-oracle';
import { accepted, makeEvent } from '../../rules/make-event';

// DynamoDB Local applies TTL on the real clock: windows are in the current hour so none expire mid-test.
const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000;
const NOW = T0 + 3_600_000;
const PATHS = ['/a.py', '/b.py'];

const parsed = parseRules(
  `rules:
  - { name: tumble, where: { level: error }, groupBy: pathname, window: 10s, threshold: 2, realert: 0s }
  - { name: hop, where: { level: [error, fatal] }, groupBy: pathname, window: 20s, slide: 5s, threshold: 3, realert: 0s }
  - { name: spaced, where: { level: error }, groupBy: pathname, window: 5s, threshold: 1, realert: 15s }
`,
  'property',
);
assert.ok(parsed.ok);
const ruleSet = parsed.ruleSet;

interface Step {
  readonly length: number;
  /** Store calls allowed before an injected failure; undefined: the batch succeeds. */
  readonly failAfter: number | undefined;
  /** The failing call reaches DynamoDB and only its answer is lost. */
  readonly lost: boolean;
  /** After a success, the commit is lost and the consumer restarts from an earlier commit. */
  readonly rewind: boolean;
  readonly pick: number;
}

const recordArb = fc.record({
  t: fc.integer({ min: 0, max: 29_999 }),
  path: fc.integer({ min: 0, max: PATHS.length - 1 }),
  level: fc.constantFrom('error', 'error', 'fatal', 'info') as fc.Arbitrary<'error' | 'fatal' | 'info'>,
});
const stepArb: fc.Arbitrary<Step> = fc.record({
  length: fc.integer({ min: 1, max: 12 }),
  failAfter: fc.option(fc.integer({ min: 0, max: 6 }), { freq: 3 }).map((v) => v ?? undefined),
  lost: fc.boolean(),
  rewind: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  pick: fc.nat(),
});
const scenarioArb = fc.record({
  partitions: fc.array(fc.array(recordArb, { minLength: 8, maxLength: 30 }), { minLength: 1, maxLength: 3 }),
  consumerOf: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 3, maxLength: 3 }),
  steps: fc.array(stepArb, { minLength: 40, maxLength: 40 }),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function eventsOf(scenario: Scenario): LogEvent[][] {
  return scenario.partitions.map((records, partition) =>
    records.map((r, i) =>
      makeEvent({
        '@timestamp': new Date(T0 + r.t).toISOString(),
        level: r.level,
        pathname: PATHS[r.path],
        partition,
        offset: 1000 + i,
      }),
    ),
  );
}

/** A store whose calls fail after `failAfter` of them (optionally after the failing call went through). */
function flaky(store: DetectStore, step: Step): DetectStore {
  let calls = 0;
  const gate = async <T>(op: () => Promise<T>): Promise<T> => {
    calls += 1;
    if (step.failAfter === undefined || calls <= step.failAfter) return op();
    if (step.lost && calls === step.failAfter + 1) await op();
    throw new TransientSinkError('injected failure');
  };
  const { windows, alerts, budget } = store;
  return {
    windows: {
      applyBatch: (deltas, options) => gate(() => windows.applyBatch(deltas, options)),
      setAlerts: (decisions) => gate(() => windows.setAlerts(decisions)),
      countOf: (key) => windows.countOf(key),
      recordOver: (key, expiresAt) => gate(() => windows.recordOver(key, expiresAt)),
      lastOver: (rule, group, windowMs) => windows.lastOver(rule, group, windowMs),
      listWindows: () => windows.listWindows(),
    },
    alerts: {
      claim: (key, alert, options) => gate(() => alerts.claim(key, alert, options)),
      due: (queue, now, limit) => alerts.due(queue, now, limit),
      lease: (key, queue, now, until) => alerts.lease(key, queue, now, until),
      retryLater: (key, queue, at, error) => alerts.retryLater(key, queue, at, error),
      delivered: (key, now, resolveAt) => alerts.delivered(key, now, resolveAt),
      resolved: (key, now, outcome) => alerts.resolved(key, now, outcome),
      laterAlertExists: (key) => alerts.laterAlertExists(key),
      list: () => alerts.list(),
    },
    budget,
  };
}

/** Delivers a consumer's partitions like the event source mapping: retries, new boundaries, lost commits. */
async function consume(
  events: LogEvent[][],
  partitions: number[],
  scenario: Scenario,
  deps: DetectDeps,
  offset: number,
) {
  const committed = partitions.map(() => 0);
  const history = partitions.map(() => [0]);
  let failuresInRow = 0;
  for (
    let i = 0;
    committed.some((c, k) => c < (events[partitions[k] as number] as LogEvent[]).length);
    i += 1
  ) {
    assert.ok(i < 500, 'consumer did not finish');
    const step = scenario.steps[(i + offset) % scenario.steps.length] as Step;
    const forced = failuresInRow >= 3 || i > 200;
    const failing = step.failAfter !== undefined && !forced;
    const ends = partitions.map((p, k) =>
      Math.min((events[p] as LogEvent[]).length, (committed[k] as number) + step.length),
    );
    const batch = partitions.flatMap((p, k) => (events[p] as LogEvent[]).slice(committed[k], ends[k]));
    const read: BatchRead = {
      accepted: batch.map(accepted),
      deadLettered: [],
      skipped: [],
      counts: { records: batch.length, accepted: batch.length, deadLettered: 0, skipped: 0 },
    };
    const store = failing ? flaky(deps.store, step) : deps.store;
    try {
      await detectBatch(read, { ...deps, store }, () => NOW);
      failuresInRow = 0;
      partitions.forEach((_, k) => {
        committed[k] = ends[k] as number;
        history[k]?.push(ends[k] as number);
      });
      if (step.rewind && !forced) {
        partitions.forEach((_, k) => {
          const points = history[k] as number[];
          committed[k] = points[step.pick % points.length] as number;
        });
      }
    } catch (error) {
      if (!(error instanceof TransientSinkError)) throw error;
      failuresInRow += 1;
    }
  }
}

test('window counts and alerts match the oracle under any redelivery (property, 30 runs)', async () => {
  const target = { client: await testDynamoClient(), table: await freshTable('exactness') };
  let run = 0;
  await fc.assert(
    fc.asyncProperty(scenarioArb, async (scenario) => {
      run += 1;
      const posted: string[] = [];
      const slack: SlackSender = {
        kind: 'terminal',
        post: async (message) => {
          posted.push(message.text);
          return { ok: true };
        },
      };
      // Each run counts in a topic of its own, so runs share the table without sharing windows.
      const events = eventsOf(scenario).map((list) =>
        list.map((event) => ({
          ...event,
          pathname: `${run}${event.pathname}`,
          kafka: { ...event.kafka, topic: `logs-${run}` },
        })),
      );
      const deps: DetectDeps = {
        ruleSet,
        store: dynamoDetectStore(target),
        slack,
        links: () => ({}),
        settings: { ...DEFAULT_DETECT_SETTINGS, budgetPerMinute: 1_000_000, writeConcurrency: 4 },
      };
      const consumers = [0, 1].map((c) =>
        scenario.partitions.map((_, p) => p).filter((p) => scenario.consumerOf[p] === c),
      );
      await Promise.all(consumers.map((partitions, c) => consume(events, partitions, scenario, deps, c * 7)));
      await sweep(deps, () => NOW + 3_600_000);

      const expected = windowOracle(events.flat(), ruleSet.rules);
      const state = await detectState(deps);
      const mine = (group: string) => group.startsWith(`${run}/`);
      const actual = new Map(
        state.windows
          .filter((w) => mine(w.group))
          .map((w) => [windowId(w.rule, w.group, w.windowStart), w.count]),
      );
      assert.deepEqual(actual, expected);

      const alerts = state.alerts.filter((a) => mine(a.group));
      assertAlertsAllowed(
        expected,
        new Set(alerts.map((a) => windowId(a.rule, a.group, a.windowStart))),
        ruleSet.rules,
      );
      assert.ok(
        alerts.every((a) => a.status === 'sent'),
        'the sweeper delivered every pending alert',
      );
      assert.equal(posted.length, alerts.length, 'each alert posted exactly once');
    }),
    { numRuns: 30, endOnFailure: true },
  );
});
