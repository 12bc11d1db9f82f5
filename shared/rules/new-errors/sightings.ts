import type { Alert } from '../../alerts/types';
import type { AcceptedRecord } from '../../batch/types';
import type { LogEvent } from '../../logs/types';
import { sampleOf } from '../aggregate';
import { type Fingerprint, fingerprintOf } from '../fingerprint';
import { eventTimeMs } from '../windows';
import type { NewRule } from './rule';

/** How one batch saw one fingerprint of a `type: new` rule. */
export interface Sighting {
  readonly rule: NewRule;
  readonly fingerprint: Fingerprint;
  /** Records of the batch with this fingerprint. */
  readonly count: number;
  /** Event times (ms) of its earliest and latest record in the batch. */
  readonly earliest: number;
  readonly latest: number;
  /** Its earliest record: the raw sample the alert shows. */
  readonly first: LogEvent;
}

/**
 * The distinct fingerprints a batch carries for each `type: new` rule (records matching its `where`),
 * with how often and when: one entry per (rule, fingerprint), never per record.
 *
 * @example
 * sightingsOf(read.accepted, newRules); // [{ rule, fingerprint: { id, template }, count: 3, earliest, latest, first }]
 */
export function sightingsOf(accepted: readonly AcceptedRecord[], rules: readonly NewRule[]): Sighting[] {
  const seen = new Map<string, { -readonly [K in keyof Sighting]: Sighting[K] }>();
  for (const { event } of accepted) {
    for (const rule of rules) {
      if (!rule.matches(event)) continue;
      const fingerprint = fingerprintOf(event, rule.fingerprint);
      const time = eventTimeMs(event);
      const id = `${rule.name}\u0000${fingerprint.id}`;
      const sighting = seen.get(id);
      if (!sighting) {
        seen.set(id, { rule, fingerprint, count: 1, earliest: time, latest: time, first: event });
        continue;
      }
      sighting.count += 1;
      if (time < sighting.earliest) {
        sighting.earliest = time;
        sighting.first = event;
      }
      sighting.latest = Math.max(sighting.latest, time);
    }
  }
  return [...seen.values()];
}

/** Longest `group` of a new-error alert before it is cut (and made unique by its fingerprint id). */
const MAX_GROUP = 400;

/**
 * What a new-error alert names as its group: the values of the fingerprint's fields other than
 * `message`, then the template (`api · /app/db.py · order <num> failed`); cut past 400 characters,
 * then ending in the fingerprint id so that two kinds of error never share one.
 *
 * @example
 * newErrorGroup(sighting); // 'api · /app/orders.py · order <num> failed for <str>'
 */
export function newErrorGroup(sighting: Sighting): string {
  const { rule, first, fingerprint } = sighting;
  const parts = rule.fingerprint
    .filter((field) => field !== 'message')
    .map((field) => String((first as unknown as Record<string, unknown>)[field] ?? ''));
  if (rule.fingerprint.includes('message')) parts.push(fingerprint.template);
  const group = parts.join(' · ');
  return group.length <= MAX_GROUP ? group : `${group.slice(0, MAX_GROUP)}… #${fingerprint.id}`;
}

/**
 * The alert of a new error: its group (fields and template), the batch's count of it, the times it
 * was seen in the batch, and its first record as the raw sample.
 *
 * @example
 * newErrorAlert(sighting).group; // 'api · /app/orders.py · order <num> failed for <str>'
 */
export function newErrorAlert(sighting: Sighting): Alert {
  const alert: Alert = {
    rule: sighting.rule.name,
    group: newErrorGroup(sighting),
    groupBy: sighting.rule.fingerprint.join(', '),
    windowStart: new Date(sighting.earliest).toISOString(),
    windowEnd: new Date(sighting.latest).toISOString(),
    count: sighting.count,
    threshold: 0,
    samples: [sampleOf(sighting.first)],
    newError: true,
  };
  if (sighting.first.service !== undefined) alert.services = [sighting.first.service];
  return alert;
}
