// The fault suite's checks must be able to fail: a mapping that commits failed batches loses records
// (the S3 server is down while it "succeeds"), and a sink that holds a copy too many is a duplicate.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatAlert } from '../../shared/alerts/format-alert';
import { runScenario, sleep } from './support/drive';
import { ProxyMode } from './support/tcp-fault-proxy';

test('the checks see records lost by a mapping that commits failed batches', async (t) => {
  const figures = await runScenario(
    {
      name: 'broken mapping',
      records: 300,
      commitFailed: true,
      inject: async (context) => {
        while (!context.finished() && context.progress('archive') < 0.2) await sleep(5);
        await context.run.s3.setMode(ProxyMode.refuse);
        while (!context.finished()) await sleep(20);
      },
    },
    7,
  );
  t.diagnostic(`broken mapping: lost ${figures.check.lost}, ${figures.check.problems.length} problems`);
  assert.ok(figures.check.lost > 0, 'records the archive never wrote are counted as lost');
  assert.ok(figures.check.problems.some((p) => p.startsWith('archive: ') && p.endsWith(' missing')));
});

test('the checks see an alert posted twice', async () => {
  const figures = await runScenario(
    {
      name: 'tampered sinks',
      records: 300,
      beforeCheck: async (run) => {
        const [first] = await run.readers.listing.listAlerts();
        assert.ok(first, 'the run fired an alert');
        await fetch(run.slack.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(formatAlert(first.alert, run.readers.links(first.alert))),
        });
      },
    },
    8,
  );
  assert.equal(figures.check.duplicated, 1);
  assert.ok(figures.check.problems.some((p) => p.includes('posted 2 times')));
});
