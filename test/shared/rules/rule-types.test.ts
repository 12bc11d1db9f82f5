// Rule types (`type: count`, the default, and `type: new`) and routing (`notify: { slack: <name> }`):
// what a file may say, and the one-line problems `sluice rules check` prints for what it may not.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseRules } from '../../../shared/rules/parse';
import { describeProblem } from '../../../shared/rules/report';

function parsed(text: string) {
  const result = parseRules(text, 'rules.yml');
  assert.ok(
    result.ok,
    result.ok ? '' : result.problems.map((p) => describeProblem('rules.yml', p)).join('\n'),
  );
  return result.ruleSet.rules;
}

function problemsOf(text: string): string[] {
  const result = parseRules(text, 'rules.yml');
  assert.equal(result.ok, false, 'expected problems');
  return result.ok ? [] : result.problems.map((problem) => describeProblem('rules.yml', problem));
}

const newRule = (body: string) =>
  `rules:\n  - name: new-error\n    type: new\n${body.replace(/^/gm, '    ')}\n`;

describe('type: new', () => {
  test('the issue example reads as written', () => {
    const [rule] = parsed(
      newRule('where: { level: [error, fatal] }\nfingerprint: [service, pathname, message]\nlookback: 7d'),
    );
    assert.ok(rule?.type === 'new');
    assert.deepEqual(rule.fingerprint, ['service', 'pathname', 'message']);
    assert.equal(rule.lookbackMs, 7 * 86_400_000);
    assert.equal(rule.destination, undefined);
  });

  test('fingerprint and lookback have defaults: service, pathname, message and 7d', () => {
    const [rule] = parsed(newRule('where: { level: error }'));
    assert.ok(rule?.type === 'new');
    assert.deepEqual(rule.fingerprint, ['service', 'pathname', 'message']);
    assert.equal(rule.lookbackMs, 604_800_000);
  });

  test('a rule without type is a count rule', () => {
    const [rule] = parsed('rules:\n  - { name: c, groupBy: pathname, window: 10s, threshold: 1 }\n');
    assert.equal(rule?.type, 'count');
  });

  const cases: Array<[string, string, string]> = [
    [
      'unknown type',
      'rules:\n  - name: x\n    type: newest\n',
      'rules.yml:3: rule "x": type: "newest" is not a rule type; use count, flatline, ratio or new (default count)',
    ],
    [
      'a count field on a new rule',
      newRule('threshold: 3'),
      'rules.yml:4: rule "new-error": field "threshold" is for count, flatline and ratio rules, not type: new (its fields: fingerprint, lookback)',
    ],
    [
      'a new field on a count rule',
      'rules:\n  - name: c\n    groupBy: pathname\n    window: 1m\n    threshold: 1\n    lookback: 7d\n',
      'rules.yml:6: rule "c": field "lookback" is for flatline and new rules, not type: count (its fields: groupBy, window, slide, threshold, realert, notifyResolved)',
    ],
    [
      'misspelt fingerprint',
      newRule('fingerprnt: [message]'),
      'rules.yml:4: rule "new-error": field "fingerprnt" is not known; did you mean "fingerprint"?',
    ],
    [
      'unknown fingerprint field',
      newRule('fingerprint: [service, pathnme]'),
      'rules.yml:4: rule "new-error": fingerprint: "pathnme" is not a field sluice knows; did you mean "pathname"?',
    ],
    [
      'a fingerprint field that differs on every record',
      newRule('fingerprint: [message, kafka.offset]'),
      'rules.yml:4: rule "new-error": fingerprint: "kafka.offset" differs on every record, so every error would be new; name fields that tell kinds of error apart (service, pathname, message)',
    ],
    [
      'a field named twice',
      newRule('fingerprint: [message, message]'),
      'rules.yml:4: rule "new-error": fingerprint: "message" is named twice',
    ],
    [
      'an empty fingerprint',
      newRule('fingerprint: []'),
      'rules.yml:4: rule "new-error": fingerprint: expected a list of fields such as [service, pathname, message], got a list',
    ],
    [
      'a lookback under an hour',
      newRule('lookback: 30m'),
      'rules.yml:4: rule "new-error": lookback: must be at least 1h, got 30m',
    ],
    [
      'a lookback that is not whole hours',
      newRule('lookback: 90m'),
      'rules.yml:4: rule "new-error": lookback: 90m is not a whole number of hours; last-seen times are kept to the hour (use 1h, 36h, 7d...)',
    ],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => assert.deepEqual(problemsOf(text), [expected]));
  }
});

