import type { FieldContext } from './rule-check';
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
 * checkClosing('flatline', ctx); // { allowedLatenessMs: 60000, idleTimeoutMs: 300000 }
 */
export function checkClosing(type: string, ctx: FieldContext): ClosingSettings | undefined {
  let ok = true;
  if (ctx.fields.slide !== undefined) {
    ctx.problem('slide', `${type} rules use tumbling windows; remove slide`);
    ok = false;
  }
  const lateness = ctx.duration('allowedLateness', { required: false, min: 0 });
  const idle = ctx.duration('idleTimeout', { required: false, min: 1000 });
  const badLateness = ctx.fields.allowedLateness !== undefined && lateness === undefined;
  const badIdle = ctx.fields.idleTimeout !== undefined && idle === undefined;
  if (!ok || badLateness || badIdle) return undefined;
  return {
    allowedLatenessMs: lateness ?? DEFAULT_CLOSING.allowedLatenessMs,
    idleTimeoutMs: idle ?? DEFAULT_CLOSING.idleTimeoutMs,
  };
}
