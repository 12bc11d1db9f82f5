import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseDocument } from 'yaml';
import { formatConsumeProgress } from '../../../cli/kafka/consume-progress';
import { deployedMappings, functionNames } from '../../../cli/kafka/mappings';

const root = join(__dirname, '..', '..', '..');

test("sluice consume batches like the deployed mappings (serverless.yml's defaults)", () => {
  const params = (
    parseDocument(readFileSync(join(root, 'serverless.yml'), 'utf8')).toJS() as {
      params: { default: Record<string, unknown> };
    }
  ).params.default;
  for (const name of functionNames) {
    assert.deepEqual(
      deployedMappings[name],
      {
        groupId: params[`${name}ConsumerGroup`],
        batchSize: params[`${name}BatchSize`],
        batchWindowMs: Number(params[`${name}BatchingWindow`]) * 1000,
      },
      name,
    );
  }
});

test('the live line: each group with its lag, the accounting, windows against thresholds', () => {
  const line = formatConsumeProgress({
    elapsedMs: 12_400,
    functions: [
      { name: 'archive', records: 2400, lag: 0, retries: 0 },
      { name: 'detect', records: 2300, lag: 100, retries: 2 },
    ],
    accepted: 2390,
    deadLettered: 4,
    skipped: 6,
    indexed: null,
    archived: 2390,
    alerts: 1,
    windows: [{ rule: 'error-burst', group: '/app/x.py', count: 31, threshold: 25 }],
  });
  assert.equal(
    line,
    '12s  archive 2400 lag 0  detect 2300 lag 100 retried 2  accepted 2390  dead-lettered 4  skipped 6  ' +
      'archived 2390  alerts 1  | error-burst /app/x.py 31/25 !',
  );
});
