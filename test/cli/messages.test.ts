// What every command says, as a new user reads it: one voice for the summaries, a version, singular
// for one, and the same words for the same mistake.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { commands } from '../../cli/commands/index';
import { formatRedriveReport } from '../../cli/commands/redrive';
import { toMskEvent } from '../../cli/sim/msk-event';
import { freshBucket, freshTable, testStackEnv } from '../helpers/local-stack';
import { runSluice } from '../helpers/sluice-process';

const root = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'sluice-messages-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('sluice, as a new user reads it', () => {
  test('sluice --version prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const run = await runSluice(['--version']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `sluice ${version}\n`);
  });

  test('every summary starts the same way (a lowercase verb, no full stop); every help with its usage', () => {
    for (const command of commands) {
      assert.match(command.summary, /^[a-z]/, `${command.name}: "${command.summary}"`);
      assert.doesNotMatch(command.summary, /\.$/, command.name);
      assert.ok(command.help.trim().startsWith(`Usage: sluice ${command.name}`), command.name);
    }
  });

  test('one record, one file, one object: singular', async () => {
    const events = join(dir, 'one.json');
    const value = JSON.stringify({ level: 'info', message: 'hello', timestamp: '2026-11-22T12:00:00Z' });
    writeFileSync(
      events,
      JSON.stringify(toMskEvent([{ topic: 'logs', partition: 0, offset: 0, timestamp: Date.now(), value }])),
    );
    const env = {
      ...(await testStackEnv()),
      SLUICE_BUCKET: await freshBucket('singular'),
      SLUICE_TABLE: await freshTable('singular'),
    };
    const replay = await runSluice(['replay', events, '--data-dir', join(dir, 'data')], env);
    assert.equal(replay.code, 0, replay.stderr);
    assert.match(replay.stdout, /^replayed 1 file: 1 record = 1 accepted \+ 0 dead-lettered \+ 0 skipped;/m);
    assert.match(replay.stderr, /one\.json: 1 record, 1 accepted/);
    const state = await runSluice(['state', '--data-dir', join(dir, 'data')], env);
    assert.match(state.stdout, /^archive: 1 record in 1 object; dead-letter: 0 records in 0 objects$/m);
    assert.match(
      formatRedriveReport({
        dryRun: true,
        entries: 1,
        objects: 1,
        accepted: 1,
        stillDeadLettered: 0,
        unhandled: 0,
        archived: 0,
        byReason: {},
        redriven: [],
      }),
      /^dry run: 1 dead-letter record in 1 object: /,
    );
  });

  test('a duration flag without a unit is refused in the words of rules files', async () => {
    const run = await runSluice(['opensearch', 'setup', '--retention', '30', '--dry-run']);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      'sluice opensearch: --retention: 30 has no unit; use a number and a unit: 500ms, 10s, 5m, 1h or 1d\n',
    );
  });
});