describe('notify: a destination by name, never a webhook', () => {
  test('notify.slack names the destination', () => {
    const rules = parsed(
      'rules:\n' +
        '  - { name: pay, groupBy: service, window: 1m, threshold: 0, notify: { slack: payments } }\n' +
        '  - { name: new-pay, type: new, notify: { slack: team-search_2 } }\n' +
        '  - { name: plain, groupBy: service, window: 1m, threshold: 0 }\n',
    );
    assert.deepEqual(
      rules.map((rule) => rule.destination),
      ['payments', 'team-search_2', undefined],
    );
  });

  test('a webhook URL in notify is refused without echoing it', () => {
    const url = 'https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX';
    const problems = problemsOf(
      `rules:\n  - name: pay\n    groupBy: service\n    window: 1m\n    threshold: 0\n    notify: { slack: "${url}" }\n`,
    );
    assert.deepEqual(problems, [
      'rules.yml:6: rule "pay": notify.slack: a webhook (URL or SSM parameter) does not belong in a rules file: rules files are committed and a webhook URL is a secret; name a destination, e.g. payments, and set its webhook in the environment as SLACK_WEBHOOK_URL_PAYMENTS',
    ]);
    assert.ok(problems.every((line) => !line.includes('XXXX')));
  });

  test('an SSM parameter name in notify is refused too: it belongs in SLACK_WEBHOOK_URL_<NAME>', () => {
    assert.match(
      problemsOf('rules:\n  - { name: pay, type: new, notify: { slack: /sluice/prod/payments } }\n')[0] ?? '',
      /notify\.slack: a webhook \(URL or SSM parameter\) does not belong in a rules file/,
    );
  });

  test('a Slack webhook URL anywhere in the file is refused, once, without echoing it', () => {
    const url = 'https://hooks.slack.com/services/T1/B2/abcdefabcdefabcdefabcdef';
    const problems = problemsOf(
      `rules:\n  - name: c\n    where: { message: { contains: "${url}" } }\n    groupBy: service\n    window: 1m\n    threshold: 0\n`,
    );
    assert.deepEqual(problems, [
      'rules.yml:3: a Slack webhook URL does not belong in a rules file (rules files are committed, and the URL is a secret): remove it and revoke it in Slack; name a destination with notify: { slack: <name> } and set its webhook in SLACK_WEBHOOK_URL_<NAME>',
    ]);
  });

  const cases: Array<[string, string, string]> = [
    [
      'not a map',
      'rules:\n  - { name: n, type: new, notify: payments }\n',
      'rules.yml:2: rule "n": notify: expected a map such as { slack: payments }, got "payments"',
    ],
    [
      'an unknown channel kind',
      'rules:\n  - { name: n, type: new, notify: { slak: payments } }\n',
      'rules.yml:2: rule "n": notify: "slak" is not known; did you mean "slack"?',
    ],
    [
      'a name with spaces',
      'rules:\n  - { name: n, type: new, notify: { slack: "pay ments" } }\n',
      'rules.yml:2: rule "n": notify.slack: "pay ments" is not a destination name; use letters, digits, - and _ (up to 40), e.g. payments',
    ],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => assert.equal(problemsOf(text)[0], expected));
  }
});
