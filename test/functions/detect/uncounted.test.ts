import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildDetectContainer, detectDepsFor } from '../../../functions/detect/deps';
import { detectBatch } from '../../../functions/detect/detect-batch';
import type { SlackPort } from '../../../shared/alerts/slack-port';
import type { BatchRead } from '../../../shared/batch/types';
import { parseRules } from '../../../shared/rules/parse';
import { freshTable, testConfig } from '../../helpers/local-stack';
import { accepted, makeEvent } from '../../shared/rules/make-event';

// DynamoDB Local drops items whose TTL has passed on the real clock: the window is in this hour.
const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000;
const rules = parseRules(
  'rules:\n  - { name: errors, where: { level: error }, groupBy: pathname, window: 10s, threshold: 100 }\n',
  'test',
);

/** Error records of partition 0 at the given offsets, all in the window starting at T0. */
const batchOf = (offsets: readonly number[]): BatchRead => {
  const records = offsets.map((offset) =>
    accepted(makeEvent({ offset, '@timestamp': new Date(T0 + offset * 100).toISOString() })),
  );
  return {
    accepted: records,
    deadLettered: [],
    skipped: [],
    counts: { records: records.length, accepted: records.length, deadLettered: 0, skipped: 0 },
  };
};

describe('detect reports what its windows did not add', () => {
  test('a redelivery and records behind their partition mark are uncounted, never silently', async () => {
    assert.ok(rules.ok);
    const config = await testConfig({ table: await freshTable('uncounted') });
    const deps = detectDepsFor(
      buildDetectContainer(config, { rules: rules.ruleSet }),
      new AbortController().signal,
    );
    const slack: SlackPort = { kind: 'terminal', post: async () => ({ ok: true }) };
    const now = () => T0 + 30_000;
    assert.equal((await detectBatch(batchOf([10, 11, 12]), deps, slack, now)).uncounted, 0);
    assert.equal(
      (await detectBatch(batchOf([5, 6, 7]), deps, slack, now)).uncounted,
      3,
      'behind the mark (12)',
    );
    assert.equal(
      (await detectBatch(batchOf([12, 13]), deps, slack, now)).uncounted,
      1,
      '12 again, 13 is new',
    );
    assert.equal(
      (await detectBatch(batchOf([10, 11, 12, 13]), deps, slack, now)).uncounted,
      4,
      'a redelivery',
    );
  });
});
