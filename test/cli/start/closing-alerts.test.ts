import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newClosingAlerts } from '../../../cli/start/closing-alerts';
import { parseRules } from '../../../shared/rules/parse';

test('sluice start shows the alerts the sweeper decided for flatline and ratio rules, each once', () => {
  const parsed = parseRules(
    `rules:
  - { name: burst, groupBy: pathname, window: 10s, threshold: 3 }
  - { name: silent, type: flatline, groupBy: pathname, window: 10s }
`,
    'rules.yml',
  );
  assert.ok(parsed.ok);
  const shown = new Set<string>();
  const silent = { rule: 'silent', group: '/a.py', windowStart: '2026-12-05T17:17:10.000Z', count: 0 };
  const burst = { rule: 'burst', group: '/a.py', windowStart: '2026-12-05T17:17:10.000Z', count: 9 };
  // Count alerts come from detect's batches: not again from the store.
  assert.deepEqual(newClosingAlerts([burst, silent], parsed.ruleSet.rules, shown), [silent]);
  assert.deepEqual(newClosingAlerts([burst, silent], parsed.ruleSet.rules, shown), []);
});
