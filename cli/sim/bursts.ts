import { type SimulatedLog, simulateMicroservice } from './microservice';

/**
 * When the simulated service of `sluice start` has trouble: a quiet baseline of errors, and bursts in
 * which one source file at a time logs many more, in turn. With the default rules and rate, a burst
 * crosses error-burst's threshold and the baseline stays well under it, so a one-minute run shows
 * quiet windows, bursts, alerts on more than one file, and a later burst that realert keeps quiet.
 */
export interface BurstSchedule {
  /** The run's start, epoch ms: bursts are timed from it. */
  readonly startMs: number;
  /** The source files, in the order their bursts come. */
  readonly pathnames: readonly string[];
  /** Share of records that are errors outside a burst. */
  readonly baselineShare: number;
  /** Share of the bursting file's records that are errors during its burst. */
  readonly burstShare: number;
  /** A burst starts this often (ms); 0 means no bursts. */
  readonly everyMs: number;
  /** How long one burst lasts (ms). */
  readonly lengthMs: number;
  /** When the first burst starts after `startMs` (ms). */
  readonly firstAfterMs: number;
}

/**
 * The defaults: at 200 records a second over two files, about 10 errors per file in a 10 s window
 * outside bursts, about 60 in the windows of an 8 s burst (error-burst fires above 25).
 */
export const defaultBursts = {
  baselineShare: 0.01,
  burstShare: 0.08,
  everyMs: 20_000,
  lengthMs: 8_000,
  firstAfterMs: 8_000,
} as const;

/**
 * The error share of `pathname` at `timeMs`: the burst share while its burst lasts, else the baseline.
 *
 * @example
 * const schedule = { ...defaultBursts, startMs: 0, pathnames: ['/a.py', '/b.py'] };
 * errorShareAt(schedule, '/a.py', 10_000); // 0.08 (the first burst, 8-16 s, is /a.py's)
 * errorShareAt(schedule, '/b.py', 10_000); // 0.01
 */
export function errorShareAt(schedule: BurstSchedule, pathname: string, timeMs: number): number {
  const since = timeMs - schedule.startMs - schedule.firstAfterMs;
  if (schedule.everyMs <= 0 || since < 0 || schedule.pathnames.length === 0) return schedule.baselineShare;
  const burst = Math.floor(since / schedule.everyMs);
  if (since - burst * schedule.everyMs >= schedule.lengthMs) return schedule.baselineShare;
  return schedule.pathnames[burst % schedule.pathnames.length] === pathname
    ? schedule.burstShare
    : schedule.baselineShare;
}

/**
 * The service `sluice start` runs: the simulated microservice with the errors of `schedule` (and the
 * files logging at each time, when some go silent).
 *
 * @example
 * const next = simulateBurstyService({ ...defaultBursts, startMs: Date.now(), pathnames: ['/a.py', '/b.py'] }, 7);
 * next(Date.now()).level; // 'INFO' mostly; 'ERROR' often in a file's burst
 */
export function simulateBurstyService(
  schedule: BurstSchedule,
  seed: number,
  pathnamesAt?: (timeMs: number) => readonly string[],
): (timeMs: number) => SimulatedLog {
  return simulateMicroservice({
    pathnames: schedule.pathnames,
    errorShareAt: (pathname, timeMs) => errorShareAt(schedule, pathname, timeMs),
    seed,
    ...(pathnamesAt ? { pathnamesAt } : {}),
  });
}
