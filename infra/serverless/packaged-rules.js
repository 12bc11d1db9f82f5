'use strict';
// The stage's rules file (`rules` stage parameter): checked when the stack is packaged, shipped in the
// detect and sweep packages, and named by their SLUICE_RULES (docs/deploy.md "Your own rules").
const { existsSync, readFileSync } = require('node:fs');
const { isAbsolute, join, relative } = require('node:path');

/** The functions that read the rules: detect counts and alerts, sweep decides closed windows. */
const RULE_READERS = ['detect', 'sweep'];

/**
 * The problems of the rules file `file` (relative to the service folder), each one line as
 * `sluice rules check` prints them; empty when it is valid. The rules are read by sluice's own
 * parser (TypeScript, loaded through tsx, a dev dependency like the framework itself).
 *
 * @example
 * rulesFileProblems('/repo', 'rules/prod.yml'); // [] or ['rules/prod.yml:6: rule "r": ...']
 */
function rulesFileProblems(servicePath, file) {
  if (isAbsolute(file) || relative(servicePath, join(servicePath, file)).startsWith('..')) {
    return [`rules: ${file} must be a path inside the service folder (it is packaged with the functions)`];
  }
  const path = join(servicePath, file);
  if (!existsSync(path)) return [`rules: ${file} does not exist (a path relative to ${servicePath})`];
  const { require: tsRequire } = require('tsx/cjs/api');
  const { parseRules } = tsRequire('../../shared/rules/parse.ts', __filename);
  const { describeProblem } = tsRequire('../../shared/rules/report.ts', __filename);
  const parsed = parseRules(readFileSync(path, 'utf8'), file);
  return parsed.ok ? [] : parsed.problems.map((problem) => describeProblem(file, problem));
}

/**
 * Ships `file` in the packages of the functions that read rules and points their SLUICE_RULES at it
 * (Lambda's working directory is the package's root).
 *
 * @example
 * packageRules(serverless.service, 'rules/prod.yml');
 */
function packageRules(service, file) {
  for (const name of RULE_READERS) {
    const fn = service.functions?.[name];
    if (!fn) continue;
    fn.package = { ...fn.package, patterns: [...(fn.package?.patterns ?? []), file] };
    fn.environment = { ...fn.environment, SLUICE_RULES: file };
  }
}

module.exports = { RULE_READERS, packageRules, rulesFileProblems };
