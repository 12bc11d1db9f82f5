// The stage's own rules file (`--param rules=...`): checked when the stack is packaged, shipped with
// detect and sweep, and named by their SLUICE_RULES; without it they run the bundled rules.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { isObject, resourcesOfType, type Template } from './cfn';
import { type FunctionName, packageService } from './package';
import { readZip } from './zip';

const RULES = `rules:
  - name: error-burst
    where: { level: [error, fatal] }
    groupBy: pathname
    window: 10s
    threshold: 25
  - name: service-silent
    type: flatline
    groupBy: service
    window: 1m
    lookback: 10m
  - name: new-error
    type: new
    where: { level: [error, fatal] }
`;

/** Each function's environment in the template, by the function's name in serverless.yml. */
function environments(template: Template): Map<string, Record<string, unknown>> {
  const found = new Map<string, Record<string, unknown>>();
  for (const [id, resource] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const name = id.replace(/LambdaFunction$/, '').toLowerCase();
    const environment = (resource.Properties as { Environment?: { Variables?: unknown } }).Environment;
    found.set(name, isObject(environment?.Variables) ? environment.Variables : {});
  }
  return found;
}

const entriesOf = (path: string): string[] => readZip(readFileSync(path)).map((entry) => entry.name);

describe('a stage with its own rules file', () => {
  test('is shipped with detect and sweep only, which read it through SLUICE_RULES', () => {
    const packaged = packageService('rules-file', ['rules=rules/prod.yml'], { 'rules/prod.yml': RULES });
    const env = environments(packaged.template);
    for (const name of ['detect', 'sweep'] as const) {
      assert.equal(env.get(name)?.SLUICE_RULES, 'rules/prod.yml', name);
      assert.ok(entriesOf(packaged.artifacts[name].path).includes('rules/prod.yml'), `${name}.zip`);
    }
    for (const name of ['index', 'archive', 'notify', 'rehydrate'] as FunctionName[]) {
      assert.equal(env.get(name)?.SLUICE_RULES, undefined, name);
      assert.ok(!entriesOf(packaged.artifacts[name].path).includes('rules/prod.yml'), `${name}.zip`);
    }
  });

  test('with a problem, is refused at package time with the same one-line problems as rules check', () => {
    assert.throws(
      () =>
        packageService('rules-file-bad', ['rules=rules/prod.yml'], {
          'rules/prod.yml': RULES.replace('threshold: 25', 'threshold: 5%'),
        }),
      (error: Error) =>
        error.message.includes(
          'rules/prod.yml:6: rule "error-burst": threshold: expected a whole number 0 or more, got "5%"',
        ),
    );
    assert.throws(
      () => packageService('rules-file-missing', ['rules=rules/none.yml']),
      /rules: rules\/none\.yml does not exist/,
    );
  });
});
