import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NewRule } from '../../../shared/rules/new-errors/rule';
import { hourOf, SeenAction, seenAction, staleBefore } from '../../../shared/rules/new-errors/seen';
import { newErrorAlert, newErrorGroup, sightingsOf } from '../../../shared/rules/new-errors/sightings';
import { parseRules } from '../../../shared/rules/parse';
import { accepted, makeEvent } from './make-event';

const HOUR = 3_600_000;
const T = Date.parse('2024-05-08T12:30:00.000Z');

function ruleOf(yaml: string): NewRule {
  const parsed = parseRules(`rules:\n  - ${yaml}\n`, 'test');
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.ruleSet.rules[0] as NewRule;
}
const rule = ruleOf('{ name: new-error, type: new, where: { level: error }, lookback: 7d }');

describe('sightingsOf', () => {
  test('one sighting per fingerprint: its count, earliest and latest time, and its earliest record', () => {
    const events = [
      makeEvent({ '@timestamp': '2024-05-08T12:00:05.000Z', message: "order 12345 failed for 'bob@x.io'" }),
      makeEvent({ '@timestamp': '2024-05-08T12:00:01.000Z', message: "order 99 failed for 'amy@y.io'" }),
      makeEvent({ '@timestamp': '2024-05-08T12:00:09.000Z', message: 'order 12 refunded' }),
      makeEvent({ '@timestamp': '2024-05-08T12:00:02.000Z', level: 'info', message: 'order 7 refunded' }),
    ];
    const sightings = sightingsOf(events.map(accepted), [rule]);
    assert.deepEqual(
      sightings.map((s) => [
        s.fingerprint.template,
        s.count,
        new Date(s.earliest).toISOString(),
        s.first.message,
      ]),
      [
        ['order <num> failed for <str>', 2, '2024-05-08T12:00:01.000Z', "order 99 failed for 'amy@y.io'"],
        ['order <num> refunded', 1, '2024-05-08T12:00:09.000Z', 'order 12 refunded'],
      ],
    );
    const alert = newErrorAlert(sightings[0] as (typeof sightings)[number]);
    assert.equal(alert.group, 'api · /app/db.py · order <num> failed for <str>');
    assert.equal(alert.count, 2);
    assert.equal(alert.samples[0]?.message, "order 99 failed for 'amy@y.io'");
  });

  test('a group past 400 characters is cut and keeps the fingerprint id, so two kinds never share one', () => {
    const long = (tail: string) => makeEvent({ message: `${'x'.repeat(500)} ${tail}` });
    const [a, b] = sightingsOf([long('alpha'), long('beta')].map(accepted), [rule]);
    assert.ok(a && b);
    assert.notEqual(newErrorGroup(a), newErrorGroup(b));
    assert.match(newErrorGroup(a), new RegExp(`… #${a.fingerprint.id}$`));
  });
});

describe('seenAction', () => {
  const [sighting] = sightingsOf([accepted(makeEvent({ '@timestamp': new Date(T).toISOString() }))], [rule]);
  assert.ok(sighting);
  const cases: Array<[string, number | undefined, SeenAction]> = [
    ['never seen', undefined, SeenAction.alert],
    ['seen this hour', hourOf(T), SeenAction.none],
    ['seen an hour ago', hourOf(T) - HOUR, SeenAction.refresh],
    [
      'last seen just inside the lookback (its hour may end 1 h later)',
      staleBefore(T, 7 * 24 * HOUR) + 1,
      SeenAction.refresh,
    ],
    ['unseen for the whole lookback', staleBefore(T, 7 * 24 * HOUR), SeenAction.alert],
    ['seen in a later hour (records out of order)', hourOf(T) + HOUR, SeenAction.none],
  ];
  for (const [name, lastSeen, expected] of cases) {
    test(name, () => assert.equal(seenAction(lastSeen, sighting), expected));
  }
});
