// Fault injection: the three MSK functions and the sweeper over a few thousand records while
// OpenSearch, S3, DynamoDB and Slack fail, one kind at a time and then all at once, with the event
// source mapping retrying and re-cutting batches. After each run: every record accounted for, one
// document per accepted record, the archive complete, window counts and alerts equal to the oracle,
// every alert delivered exactly once. The figures are printed (and recorded in docs/reliability.md).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertAlertsAllowed } from '../helpers/window-oracle';
import { scenarios } from './scenarios';
import { describeFigures, runScenario } from './support/drive';

/** A different seed per run shows more schedules over time; FAULTS_SEED replays one. */
const baseSeed = Number(process.env.FAULTS_SEED ?? Math.floor(Math.random() * 1_000_000));

/** FAULTS_ONLY=s3,mixed runs only those scenarios. */
const only = process.env.FAULTS_ONLY?.split(',');

// Scenarios are independent (each has its own bucket, table, proxies and doubles) and mostly wait on
// backoffs, so they run side by side.
describe(`fault injection (seed ${baseSeed})`, { concurrency: 3 }, () => {
  for (const [index, scenario] of scenarios.entries()) {
    test(scenario.name, { skip: only !== undefined && !only.includes(scenario.name) }, async (t) => {
      const figures = await runScenario(scenario, baseSeed + index * 1000);
      const { check } = figures;
      t.diagnostic(describeFigures(figures));
      assert.deepEqual(check.problems.slice(0, 20), [], `${check.problems.length} problems`);
      assert.equal(check.lost, 0, 'lost');
      assert.equal(check.duplicated, 0, 'duplicated');
      assert.deepEqual(check.windows.actual, check.windows.expected, 'window counts equal the oracle');
      assertAlertsAllowed(check.windows.expected, check.alerted, check.rules);
      assert.ok(check.alerts > 0, 'the run fired alerts');
      assert.ok(Object.values(figures.faults).some((n) => n > 0) || scenario.name === 'redelivery');
    });
  }
});
