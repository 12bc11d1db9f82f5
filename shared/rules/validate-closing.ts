import { durationField, type RuleCheck } from './rule-check';
import type { ClosingSettings } from './types';

/** Defaults of the closing settings (docs/rules.md "Closed windows"). */
export const DEFAULT_CLOSING: ClosingSettings = { allowedLatenessMs: 60_000, idleTimeoutMs: 5 * 60_000 };

/** The fields of every rule decided on closed windows. */
export const CLOSING_FIELDS = ['allowedLateness', 'idleTimeout'] as const;

/**
 * Checks what rules decided on closed windows share: tumbling windows only, and their lateness and
 * idleness settings. Undefined when a problem was reported.
 *
 * @example
 * checkClosing('flatline', check); // { allowedLatenessMs: 60000, idleTimeoutMs: 300000 }
 */
export function checkClosing(type: string, check: RuleCheck): ClosingSettings | undefined {
  let ok = true;
  if (check.fields.slide !== undefined) {
    check.problem('slide', `${type} rules use tumbling windows; remove slide`);
    ok = false;
  }
  const lateness = durationField(check, 'allowedLateness', { required: false, min: 0 });
  const idle = durationField(check, 'idleTimeout', { required: false, min: 1000 });
  const badLateness = check.fields.allowedLateness !== undefined && lateness === undefined;
  const badIdle = check.fields.idleTimeout !== undefined && idle === undefined;
  if (!ok || badLateness || badIdle) return undefined;
  return {
    allowedLatenessMs: lateness ?? DEFAULT_CLOSING.allowedLatenessMs,
    idleTimeoutMs: idle ?? DEFAULT_CLOSING.idleTimeoutMs,
  };
}
