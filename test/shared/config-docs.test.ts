// The README's configuration table is the user's list of every variable sluice reads: it must name
// each one shared/config.ts (the only reader of the environment) reads, and no other.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

test('the README configuration table lists exactly the variables shared/config.ts reads', () => {
  const source = read('shared/config.ts');
  // Every variable name written in config.ts (read directly or through a list of fallbacks).
  const readByConfig = new Set(
    [...source.matchAll(/'((?:AWS|SLUICE|OPENSEARCH|SLACK|DASHBOARDS)_[A-Z0-9_]+)'/g)].map((m) => m[1]),
  );
  assert.ok(readByConfig.size > 20, `found ${readByConfig.size} variables in shared/config.ts`);
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Documentation'));
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  // A family of variables is a prefix in config.ts (`'SLACK_WEBHOOK_URL_'`) and `PREFIX_<NAME>` in the table.
  const documented = new Set(
    rows.flatMap((row) =>
      [...(row.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)(?:<NAME>)?`/g)].map((m) => m[1]),
    ),
  );
  assert.deepEqual(
    [...readByConfig].filter((name) => !documented.has(name)).sort(),
    [],
    'read, not documented',
  );
  assert.deepEqual(
    [...documented].filter((name) => !readByConfig.has(name)).sort(),
    [],
    'documented, not read',
  );
});

test('no code outside shared/config.ts reads a variable of the environment', () => {
  const files = (dir: string): string[] =>
    readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(dir, name));
  const readers = ['functions', 'shared', 'cli']
    .flatMap(files)
    .filter((file) => file !== join('shared', 'config.ts'))
    .filter((file) => /process\.env(\.|\[)[A-Z_]/.test(read(file)));
  assert.deepEqual(readers, []);
});
