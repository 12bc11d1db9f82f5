// Property: with many groups per window (so the window's leaves split mid-run, under concurrent
// writers), the counts and alerts stay exactly those of the oracle, whatever the batching, failures of
// any DynamoDB request (before it reaches the table, or after, with its answer lost), lost commits,
// redelivery and redrive. Each consumer and the redriver is a container of its own (its own caches of
// directories and leaves), and the leaves are small (8 groups) so that a few dozen records split them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type DynamoDBClient, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { detectBatch } from '../../../functions/detect/detect-batch';
import { detectState } from '../../../functions/detect/state';
import { DEFAULT_DETECT_SETTINGS, type DetectDeps } from '../../../functions/detect/types';
import { sweep } from '../../../functions/sweep/sweep';
import { dynamoDetectListing } from '../../../shared/adapters/dynamodb/listing';
import { dynamoDetectStore } from '../../../shared/adapters/dynamodb/store';
import type { SlackPort } from '../../../shared/alerts/slack-port';
import type { LeafLimits } from '../../../shared/rules/leaves/layout';
import { parseRules } from '../../../shared/rules/parse';
import {
  consume,
  type DriveRecord,
  type DriveStep,
  failureGate,
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
const GROUPS = 60;
const SMALL: LeafLimits = { fill: 4, capacity: 8, splitPuts: 3 };

const parsed = parseRules(
  `rules:
  - { name: wide, where: { level: error }, groupBy: pathname, window: 10s, threshold: 2, realert: 0s }
  - { name: spaced, where: { level: [error, fatal] }, groupBy: pathname, window: 5s, threshold: 1, realert: 10s }
`,
  'cardinality',
);
assert.ok(parsed.ok);
const ruleSet = parsed.ruleSet;

const recordArb = fc.record({
  t: fc.integer({ min: 0, max: 19_999 }),
  group: fc.integer({ min: 0, max: GROUPS - 1 }),
  level: fc.constantFrom('error', 'error', 'fatal', 'info') as fc.Arbitrary<'error' | 'fatal' | 'info'>,
  dead: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  late: fc.boolean(),
});
// DynamoDB requests are many per batch here: failures come after more of them than the store calls of the other test.
const clientStepArb = stepArb.map((step) => ({
  ...step,
  failAfter: step.failAfter === undefined ? undefined : step.failAfter * 3,
}));
const scenarioArb = fc.record({
  partitions: fc.array(fc.array(recordArb, { minLength: 30, maxLength: 70 }), { minLength: 2, maxLength: 3 }),
  consumerOf: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 3, maxLength: 3 }),
  steps: fc.array(clientStepArb, { minLength: 40, maxLength: 40 }),
  redrives: fc.array(redriveArb, { minLength: 1, maxLength: 4 }),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function recordsOf(scenario: Scenario, run: number): DriveRecord[][] {
  return scenario.partitions.map((records, partition) =>
    records.map((r, i) => {
      const event = makeEvent({
        '@timestamp': new Date(T0 + r.t).toISOString(),
        level: r.level,
        pathname: `${run}/p${r.group}.py`,
        partition,
        offset: 1000 + i,
      });
      return {
        event: { ...event, kafka: { ...event.kafka, topic: `wide-${run}` } },
        dead: r.dead,
        late: r.late,
      };
    }),
  );
}

/** Splits (transactions) that went through, over all runs. */
let splits = 0;

type Command = Parameters<DynamoDBClient['send']>[0];

/** True for a request on window leaves (the outbox's own writes fail in the other property test). */
function onWindows(command: Command): boolean {
  const input = command.input as {
    Key?: { pk?: { S?: string } };
    TransactItems?: Array<{
      Update?: { Key?: { pk?: { S?: string } } };
      Put?: { Item?: { pk?: { S?: string } } };
    }>;
  };
  const pks = [
    input.Key?.pk?.S,
    ...(input.TransactItems ?? []).map((item) => item.Update?.Key?.pk?.S ?? item.Put?.Item?.pk?.S),
  ];
  return pks.some((pk) => pk?.startsWith('W#'));
}

/**
 * A DynamoDB client (for one container) whose requests on window leaves fail as the armed step says.
 * Failing the outbox's `sent` write after a post would repeat the post: the one duplicate the design
 * allows (docs/detect.md), which is not what this test is about.
 */
function armedClient(real: DynamoDBClient) {
  let gate = failureGate(undefined);
  const send = async (command: Command) => {
    const result = await real.send(command as never);
    if (command instanceof TransactWriteItemsCommand) splits += 1;
    return result;
  };
  const client = {
    send: (command: Command) => (onWindows(command) ? gate(() => send(command)) : send(command)),
  } as Pick<DynamoDBClient, 'send'>;
  return {
    client,
    arm: (step: DriveStep | RedriveStep | undefined) => {
      gate = failureGate(step);
    },
  };
}

test('many groups per window, leaves splitting mid-run: counts and alerts match the oracle (property, 12 runs)', async () => {
  const real = await testDynamoClient();
  const table = await freshTable('cardinality');
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
      const settings = { ...DEFAULT_DETECT_SETTINGS, budgetPerMinute: 1_000_000, writeConcurrency: 4 };
      /** One container: its own client and store (caches), failing as the batch's step says. */
      const container = (redriven: boolean): RunBatch => {
        const armed = armedClient(real);
        const deps: DetectDeps = {
          ruleSet,
          store: dynamoDetectStore({ client: armed.client, table }, SMALL),
          links: () => ({}),
          settings,
        };
        return async (read, failing) => {
          armed.arm(failing);
          try {
            return await detectBatch(read, deps, slack, () => NOW, { redriven });
          } finally {
            armed.arm(undefined);
          }
        };
      };
      const partitions = recordsOf(scenario, run);
      const redriven = new Set<DriveRecord>();
      const dead = partitions.flat().filter((record) => record.dead);
      const consumers = [0, 1].map((c) =>
        scenario.partitions.map((_, p) => p).filter((p) => scenario.consumerOf[p] === c),
      );
      const redrive = container(true);
      await Promise.all([
        ...consumers.map((mine, c) =>
          consume({
            partitions,
            mine,
            steps: scenario.steps,
            offset: c * 7,
            redriven,
            run: container(false),
          }),
        ),
        redriveRuns({ dead, runs: scenario.redrives, redriven, run: redrive }),
      ]);
      const all: RedriveStep = { picks: dead.map((_, i) => i), failAfter: undefined, lost: false };
      await redriveRuns({ dead, runs: [all], redriven, run: container(true) });

      const reader: DetectDeps = {
        ruleSet,
        store: dynamoDetectStore({ client: real, table }, SMALL),
        links: () => ({}),
        settings,
      };
      await sweep(reader, slack, () => NOW + 3_600_000);
      assertRunMatchesOracle(
        await detectState(dynamoDetectListing({ client: real, table })),
        partitions.flat().map((record) => record.event),
        ruleSet.rules,
        posted,
        (group) => group.startsWith(`${run}/`),
      );
    }),
    { numRuns: 12, endOnFailure: true },
  );
  assert.ok(splits > 20, `leaves split mid-run (${splits} splits)`);
});
