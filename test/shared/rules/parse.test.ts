import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { InvalidInputError } from '../../../shared/errors';
import { loadRules, RulesFileError } from '../../../shared/rules/load';
import { defaultRules, parseRules } from '../../../shared/rules/parse';
import { describeProblem } from '../../../shared/rules/report';
import { isCountRule } from '../../../shared/rules/types';
import { makeEvent } from './make-event';

const fixture = (name: string) => join(__dirname, '..', '..', 'fixtures', 'rules', name);

function problemsOf(text: string): string[] {
  const parsed = parseRules(text, 'rules.yml');
  assert.equal(parsed.ok, false, 'expected problems');
  return parsed.ok ? [] : parsed.problems.map((problem) => describeProblem('rules.yml', problem));
}

const rule = (body: string) =>
  `rules:\n  - name: r\n${body.replace(/^/gm, '    ')}\n${body.includes('groupBy') ? '' : '    groupBy: pathname\n'}`;

describe('bundled rules', () => {
  test('are the two bundled rules of docs/rules.md', () => {
    const { rules, source } = defaultRules();
    assert.equal(source, 'bundled defaults');
    assert.deepEqual(
      rules.map(({ matches: _, ...data }) => data),
      [
        {
          type: 'count',
          name: 'error-burst',
          destination: undefined,
          where: { level: ['error', 'fatal'] },
          groupBy: 'pathname',
          windowMs: 10_000,
          slideMs: 10_000,
          threshold: 25,
          realertMs: 300_000,
          notifyResolved: false,
        },
        {
          type: 'count',
          name: 'exception-seen',
          destination: undefined,
          where: { message: { contains: 'exception' } },
          groupBy: 'kubernetes.container',
          windowMs: 60_000,
          slideMs: 60_000,
          threshold: 0,
          realertMs: 600_000,
          notifyResolved: false,
        },
      ],
    );
  });

  test('loadRules without a file gives the defaults', () => {
    assert.deepEqual(
      loadRules(undefined).rules.map((r) => r.name),
      ['error-burst', 'exception-seen'],
    );
  });
});

