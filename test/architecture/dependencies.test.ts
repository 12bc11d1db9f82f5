// Dependencies run one way: functions → shared; cli → functions, shared, infra; infra → shared (types
// and helpers); shared imports none of functions, cli or infra; no function imports another.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, test } from 'node:test';
import { build } from 'esbuild';
import ts from 'typescript';

const root = resolve(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every relative import of a file (static, dynamic, `require`, `export ... from`) as a repository path. */
function localImports(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((entry) => entry.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) =>
      relative(root, resolve(dirname(file), name))
        .split(sep)
        .join('/'),
    );
}

/** `from -> to` for every import of a file under `folder` that `allowed` refuses. */
function violations(folder: string, allowed: (from: string, to: string) => boolean): string[] {
  return sources(join(root, folder)).flatMap((file) => {
    const from = relative(root, file).split(sep).join('/');
    return localImports(file)
      .filter((to) => !allowed(from, to))
      .map((to) => `${from} -> ${to}`);
  });
}

const top = (path: string): string => path.split('/')[0] ?? '';

describe('dependencies run one way', () => {
  test('shared/ imports neither functions/, cli/ nor infra/', () => {
    assert.deepEqual(
      violations('shared', (_from, to) => !['functions', 'cli', 'infra'].includes(top(to))),
      [],
    );
  });

  test('a function imports shared/ and its own folder, never another function, cli/ or infra/', () => {
    const folder = (path: string): string => path.split('/').slice(0, 2).join('/');
    assert.deepEqual(
      violations('functions', (from, to) => top(to) === 'shared' || folder(to) === folder(from)),
      [],
    );
  });

  test('infra/ imports nothing from functions/ or cli/', () => {
    assert.deepEqual(
      violations('infra', (_from, to) => !['functions', 'cli'].includes(top(to))),
      [],
    );
  });

  test('the check sees a forbidden import (it can fail)', () => {
    assert.ok(
      violations('cli', (_from, to) => top(to) !== 'functions').some((line) =>
        line.includes(' -> functions/'),
      ),
      'cli imports functions, so a rule refusing that must report it',
    );
  });
});

describe('type-only packages stay out of the Lambda bundles', () => {
  test('no function bundle contains @slack/types (sluice imports it for types only)', async () => {
    for (const name of ['index', 'archive', 'detect', 'sweep', 'notify']) {
      const { metafile } = await build({
        entryPoints: [join(root, 'functions', name, 'handler.ts')],
        bundle: true,
        write: false,
        metafile: true,
        format: 'cjs',
        platform: 'node',
        target: 'node22',
        logLevel: 'silent',
      });
      const inputs = Object.keys(metafile.inputs);
      assert.ok(
        inputs.some((input) => input.startsWith('shared/')),
        `${name}: the bundle was read`,
      );
      assert.deepEqual(
        inputs.filter((input) => input.includes('node_modules/@slack/types/')),
        [],
        name,
      );
    }
  });
});
