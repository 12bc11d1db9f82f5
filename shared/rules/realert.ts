/** What `realert` says about a window of a (rule, group) that went over its threshold. */
export const RealertDecision = {
  /** No earlier alert is closer than `realert`: this window alerts. */
  fire: 'fire',
  /** This very window already alerted (a redelivery, or another partition got there first). */
  already: 'already',
  /** An alert of the same (rule, group) fired for a window less than `realert` away. */
  suppressed: 'suppressed',
} as const;
export type RealertDecision = (typeof RealertDecision)[keyof typeof RealertDecision];

/** Window starts of fired alerts kept per (rule, group); older ones no longer suppress anything in practice. */
export const MAX_FIRED_REMEMBERED = 50;

/**
 * Decides whether the window starting at `windowStart` may alert, given the window starts of the
 * alerts that already fired for the same (rule, group). A window alerts when its start is at least
 * `realertMs` away from every one of them (so a late window cannot alert in the quiet period of a
 * later one either); `0` lets every window alert.
 *
 * @example
 * realertDecision(600_000, [0], 300_000); // 'fire'
 * realertDecision(120_000, [0], 300_000); // 'suppressed'
 */
export function realertDecision(
  windowStart: number,
  fired: readonly number[],
  realertMs: number,
): RealertDecision {
  if (fired.includes(windowStart)) return RealertDecision.already;
  if (fired.some((start) => Math.abs(start - windowStart) < realertMs)) return RealertDecision.suppressed;
  return RealertDecision.fire;
}

/** `fired` with `windowStart` added: ascending, at most {@link MAX_FIRED_REMEMBERED} (the latest). */
export function rememberFired(fired: readonly number[], windowStart: number): number[] {
  const next = [...new Set([...fired, windowStart])].sort((a, b) => a - b);
  return next.slice(Math.max(0, next.length - MAX_FIRED_REMEMBERED));
}
