// Property: whatever the batching, failures, redeliveries and partition interleavings, and however
// often dead-lettered records are redriven (`sluice redrive`, concurrently with live batches), the
// windows in DynamoDB hold exactly the counts of a straightforward oracle, and the alerts are exactly
// the windows over their threshold (realert 0s), or a maximal realert-spaced subset of them (realert > 0);
// a `type: new` rule alerts exactly once per distinct fingerprint.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { detectBatch } from '../../../functions/detect/detect-batch';
import { detectState } from '../../../functions/detect/state';
import { DEFAULT_DETECT_SETTINGS, type DetectDeps } from '../../../functions/detect/types';
import { sweep } from '../../../functions/sweep/sweep';
import { dynamoDetectListing } from '../../../shared/adapters/dynamodb/listing';
import { dynamoDetectStore } from '../../../shared/adapters/dynamodb/store';
import type { SlackPort } from '../../../shared/alerts/slack-port';
import { messageTemplate } from '../../../shared/rules/message-template';
import { parseRules } from '../../../shared/rules/parse';
import {
  consume,
  type DriveRecord,
  flakyStore,
  type RedriveStep,
  type RunBatch,
  redriveArb,
  redriveRuns,
  stepArb,
} from '../../helpers/detect-drive';
import { freshTable, testDynamoClient } from '../../helpers/local-stack';
import { assertRunMatchesOracle } from '../../helpers/window-oracle';
import { makeEvent } from '../../shared/rules/make-event';

// DynamoDB Local applies TTL on the real clock: windows are in the current hour so none expire mid-test.
const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000;
const NOW = T0 + 3_600_000;
const PATHS = ['/a.py', '/b.py'];

const parsed = parseRules(
  `rules:
  - { name: tumble, where: { level: error }, groupBy: pathname, window: 10s, threshold: 2, realert: 0s }
  - { name: hop, where: { level: [error, fatal] }, groupBy: pathname, window: 20s, slide: 5s, threshold: 3, realert: 0s }
  - { name: spaced, where: { level: error }, groupBy: pathname, window: 5s, threshold: 1, realert: 15s }
  - { name: new-error, type: new, where: { level: [error, fatal] }, fingerprint: [service, pathname, message] }
`,
  'property',
);
assert.ok(parsed.ok);
const ruleSet = parsed.ruleSet;

const recordArb = fc.record({
  t: fc.integer({ min: 0, max: 29_999 }),
  path: fc.integer({ min: 0, max: PATHS.length - 1 }),
  level: fc.constantFrom('error', 'error', 'fatal', 'info') as fc.Arbitrary<'error' | 'fatal' | 'info'>,
  // About one record in eight is dead-lettered by decode (oversize, say) and redriven later.
  dead: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
  late: fc.boolean(),
  // Which kind of error the message is; its id differs on every record.
  kind: fc.integer({ min: 0, max: 2 }),
});
const MESSAGES = [
  (i: number) => `order ${1000 + i} failed`,
  (i: number) => `user ${i} not found`,
  () => 'boom',
];
const scenarioArb = fc.record({
  partitions: fc.array(fc.array(recordArb, { minLength: 8, maxLength: 30 }), { minLength: 1, maxLength: 3 }),
  consumerOf: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 3, maxLength: 3 }),
  steps: fc.array(stepArb, { minLength: 40, maxLength: 40 }),
  redrives: fc.array(redriveArb, { minLength: 0, maxLength: 5 }),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** The scenario's records; each run counts in a topic of its own, so runs share the table without sharing windows. */
function recordsOf(scenario: Scenario, run: number): DriveRecord[][] {
  return scenario.partitions.map((records, partition) =>
    records.map((r, i) => {
      const event = makeEvent({
        '@timestamp': new Date(T0 + r.t).toISOString(),
        level: r.level,
        pathname: `${run}${PATHS[r.path]}`,
        message: (MESSAGES[r.kind] ?? (() => 'boom'))(i),
        partition,
        offset: 1000 + i,
      });
      return {
        event: { ...event, kafka: { ...event.kafka, topic: `logs-${run}` } },
        dead: r.dead,
        late: r.late,
      };
    }),
  );
}

test('window counts and alerts match the oracle under any redelivery and redrive (property, 30 runs)', async () => {
  const target = { client: await testDynamoClient(), table: await freshTable('exactness') };
  let run = 0;
  await fc.assert(
    fc.asyncProperty(scenarioArb, async (scenario) => {
      run += 1;
      const posted: string[] = [];
      const slack: SlackPort = {
        kind: 'terminal',
        post: async (message) => {
          posted.push(message.text);
          return { ok: true };
        },
      };
      const partitions = recordsOf(scenario, run);
      const deps: DetectDeps = {
        ruleSet,
        store: dynamoDetectStore(target),
        links: () => ({}),
        settings: { ...DEFAULT_DETECT_SETTINGS, budgetPerMinute: 1_000_000, writeConcurrency: 4 },
      };
      const live: RunBatch = (read, failing) =>
        detectBatch(read, { ...deps, store: flakyStore(deps.store, failing) }, slack, () => NOW);
      const redrive: RunBatch = (read, failing) =>
        detectBatch(read, { ...deps, store: flakyStore(deps.store, failing) }, slack, () => NOW, {
          redriven: true,
        });
      const redriven = new Set<DriveRecord>();
      const dead = partitions.flat().filter((record) => record.dead);
      const consumers = [0, 1].map((c) =>
        scenario.partitions.map((_, p) => p).filter((p) => scenario.consumerOf[p] === c),
      );
      await Promise.all([
        ...consumers.map((mine, c) =>
          consume({ partitions, mine, steps: scenario.steps, offset: c * 7, redriven, run: live }),
        ),
        redriveRuns({ dead, runs: scenario.redrives, redriven, run: redrive }),
      ]);
      // In the end every dead-lettered record is redriven (most of them a second time).
      const all: RedriveStep = { picks: dead.map((_, i) => i), failAfter: undefined, lost: false };
      await redriveRuns({ dead, runs: [all], redriven, run: redrive });
      await sweep(deps, slack, () => NOW + 3_600_000);

      const state = await detectState(dynamoDetectListing(target));
      const events = partitions.flat().map((record) => record.event);
      assertRunMatchesOracle(
        state,
        events,
        ruleSet.rules.filter((rule) => rule.type === 'count'),
        posted.filter((text) => !text.includes('new-error')),
        (group) => group.startsWith(`${run}/`),
      );
      // Every record is counted in the end (the dead-lettered ones redriven): one alert per kind of error.
      const kinds = new Set(
        events
          .filter((event) => event.level === 'error' || event.level === 'fatal')
          .map((event) => `api · ${event.pathname} · ${messageTemplate(event.message)}`),
      );
      const fresh = state.alerts.filter(
        (alert) => alert.rule === 'new-error' && alert.group.startsWith(`api · ${run}/`),
      );
      assert.deepEqual(fresh.map((alert) => alert.group).sort(), [...kinds].sort());
      assert.ok(fresh.every((alert) => alert.status === 'sent'));
      assert.equal(
        posted.filter((text) => text.includes('new-error')).length,
        fresh.length,
        'each posted once',
      );
    }),
    { numRuns: 30, endOnFailure: true },
  );
});
