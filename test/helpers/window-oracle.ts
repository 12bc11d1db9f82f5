// The detect path's oracle, shared by the exactness property test (test/functions/detect/) and the
// fault-injection suite (test/faults/): window counts computed the straightforward way, and the checks
// that the alerts fired are exactly the ones the rules' semantics allow.
import assert from 'node:assert/strict';
import type { DetectState } from '../../functions/detect/types';
import type { LogEvent } from '../../shared/logs/types';
import { groupOf } from '../../shared/rules/group';
import { isCountRule, type Rule } from '../../shared/rules/types';
import { windowStarts } from '../../shared/rules/windows';

/** `rule|group|windowStart ISO`: how the oracle and the checks name a window. */
export const windowId = (rule: string, group: string, windowStart: string): string =>
  `${rule}|${group}|${windowStart}`;

/**
 * The oracle: every event counted once in every window of every rule it matches.
 *
 * @example
 * const expected = windowOracle(events, ruleSet.rules); // Map { 'tumble|/a.py|2024-...Z' => 3, ... }
 */
export function windowOracle(events: Iterable<LogEvent>, rules: readonly Rule[]): Map<string, number> {
  const counts = new Map<string, number>();
  const counting = rules.filter(isCountRule);
  for (const event of events) {
    for (const rule of counting) {
      if (!rule.matches(event)) continue;
      for (const start of windowStarts(Date.parse(event['@timestamp']), rule)) {
        const id = windowId(rule.name, groupOf(event, rule), new Date(start).toISOString());
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
  }
  return counts;
}

/**
 * Asserts that `alerted` (window ids that have an alert) is what the rules allow given the oracle's
 * counts: for a rule with `realert: 0s`, exactly the windows over the threshold; for a rule with a
 * realert period, per group a subset of those windows that is realert-spaced and maximal (every
 * window over the threshold alerted, or within realert of one that did). Which subset depends on the
 * order batches were processed in, so that is all an oracle can say.
 */
export function assertAlertsAllowed(
  expected: ReadonlyMap<string, number>,
  alerted: ReadonlySet<string>,
  rules: readonly Rule[],
): void {
  const over = [...expected]
    .filter(([id, count]) => {
      const rule = rules.filter(isCountRule).find((r) => r.name === id.split('|')[0]);
      return rule !== undefined && count > rule.threshold;
    })
    .map(([id]) => id);
  for (const rule of rules.filter(isCountRule)) {
    const prefix = `${rule.name}|`;
    const mine = (ids: Iterable<string>) => [...ids].filter((id) => id.startsWith(prefix));
    if (rule.realertMs === 0) {
      assert.deepEqual(
        mine(alerted).sort(),
        mine(over).sort(),
        `${rule.name}: one alert per window over the threshold`,
      );
      continue;
    }
    const overIds = mine(over);
    for (const id of mine(alerted))
      assert.ok(overIds.includes(id), `${id}: only windows over the threshold alert`);
    for (const group of new Set(overIds.map((id) => id.split('|')[1]))) {
      const starts = (ids: Iterable<string>) =>
        [...ids]
          .filter((id) => id.startsWith(`${rule.name}|${group}|`))
          .map((id) => Date.parse(id.split('|')[2] as string));
      const fired = starts(alerted).sort((a, b) => a - b);
      fired.forEach((start, i) => {
        if (i > 0) assert.ok(start - (fired[i - 1] as number) >= rule.realertMs, 'alerts are realert apart');
      });
      for (const start of starts(overIds)) {
        assert.ok(
          fired.some((f) => Math.abs(f - start) < rule.realertMs),
          'a window over the threshold is alerted or within realert of one that was',
        );
      }
    }
  }
}

/**
 * The checks of a property-test run: the windows of the run's groups hold exactly the oracle's counts
 * of `events`; the alerts are what the rules allow; the sweeper delivered every alert; each was
 * posted once (`posted`: the messages the run's Slack sender took).
 *
 * @example
 * assertRunMatchesOracle(await detectState(deps), events, rules, posted, (group) => group.startsWith('7/'));
 */
export function assertRunMatchesOracle(
  state: DetectState,
  events: Iterable<LogEvent>,
  rules: readonly Rule[],
  posted: readonly string[],
  mine: (group: string) => boolean,
): void {
  const expected = windowOracle(events, rules);
  const actual = new Map(
    state.windows
      .filter((w) => mine(w.group))
      .map((w) => [windowId(w.rule, w.group, w.windowStart), w.count]),
  );
  assert.deepEqual(actual, expected);

  const alerts = state.alerts.filter((a) => mine(a.group));
  assertAlertsAllowed(expected, new Set(alerts.map((a) => windowId(a.rule, a.group, a.windowStart))), rules);
  assert.ok(
    alerts.every((a) => a.status === 'sent'),
    'the sweeper delivered every pending alert',
  );
  assert.equal(posted.length, alerts.length, 'each alert posted exactly once');
}
