import { createHash } from 'node:crypto';
import type { LogEvent } from '../logs/types';
import { fieldText, fieldValue } from './fields';
import type { CountRule } from './types';

/** The group of an event that lacks the rule's `groupBy` field (docs/rules.md). */
export const UNKNOWN_GROUP = 'unknown';
/** Longer group values are cut and suffixed with a hash, so keys stay small and distinct. */
export const MAX_GROUP_LENGTH = 256;

/**
 * The group an event counts in for a rule: the `groupBy` value as well-formed text, `unknown` when the
 * field is absent or empty.
 *
 * @example
 * groupOf(event, rule); // '/app/db.py'
 */
export function groupOf(event: LogEvent, rule: Pick<CountRule, 'groupBy'>): string {
  const raw = fieldText(fieldValue(event, rule.groupBy));
  if (raw === undefined || raw === '') return UNKNOWN_GROUP;
  // A lone surrogate (from a log's JSON escape) becomes U+FFFD: a group is a DynamoDB key and Slack text.
  const text = raw.toWellFormed();
  if (text.length <= MAX_GROUP_LENGTH) return text;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
  return `${text.slice(0, MAX_GROUP_LENGTH - 14)}~${hash}`;
}
