/**
 * When the simulated service of `sluice start` goes silent: every `everyMs`, one of its source files
 * (in turn, from the last) stops logging for `lengthMs` while the others go on, so a flatline rule
 * grouped by pathname sees a silence and the partitions' watermarks still advance.
 */
export interface SilenceSchedule {
  /** The run's start, epoch ms: silences are timed from it. */
  readonly startMs: number;
  readonly pathnames: readonly string[];
  /** A silence starts this often (ms); 0 means none. */
  readonly everyMs: number;
  /** How long one silence lasts (ms). */
  readonly lengthMs: number;
  /** When the first silence starts after `startMs` (ms). */
  readonly firstAfterMs: number;
}

/** Defaults once `--silence-every` is given: 30 s silences (at most half the period), the first after 30 s. */
export const defaultSilences = { lengthMs: 30_000, firstAfterMs: 30_000 } as const;

/**
 * The source files logging at `timeMs`: all of them, but one during its silence. A service with a
 * single file never goes silent (nothing would advance the watermarks: no window could close).
 *
 * @example
 * const schedule = { startMs: 0, pathnames: ['/a.py', '/b.py'], everyMs: 120_000, lengthMs: 30_000, firstAfterMs: 30_000 };
 * loggingAt(schedule, 40_000); // ['/a.py'] (the first silence, 30-60 s, is /b.py's)
 */
export function loggingAt(schedule: SilenceSchedule, timeMs: number): readonly string[] {
  const { pathnames } = schedule;
  const since = timeMs - schedule.startMs - schedule.firstAfterMs;
  if (schedule.everyMs <= 0 || since < 0 || pathnames.length < 2) return pathnames;
  const silence = Math.floor(since / schedule.everyMs);
  if (since - silence * schedule.everyMs >= schedule.lengthMs) return pathnames;
  const silent = pathnames.length - 1 - (silence % pathnames.length);
  return pathnames.filter((_, i) => i !== silent);
}
