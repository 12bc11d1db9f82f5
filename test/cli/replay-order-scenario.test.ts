// Issue 11, item 5: files named batch-1 … batch-20 replayed in name order (batch-10 before batch-2)
// left records behind what their windows had counted, and those windows undercounted, with exit 0.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { ReplayTotals } from '../../cli/commands/replay';
import { toMskEvent } from '../../cli/sim/msk-event';
import type { DetectState } from '../../functions/detect/types';
import { freshBucket, freshTable, testStackEnv } from '../helpers/local-stack';
import { runSluice } from '../helpers/sluice-process';

const T0 = Date.UTC(2026, 10, 22, 12, 0, 0);
const windows = 26;
const files = 20;
const partitions = 2;
const seconds = windows * 10;

/**
 * One error a second on each of two partitions for 260 s (26 windows of 10 s, 20 errors each), cut in
 * time order into 20 files of 13 s: files 9 and 10 share the window 12:01:50, as do most neighbours.
 */
function writeScenario(): { dir: string; names: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-replay-order-'));
  const names: string[] = [];
  const perFile = seconds / files;
  for (let f = 0; f < files; f += 1) {
    const records = [];
    for (let s = f * perFile; s < (f + 1) * perFile; s += 1) {
      for (let partition = 0; partition < partitions; partition += 1) {
        const time = T0 + s * 1000;
        records.push({
          topic: 'logs',
          partition,
          offset: 1000 + s,
          timestamp: time,
          value: JSON.stringify({
            time: new Date(time).toISOString(),
            level: 'error',
            msg: 'db timeout',
            pathname: '/app/db.py',
          }),
        });
      }
    }
    const name = `batch-${f + 1}.json`;
    writeFileSync(join(dir, name), JSON.stringify(toMskEvent(records)));
    names.push(name);
  }
  writeFileSync(
    join(dir, 'rules.yml'),
    'rules:\n  - { name: burst, where: { level: error }, groupBy: pathname, window: 10s, threshold: 15, realert: 0s }\n',
  );
  return { dir, names };
}

async function freshEnv(): Promise<Record<string, string>> {
  return { ...(await testStackEnv()), SLUICE_BUCKET: await freshBucket(), SLUICE_TABLE: await freshTable() };
}

describe('sluice replay orders each partition by offset, whatever the order of its files', () => {
  const { dir, names } = writeScenario();
  const rules = ['--rules', join(dir, 'rules.yml')];
  // What a shell glob gives for batch-*.json: batch-1, batch-10, batch-11, ..., batch-19, batch-2, batch-20, ...
  const globbed = [...names].sort().map((name) => join(dir, name));

  test('batch-1 … batch-20 given in name order: all 26 windows exact, 26 alerts, exit 0', async () => {
    const env = await freshEnv();
    const run = await runSluice(['replay', ...globbed, ...rules, '--json'], env);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as ReplayTotals;
    assert.equal(report.records, windows * 10 * partitions);
    assert.equal(report.alerts.length, windows);
    const state = await runSluice(['state', '--json'], env);
    const { windows: counted } = JSON.parse(state.stdout) as DetectState;
    assert.deepEqual(
      counted.map((window) => window.count),
      Array.from({ length: windows }, () => 10 * partitions),
    );
    assert.doesNotMatch(run.stderr, /not added/);
  });

  test('the directory: the same counts; a second replay on the same data dir says what it did not count', async () => {
    const env = await freshEnv();
    const first = await runSluice(['replay', dir, ...rules], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /replayed 20 files: 520 records = 520 accepted/);
    assert.match(first.stdout, /alerts fired 26/);
    assert.match(first.stderr, /\[2\/20\] .*batch-2\.json/, 'files in natural order: batch-2 second');

    const second = await runSluice(['replay', dir, ...rules, '--json'], env);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual((JSON.parse(second.stdout) as ReplayTotals).alerts, []);
    assert.match(second.stderr, /520 window counts were not added/);
  });

  test('the human output says when files were out of offset order', async () => {
    const run = await runSluice(['replay', ...globbed, ...rules], await freshEnv());
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /not in offset order/);
  });
});