describe('a new user mistakes', () => {
  test('typo, bad duration, bad regex and a backtracking regex: one clear line each', () => {
    const error = (() => {
      try {
        loadRules(fixture('new-user-mistakes.yml'));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    assert.ok(error instanceof RulesFileError);
    const file = fixture('new-user-mistakes.yml');
    assert.deepEqual(error.lines, [
      `${file}:4: rule "error-burst": field "groupby" is not known; did you mean "groupBy"?`,
      `${file}:5: rule "error-burst": window: "10 seconds" is not a duration; use a number and a unit: 500ms, 10s, 5m, 1h or 1d`,
      `${file}:8: rule "timeouts": where.message.matches: not a valid regular expression (/timed out after (\\d+ ms/: Unterminated group)`,
      `${file}:13: rule "slow-regex": where.message.matches: refused: the repeated group "(\\w+\\s?)" contains a repetition itself, which can take exponential time on some lines; repeat only the inner part`,
    ]);
    assert.equal(error.message, error.lines.join('\n'));
  });

  test('an unreadable file is one line naming it', () => {
    assert.throws(() => loadRules('/nonexistent/rules.yml'), {
      name: 'InvalidInputError',
      message: 'rules file /nonexistent/rules.yml: no such file',
    });
    assert.ok(new RulesFileError(['x']) instanceof InvalidInputError);
  });
});

describe('problems', () => {
  const cases: Array<[string, string, string]> = [
    [
      'missing window',
      rule('threshold: 1'),
      'rules.yml:2: rule "r": window: missing; use a duration such as 10s or 5m',
    ],
    [
      'missing threshold',
      rule('window: 10s'),
      'rules.yml:2: rule "r": threshold: missing; the rule fires when count > threshold',
    ],
    [
      'bare number',
      rule('window: 10\nthreshold: 1'),
      'rules.yml:3: rule "r": window: 10 has no unit; use a number and a unit: 500ms, 10s, 5m, 1h or 1d',
    ],
    [
      'window too small',
      rule('window: 10ms\nthreshold: 1'),
      'rules.yml:3: rule "r": window: must be at least 1s, got 10ms',
    ],
    [
      'slide not dividing',
      rule('window: 1m\nslide: 7s\nthreshold: 1'),
      'rules.yml:4: rule "r": slide: 7s must divide window (1m) evenly',
    ],
    [
      'slide too large',
      rule('window: 1m\nslide: 1m\nthreshold: 1'),
      'rules.yml:4: rule "r": slide: 1m must be smaller than window',
    ],
    [
      'negative threshold',
      rule('window: 1m\nthreshold: -1'),
      'rules.yml:4: rule "r": threshold: expected a whole number 0 or more, got -1',
    ],
    [
      'fractional threshold',
      rule('window: 1m\nthreshold: 2.5'),
      'rules.yml:4: rule "r": threshold: expected a whole number 0 or more, got 2.5',
    ],
    [
      'unknown groupBy',
      rule('groupBy: pathnme\nwindow: 1m\nthreshold: 1'),
      'rules.yml:3: rule "r": groupBy: "pathnme" is not a field sluice knows; did you mean "pathname"?',
    ],
    [
      'unknown where field',
      rule('where: { levle: error }\nwindow: 1m\nthreshold: 1'),
      'rules.yml:3: rule "r": where: "levle" is not a field sluice knows; did you mean "level"?',
    ],
    [
      'unknown operator',
      rule('where: { message: { contain: x } }\nwindow: 1m\nthreshold: 1'),
      'rules.yml:3: rule "r": where.message: "contain" is not a condition; did you mean "contains"?',
    ],
    [
      'two operators',
      rule('where: { message: { contains: x, matches: y } }\nwindow: 1m\nthreshold: 1'),
      'rules.yml:3: rule "r": where.message: use exactly one of {contains: text} or {matches: regex}',
    ],
    [
      'empty list',
      rule('where: { level: [] }\nwindow: 1m\nthreshold: 1'),
      'rules.yml:3: rule "r": where.level: a list must hold one or more plain values (text or numbers)',
    ],
    [
      'bad flags',
      rule('where: { message: { matches: "/x/g" } }\nwindow: 1m\nthreshold: 1'),
      'rules.yml:3: rule "r": where.message.matches: flags "g" not allowed; use i, m, s or u',
    ],
    [
      'alternation',
      rule('where: { message: { matches: "(.|\\\\s)*x" } }\nwindow: 1m\nthreshold: 1'),
      'rules.yml:3: rule "r": where.message.matches: refused: the repeated group of alternatives "(.|\\s)" can match the same text in several ways, which can take exponential time; use a character class or plain-text alternatives',
    ],
    [
      'notifyResolved text',
      rule('window: 1m\nthreshold: 1\nnotifyResolved: "yes"'),
      'rules.yml:5: rule "r": notifyResolved: expected true or false, got "yes"',
    ],
    [
      'bad name',
      'rules:\n  - name: "a b"\n    window: 1m\n    threshold: 1\n',
      'rules.yml:2: rule "a b": name: "a b" is not a usable name; use letters, digits, - _ . (up to 64)',
    ],
    [
      'no name',
      'rules:\n  - window: 1m\n    threshold: 1\n',
      'rules.yml:2: rule #1: name: missing; every rule needs a name',
    ],
    ['not a list', 'rules: {}\n', 'rules.yml:1: rules: expected a list of rules, got a map'],
    [
      'no rules key',
      'rule: []\n',
      'rules.yml:1: "rule" is not known at the top level; did you mean "rules"?',
    ],
    [
      'invalid YAML',
      'rules:\n  - name: [\n',
      'rules.yml:3: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => assert.equal(problemsOf(text)[0], expected));
  }

  test('duplicate names are reported on the second', () => {
    const r = '    window: 1m\n    threshold: 1\n    groupBy: service\n';
    const text = `rules:\n  - name: a\n${r}  - name: a\n${r}`;
    assert.deepEqual(problemsOf(text), [
      'rules.yml:6: rule "a": name: also used by rule #1; names must be unique',
    ]);
  });

  test('every problem of a file is reported, in line order', () => {
    const text = rule('windw: 1m\nthreshold: x\nrealert: soon');
    assert.deepEqual(problemsOf(text), [
      'rules.yml:3: rule "r": field "windw" is not known; did you mean "window"?',
      'rules.yml:4: rule "r": threshold: expected a whole number 0 or more, got "x"',
      'rules.yml:5: rule "r": realert: "soon" is not a duration; use a number and a unit: 500ms, 10s, 5m, 1h or 1d',
    ]);
  });
});

describe('a valid file', () => {
  const parsed = parseRules(readFileSync(fixture('valid.yml'), 'utf8'), 'valid.yml');
  assert.ok(parsed.ok);
  const [burst, timeouts, panic] = parsed.ruleSet.rules.filter(isCountRule);
  assert.ok(burst && timeouts && panic);

  test('reads every field', () => {
    assert.equal(burst.notifyResolved, true);
    assert.equal(timeouts.slideMs, 10_000);
    assert.equal(timeouts.windowMs, 60_000);
    assert.equal(timeouts.realertMs, 60_000, 'realert defaults to the window');
    assert.equal(panic.realertMs, 0);
    assert.equal(panic.groupBy, 'service');
  });

  test('where: lists, regex with flags, dotted fields, attrs', () => {
    assert.equal(burst.matches(makeEvent({ level: 'fatal' })), true);
    assert.equal(burst.matches(makeEvent({ level: 'warn' })), false);
    const prod = { namespace: 'prod', container: 'db' };
    assert.equal(
      timeouts.matches(makeEvent({ message: 'Query TIMED OUT after 30ms', kubernetes: prod })),
      true,
    );
    assert.equal(
      timeouts.matches(makeEvent({ message: 'Query timed out after 30ms' })),
      false,
      'no namespace',
    );
    assert.equal(timeouts.matches(makeEvent({ message: 'Query timed out', kubernetes: prod })), false);
    assert.equal(
      panic.matches(makeEvent({ attrs: { error: { kind: 'go panic' } } })),
      true,
      'nested, any case',
    );
    assert.equal(panic.matches(makeEvent({ attrs: { 'error.kind': 'kernel Panic' } })), true, 'dotted key');
    assert.equal(panic.matches(makeEvent({ attrs: {} })), false);
  });
});

describe('a level that normalized logs never have', () => {
  test('is refused with the level logs are normalized to, in where and in a ratio rule of', () => {
    assert.deepEqual(problemsOf(rule('where: { level: [error, critical] }\nwindow: 10s\nthreshold: 1')), [
      'rules.yml:3: rule "r": where.level: "critical" is not a level of normalized logs, so it never matches; logs that say "critical" are normalized to fatal: use fatal',
    ]);
    assert.deepEqual(problemsOf(rule('type: ratio\nof: { level: WARNING }\nwindow: 1m\nthreshold: 5%')), [
      'rules.yml:4: rule "r": of.level: "WARNING" is not a level of normalized logs, so it never matches; logs that say "WARNING" are normalized to warn: use warn',
    ]);
    assert.deepEqual(problemsOf(rule('where: { level: boom }\nwindow: 10s\nthreshold: 1')), [
      'rules.yml:3: rule "r": where.level: "boom" is not a level of normalized logs, so it never matches; use trace, debug, info, warn, error, fatal, unknown',
    ]);
  });

  test('every level of normalized logs is accepted', () => {
    const parsed = parseRules(
      rule('where: { level: [trace, debug, info, warn, error, fatal, unknown] }\nwindow: 10s\nthreshold: 1'),
      'rules.yml',
    );
    assert.ok(parsed.ok);
  });
});
