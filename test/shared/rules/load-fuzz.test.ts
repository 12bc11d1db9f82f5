// The rules loader on hostile and random files (fast-check): it never throws anything but the
// documented RulesFileError / InvalidInputError, every problem is one line, and a file it accepts
// gives rules that work. Random text, random YAML, rule-shaped documents with random values, and
// YAML's own traps (alias bombs, deep nesting, tags, merge keys, several documents).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { InvalidInputError } from '../../../shared/errors';
import { loadRules, RulesFileError } from '../../../shared/rules/load';
import { parseRules } from '../../../shared/rules/parse';
import { describeProblem } from '../../../shared/rules/report';
import { RULE_FIELDS } from '../../../shared/rules/validate-rule';
import { makeEvent } from './make-event';

const dir = mkdtempSync(join(tmpdir(), 'sluice-rules-fuzz-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** The loader's whole contract on one text: rules that work, or one-line problems in a RulesFileError. */
function checkText(text: string): void {
  const parsed = parseRules(text, 'rules.yml');
  if (parsed.ok) {
    for (const rule of parsed.ruleSet.rules) {
      assert.equal(typeof rule.matches(makeEvent()), 'boolean');
      if (rule.type !== 'count') continue;
      assert.ok(rule.windowMs >= 1000 && rule.slideMs > 0 && rule.windowMs % rule.slideMs === 0);
      assert.ok(Number.isSafeInteger(rule.threshold) && rule.threshold >= 0);
    }
  } else {
    assert.ok(parsed.problems.length > 0);
    for (const problem of parsed.problems) {
      const line = describeProblem('rules.yml', problem);
      assert.ok(!/[\n\r\u2028\u2029]/.test(line), `one line: ${JSON.stringify(line)}`);
      assert.ok(line.length <= 2000, `a short line (${line.length} characters)`);
    }
  }
  files += 1;
  const file = join(dir, `r${files}.yml`);
  writeFileSync(file, text);
  try {
    loadRules(file);
    assert.ok(parsed.ok, 'loadRules accepts what parseRules accepts');
  } catch (error) {
    assert.ok(error instanceof InvalidInputError, `only InvalidInputError, got ${String(error)}`);
    assert.ok(error instanceof RulesFileError || !parsed.ok);
  }
}

const keys = [...RULE_FIELDS, 'groupby', 'treshold', '', '<<'];
const durations = [
  '10s',
  '1m',
  '500ms',
  '0s',
  '1.5m',
  '10 seconds',
  '-1s',
  '1e400s',
  '999999999999d',
  'NaN',
  '10',
  '',
];
const fields = [
  'level',
  'message',
  'pathname',
  'kubernetes.container',
  'attrs.user.id',
  'attrs',
  'kafka.offset',
  'nope',
  '__proto__',
  'constructor',
  '',
];
const regexes = [
  'timeout',
  '/x/i',
  '/x/g',
  '(a+)+$',
  '.*.*x',
  '(',
  '\\',
  '/(\\w+)\\1/',
  '[',
  '/a/imsu',
  'x{99}',
];
const value = fc.oneof(
  fc.constantFrom(...durations),
  fc.constantFrom(...fields),
  fc.integer({ min: -5, max: 100 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const where = fc.dictionary(
  fc.constantFrom(...fields),
  fc.oneof(
    value,
    fc.array(value, { maxLength: 3 }),
    fc.record({ contains: value }, { requiredKeys: [] }),
    fc.record({ matches: fc.oneof(fc.constantFrom(...regexes), value) }),
    fc.dictionary(fc.constantFrom('contains', 'matches', 'equals', 'regex', ''), value, { maxKeys: 2 }),
  ),
  { maxKeys: 3 },
);
const rule = fc.dictionary(
  fc.constantFrom(...keys),
  fc.oneof(value, where, fc.constantFrom('burst', 'a-b_c.d', 'x'.repeat(70))),
  { maxKeys: 9 },
);
const ruleFile = fc.oneof(
  fc.record({ rules: fc.array(rule, { maxLength: 4 }) }),
  fc.record({ rules: fc.oneof(value, rule) }),
  fc.dictionary(fc.constantFrom('rules', 'rule', 'Rules'), fc.array(rule, { maxLength: 2 }), { maxKeys: 2 }),
);

describe('the rules loader on random and hostile files', () => {
  test('random text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), checkText), { numRuns: 300 });
  });

  test('random YAML documents', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (doc) => checkText(stringify(doc))),
      { numRuns: 300 },
    );
  });

  test('rule-shaped documents with random values, as written and cut or spliced', () => {
    fc.assert(
      fc.property(ruleFile, fc.nat(), fc.string({ unit: 'binary', maxLength: 4 }), (doc, at, splice) => {
        const text = stringify(doc);
        checkText(text);
        const cut = at % (text.length + 1);
        checkText(text.slice(0, cut) + splice + text.slice(cut));
      }),
      { numRuns: 500 },
    );
  });

  test("YAML's own traps", () => {
    const laugh = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (const name of 'bcdefgh') {
      const previous = String.fromCharCode(name.charCodeAt(0) - 1);
      laugh.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    const traps = [
      `${laugh.join('\n')}\nrules: [*h]\n`, // alias bomb
      'rules:\n  - &r { name: a, groupBy: pathname, window: 10s, threshold: 1 }\n  - *r\n',
      `rules: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`,
      `rules:\n${'  - '.repeat(3000)}x\n`,
      'rules: !!binary aGVsbG8=\n',
      'rules:\n  - name: !!js/function "function () { return 1 }"\n',
      'rules: !!set { a, b }\n',
      '? [a, b]\n: 1\nrules: []\n',
      'rules:\n  - <<: { name: merged, groupBy: pathname }\n    window: 10s\n    threshold: 1\n',
      '---\nrules: []\n---\nrules: []\n',
      'rules: []\n...\ngarbage: [\n',
      '%YAML 9.9\n---\nrules: []\n',
      '"\\ud800": 1\nrules: []\n',
      `rules:\n  - name: "a\\nb"\n    window: "10\\nseconds"\n    groupBy: "path\\u2028name"\n    threshold: "1\\r2"\n`,
      `rules:\n  - name: x\n    where: { message: { matches: "/a\\nb/" } }\n    groupBy: pathname\n    window: 10s\n    threshold: 1\n`,
      `rules:\n${Array.from({ length: 2000 }, (_, i) => `  - { name: r${i}, groupBy: pathname, window: 10s, threshold: 1 }`).join('\n')}\n`,
      '\ufeffrules: []\n',
      '\u0000\u0001\u0002',
      '',
    ];
    for (const text of traps) checkText(text);
  });
});
