import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeRule } from '../../../cli/commands/rules';
import { parseRules } from '../../../shared/rules/parse';
import { describeProblem } from '../../../shared/rules/report';
import type { Rule } from '../../../shared/rules/types';
import { makeEvent } from './make-event';

function parse(text: string): Rule[] {
  const parsed = parseRules(text, 'rules.yml');
  assert.ok(
    parsed.ok,
    parsed.ok ? '' : parsed.problems.map((p) => describeProblem('rules.yml', p)).join('\n'),
  );
  return [...parsed.ruleSet.rules];
}

function problemsOf(text: string): string[] {
  const parsed = parseRules(text, 'rules.yml');
  assert.equal(parsed.ok, false, 'expected problems');
  return parsed.ok ? [] : parsed.problems.map((problem) => describeProblem('rules.yml', problem));
}

describe('rule types', () => {
  test('a rule without type counts, as before', () => {
    const [rule] = parse('rules:\n  - name: r\n    groupBy: pathname\n    window: 10s\n    threshold: 3\n');
    assert.equal(rule?.type, 'count');
  });

  test('flatline: the issue example, with defaults for lateness and idleness', () => {
    const [rule] = parse(`rules:
  - name: service-silent
    type: flatline
    where: {}
    groupBy: service
    window: 1m
    threshold: 0
    lookback: 10m
    realert: 30m
    notifyResolved: true
`);
    assert.ok(rule?.type === 'flatline');
    assert.equal(rule.lookbackMs, 600_000);
    assert.equal(rule.realertMs, 1_800_000);
    assert.equal(rule.threshold, 0);
    assert.equal(rule.allowedLatenessMs, 60_000);
    assert.equal(rule.idleTimeoutMs, 300_000);
    assert.equal(rule.notifyResolved, true);
  });

  test('flatline defaults: threshold 0, lookback 10 windows, realert = lookback', () => {
    const [rule] = parse('rules:\n  - name: s\n    type: flatline\n    groupBy: service\n    window: 30s\n');
    assert.ok(rule?.type === 'flatline');
    assert.equal(rule.threshold, 0);
    assert.equal(rule.lookbackMs, 300_000);
    assert.equal(rule.realertMs, 300_000);
  });

  test('ratio: the issue example; of defaults to every event; where and of both decide', () => {
    const [rule] = parse(`rules:
  - name: error-ratio
    type: ratio
    where: { level: [error, fatal] }
    of: {}
    groupBy: service
    window: 1m
    threshold: 5%
    minCount: 100
    allowedLateness: 30s
    idleTimeout: 2m
`);
    assert.ok(rule?.type === 'ratio');
    assert.equal(rule.threshold, 5);
    assert.equal(rule.minCount, 100);
    assert.equal(rule.allowedLatenessMs, 30_000);
    assert.equal(rule.idleTimeoutMs, 120_000);
    assert.equal(rule.inOf(makeEvent({ level: 'info' })), true);
    assert.equal(rule.matches(makeEvent({ level: 'error' })), true);
    const [narrow] = parse(
      'rules:\n  - name: r\n    type: ratio\n    of: { service: payments }\n    groupBy: service\n    window: 1m\n    threshold: 0.5%\n',
    );
    assert.ok(narrow?.type === 'ratio');
    assert.equal(narrow.threshold, 0.5);
    assert.equal(narrow.minCount, 20);
    assert.equal(narrow.inOf(makeEvent({ service: 'orders' })), false);
  });

  test('problems are one line each, naming the field', () => {
    const base = (type: string, body: string) =>
      `rules:\n  - name: r\n    type: ${type}\n    groupBy: service\n    window: 1m\n${body}`;
    assert.deepEqual(problemsOf(base('ratio', '    threshold: 5\n')), [
      'rules.yml:6: rule "r": threshold: 5 is not a percentage; write 5%',
    ]);
    assert.deepEqual(problemsOf(base('ratio', '    threshold: 100%\n')), [
      'rules.yml:6: rule "r": threshold: 100% can never be exceeded; use a percentage below 100%',
    ]);
    assert.deepEqual(problemsOf(base('ratio', '')), [
      'rules.yml:2: rule "r": threshold: missing; a percentage such as 5%; the rule fires when count / of-count > threshold',
    ]);
    assert.deepEqual(
      problemsOf(base('ratio', '    threshold: 5%\n    minCount: 0\n    of: { levle: error }\n')),
      [
        'rules.yml:8: rule "r": of: "levle" is not a field sluice knows; did you mean "level"?',
        'rules.yml:7: rule "r": minCount: expected a whole number 1 or more, got 0',
      ].sort((a, b) => Number(a.split(':')[1]) - Number(b.split(':')[1])),
    );
    assert.deepEqual(problemsOf(base('flatline', '    lookback: 90s\n')), [
      'rules.yml:6: rule "r": lookback: 90s must be a whole number of windows (1m)',
    ]);
    assert.deepEqual(problemsOf(base('flatline', '    lookback: 1d\n')), [
      'rules.yml:6: rule "r": lookback: 1d is 1440 windows of 1m; at most 100 (use a longer window or a shorter lookback)',
    ]);
    assert.deepEqual(problemsOf(base('flatline', '    slide: 10s\n    allowedLateness: soon\n')), [
      'rules.yml:6: rule "r": slide: flatline rules use tumbling windows; remove slide',
      'rules.yml:7: rule "r": allowedLateness: "soon" is not a duration; use a number and a unit: 500ms, 10s, 5m, 1h or 1d',
    ]);
    assert.deepEqual(problemsOf(base('count', '    threshold: 3\n    lookback: 5m\n')), [
      'rules.yml:7: rule "r": field "lookback" is for flatline and new rules, not type: count (its fields: groupBy, window, slide, threshold, realert, notifyResolved)',
    ]);
    assert.deepEqual(problemsOf(base('silence', '    threshold: 3\n')), [
      'rules.yml:3: rule "r": type: "silence" is not a rule type; use count, flatline, ratio or new (default count)',
    ]);
    assert.deepEqual(problemsOf(base('flatline', '    threshold: -1\n')), [
      'rules.yml:6: rule "r": threshold: expected a whole number 0 or more (fires when a window has at most that many events), got -1',
    ]);
  });
});

test('sluice rules check describes flatline and ratio rules in their own words', () => {
  const [flatline, ratio] = parse(`rules:
  - { name: silent, type: flatline, groupBy: service, window: 1m, lookback: 10m, realert: 30m, notifyResolved: true }
  - { name: ratio, type: ratio, where: { level: error }, groupBy: service, window: 1m, threshold: 5%, minCount: 100 }
`);
  assert.equal(
    describeRule(flatline as Rule),
    'silent: per service, alerts when a group seen within 10m has at most 0 in a closed 1m window (lateness 1m, idle after 5m), realert 30m, notifies when resolved',
  );
  assert.equal(
    describeRule(ratio as Rule),
    'ratio: per service, alerts when more than 5% of at least 100 events match in a closed 1m window (lateness 1m, idle after 5m), realert 1m',
  );
});
