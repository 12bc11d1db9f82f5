import type { LiveCount } from '../start/live-windows';
import type { FunctionName } from './mappings';

/** One function's consumer group, as the live line shows it. */
export interface FunctionProgress {
  readonly name: FunctionName;
  /** Records its function has processed (committed) in this run. */
  readonly records: number;
  /** Records on the topic that its group has not committed yet. */
  readonly lag: number;
  /** Failed batches that were retried. */
  readonly retries: number;
}

/** What the live line of `sluice consume` shows. */
export interface ConsumeSnapshot {
  readonly elapsedMs: number;
  readonly functions: readonly FunctionProgress[];
  /** The decode step's counts, from the first function listed. */
  readonly accepted: number;
  readonly deadLettered: number;
  readonly skipped: number;
  /** null when the index function does not run. */
  readonly indexed: number | null;
  readonly archived: number | null;
  readonly alerts: number | null;
  readonly windows: readonly LiveCount[];
}

/**
 * The live status line of `sluice consume`, in the style of `sluice start`'s.
 *
 * @example
 * formatConsumeProgress(snapshot);
 * // '12s  archive 2400 lag 0  detect 2400 lag 0  accepted 2400  ...  alerts 1 | error-burst /app/x.py 31/25 !'
 */
export function formatConsumeProgress(s: ConsumeSnapshot, maxWindows = 3): string {
  const groups = s.functions.map(
    (f) => `${f.name} ${f.records} lag ${f.lag}${f.retries > 0 ? ` retried ${f.retries}` : ''}`,
  );
  const windows = s.windows
    .slice(0, maxWindows)
    .map((w) => `${w.rule} ${w.group} ${w.count}/${w.threshold}${w.count > w.threshold ? ' !' : ''}`);
  return [
    `${Math.floor(s.elapsedMs / 1000)}s`,
    ...groups,
    `accepted ${s.accepted}`,
    `dead-lettered ${s.deadLettered}`,
    `skipped ${s.skipped}`,
    ...(s.indexed === null ? [] : [`indexed ${s.indexed}`]),
    ...(s.archived === null ? [] : [`archived ${s.archived}`]),
    ...(s.alerts === null ? [] : [`alerts ${s.alerts}`]),
    ...(windows.length > 0 ? [`| ${windows.join(', ')}`] : []),
  ].join('  ');
}
