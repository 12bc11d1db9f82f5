import { describe, formatDuration } from '../durations';
import { isRuleField } from '../fields';
import { durationField, type RuleCheck } from '../rule-check';
import type { RuleBase, RuleType } from '../types';
import { unknownFieldMessage } from '../validate-where';

/**
 * A `type: new` rule (docs/rules.md): alerts the first time an error's fingerprint is seen, and again
 * once it went unseen for `lookback`.
 */
export interface NewRule extends RuleBase {
  readonly type: typeof RuleType.new;
  /** The fields an error's fingerprint is made of (`message` is reduced to its template). */
  readonly fingerprint: readonly string[];
  /** A fingerprint unseen for this long is new again (ms, a whole number of hours). */
  readonly lookbackMs: number;
}

/** True for a `type: new` rule. */
export const isNewRule = (rule: { readonly type: string }): rule is NewRule => rule.type === 'new';

/** The fields of a `type: new` rule besides the common ones, in the order docs/rules.md describes them. */
export const NEW_RULE_FIELDS = ['fingerprint', 'lookback'] as const;

/** What a fingerprint is made of when the rule does not say. */
export const DEFAULT_FINGERPRINT: readonly string[] = ['service', 'pathname', 'message'];
/** How long an error must go unseen to be new again when the rule does not say. */
export const DEFAULT_LOOKBACK_MS = 7 * 86_400_000;
/** Last-seen times are kept to the hour (one write per fingerprint and hour at most): lookbacks are whole hours. */
export const LAST_SEEN_PRECISION_MS = 3_600_000;

/** Fields that differ on every record: a fingerprint made of one would make every error new. */
const perRecord = new Set(['@timestamp', 'kafka.offset', 'kafka.timestamp']);

/**
 * Checks the fields of a `type: new` rule and builds it on `base`; undefined when any of them has a
 * problem (each reported).
 *
 * @example
 * const rule = checkNewRule(check, base); // fingerprint [service, pathname, message], lookback 7d
 */
export function checkNewRule(check: RuleCheck, base: RuleBase): NewRule | undefined {
  const before = check.report.problems.length;
  const fingerprint = fingerprintFields(check);
  const lookbackMs = durationField(check, 'lookback', { required: false, min: LAST_SEEN_PRECISION_MS });
  if (lookbackMs !== undefined && lookbackMs % LAST_SEEN_PRECISION_MS !== 0) {
    check.problem(
      'lookback',
      `${formatDuration(lookbackMs)} is not a whole number of hours; last-seen times are kept to the hour (use 1h, 36h, 7d...)`,
    );
  }
  if (check.report.problems.length > before || fingerprint === undefined) return undefined;
  return { ...base, type: 'new', fingerprint, lookbackMs: lookbackMs ?? DEFAULT_LOOKBACK_MS };
}

function fingerprintFields(check: RuleCheck): readonly string[] | undefined {
  const raw = check.fields.fingerprint;
  if (raw === undefined) return DEFAULT_FINGERPRINT;
  const list = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(list) || list.length === 0 || !list.every((field) => typeof field === 'string')) {
    check.problem(
      'fingerprint',
      `expected a list of fields such as [service, pathname, message], got ${describe(raw)}`,
    );
    return undefined;
  }
  const fields = list as string[];
  let ok = true;
  fields.forEach((field, index) => {
    const at = [...check.path, 'fingerprint', ...(Array.isArray(raw) ? [index] : [])];
    const fail = (message: string) => {
      ok = false;
      check.report.value(at, check.label, 'fingerprint', `fingerprint: ${message}`);
    };
    if (!isRuleField(field)) fail(unknownFieldMessage('fingerprint', field).replace(/^fingerprint: /, ''));
    else if (perRecord.has(field))
      fail(
        `"${field}" differs on every record, so every error would be new; name fields that tell kinds of error apart (service, pathname, message)`,
      );
    else if (fields.indexOf(field) !== index) fail(`"${field}" is named twice`);
  });
  return ok ? fields : undefined;
}
