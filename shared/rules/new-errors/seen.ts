import { LAST_SEEN_PRECISION_MS } from './rule';
import type { Sighting } from './sightings';

const HOUR = LAST_SEEN_PRECISION_MS;
/** The start of the hour of `ms`: last-seen times are kept to the hour. */
export const hourOf = (ms: number): number => Math.floor(ms / HOUR) * HOUR;

/** What a batch does about one fingerprint it carries, given when it was last seen. */
export const SeenAction = {
  /** Never seen, or unseen for the rule's lookback: claim its alert (with the last-seen write). */
  alert: 'alert',
  /** Known, and last seen in an earlier hour: raise its last-seen hour (one write). */
  refresh: 'refresh',
  /** Known and seen this hour already: nothing to write. */
  none: 'none',
} as const;
export type SeenAction = (typeof SeenAction)[keyof typeof SeenAction];

/**
 * The latest last-seen hour at which a fingerprint seen at `earliest` is new again: the last record
 * was at most an hour after its last-seen hour, so it went unseen for `lookbackMs` for sure only when
 * that hour's end is at least `lookbackMs` before `earliest`.
 *
 * @example
 * staleBefore(Date.parse('2024-05-08T12:30:00Z'), 7 * 86_400_000); // 2024-05-01T11:30:00Z in ms
 */
export const staleBefore = (earliest: number, lookbackMs: number): number => earliest - lookbackMs - HOUR;

/**
 * The decision for one sighting, as a value: `lastSeenHour` is the stored hour (undefined: never seen).
 *
 * @example
 * seenAction(undefined, sighting); // 'alert'
 * seenAction(hourOf(sighting.latest), sighting); // 'none'
 */
export function seenAction(lastSeenHour: number | undefined, sighting: Sighting): SeenAction {
  if (lastSeenHour === undefined || lastSeenHour <= staleBefore(sighting.earliest, sighting.rule.lookbackMs))
    return SeenAction.alert;
  return hourOf(sighting.latest) > lastSeenHour ? SeenAction.refresh : SeenAction.none;
}
