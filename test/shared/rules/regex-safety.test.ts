import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backtrackingProblem, MATCH_INPUT_LIMIT } from '../../../shared/rules/regex-safety';
import { compileWhere } from '../../../shared/rules/where';
import { makeEvent } from './make-event';

describe('backtrackingProblem', () => {
  const refused = [
    '(a+)+$',
    '(a*)*b',
    '^(\\w+\\s?)*$',
    '(x{2,})+',
    '((ab)*c)+',
    '(?:a+)+',
    '(?<word>\\d+)*',
    '(.|\\s)*end',
    '(a|aa)+',
    '(a|ab){2,}',
    '(\\d|x)+',
  ];
  for (const source of refused) {
    test(`refuses ${source}`, () => assert.ok(backtrackingProblem(source), source));
  }
  const allowed = [
    'timeout after \\d+ ms',
    '(GET|POST)+ /api',
    '(ab)+c',
    '(a+)?b',
    '(a+){1}',
    '[(a+)+]',
    '\\(a+\\)+',
    'a{2,3}b+c*',
    '^ERROR .* failed$',
    '(?:foo|bar) baz',
    '(a+)(b+)',
  ];
  for (const source of allowed) {
    test(`allows ${source}`, () => assert.equal(backtrackingProblem(source), undefined));
  }
});

test('matches sees at most MATCH_INPUT_LIMIT characters of a field', () => {
  const matches = compileWhere([{ field: 'message', kind: 'matches', regex: /needle/ }]);
  const pad = 'x'.repeat(MATCH_INPUT_LIMIT);
  assert.equal(matches(makeEvent({ message: `needle ${pad}` })), true);
  assert.equal(matches(makeEvent({ message: `${pad}needle` })), false);
});

test('a global regex does not carry lastIndex from one event to the next', () => {
  const matches = compileWhere([{ field: 'message', kind: 'matches', regex: /a/g }]);
  assert.equal(matches(makeEvent({ message: 'a' })), true);
  assert.equal(matches(makeEvent({ message: 'a' })), true);
});

test('equality compares text, and an absent field matches nothing', () => {
  const byLine = compileWhere([{ field: 'lineno', kind: 'equals', values: ['42'] }]);
  assert.equal(byLine(makeEvent({ lineno: 42 })), true);
  assert.equal(byLine(makeEvent({ lineno: undefined })), false);
  const contains = compileWhere([{ field: 'service', kind: 'contains', needle: 'API' }]);
  assert.equal(contains(makeEvent({ service: 'my-api' })), true);
  assert.equal(contains(makeEvent({ service: undefined })), false);
});
