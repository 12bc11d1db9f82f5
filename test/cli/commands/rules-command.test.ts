import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { rulesCommand } from '../../../cli/commands/rules';

const fixture = (name: string) => join(__dirname, '..', '..', 'fixtures', 'rules', name);

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = process.stdout.write;
  const stderr = process.stderr.write;
  process.stdout.write = ((chunk: string) => {
    out += chunk;
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => {
    err += chunk;
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await rulesCommand.run(argv), out, err };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
}

test('sluice rules check FILE: one line per problem, then a count, exit 1', async () => {
  const { code, out, err } = await run(['check', fixture('new-user-mistakes.yml')]);
  assert.equal(code, 1);
  assert.equal(out, '');
  const lines = err.trimEnd().split('\n');
  assert.equal(lines.length, 5);
  assert.match(
    lines[0] ?? '',
    /new-user-mistakes\.yml:4: rule "error-burst": field "groupby" is not known; did you mean "groupBy"\?$/,
  );
  assert.match(lines[4] ?? '', /new-user-mistakes\.yml: 4 problems$/);
});

test('sluice rules check on a valid file describes each rule, exit 0', async () => {
  const { code, out } = await run(['check', fixture('valid.yml')]);
  assert.equal(code, 0);
  assert.match(out, /valid\.yml: 3 rules, valid/);
  assert.match(
    out,
    /db-timeouts: per kubernetes\.container, alerts when more than 3 in 1m sliding every 10s, realert 1m/,
  );
});

test('sluice rules defaults prints a file that checks clean', async () => {
  const { code, out } = await run(['defaults']);
  assert.equal(code, 0);
  assert.match(out, /name: error-burst/);
  await assert.rejects(() => rulesCommand.run(['lint']), /use "sluice rules check \[FILE\]"/);
});
