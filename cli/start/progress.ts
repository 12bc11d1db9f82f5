import type { LiveCount } from './live-windows';

/** What the live line shows. */
export interface ProgressSnapshot {
  readonly elapsedMs: number;
  readonly produced: number;
  readonly recordsPerSecond: number;
  readonly accepted: number;
  readonly deadLettered: number;
  readonly skipped: number;
  readonly indexed: number | null;
  readonly archived: number;
  readonly alerts: number;
  /** Records produced but not yet processed by the slowest function. */
  readonly lag: number;
  readonly windows: readonly LiveCount[];
}

/**
 * The live status line of `sluice start`.
 *
 * @example
 * formatProgress(snapshot); // '12s  198 rec/s  accepted 2400  dead 0  ... | error-burst /app/x.py 31/25 !'
 */
export function formatProgress(s: ProgressSnapshot, maxWindows = 3): string {
  const seconds = Math.floor(s.elapsedMs / 1000);
  const windows = s.windows
    .slice(0, maxWindows)
    .map((w) => `${w.rule} ${w.group} ${w.count}/${w.threshold}${w.count > w.threshold ? ' !' : ''}`);
  return [
    `${seconds}s`,
    `${Math.round(s.recordsPerSecond)} rec/s`,
    `accepted ${s.accepted}`,
    `dead-lettered ${s.deadLettered}`,
    `skipped ${s.skipped}`,
    `indexed ${s.indexed ?? 'off'}`,
    `archived ${s.archived}`,
    `alerts ${s.alerts}`,
    `lag ${s.lag}`,
    ...(windows.length > 0 ? [`| ${windows.join(', ')}`] : []),
  ].join('  ');
}
