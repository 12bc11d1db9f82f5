import { windowStart } from '../windows';

/** Which closed windows of a rule one sweep evaluates. */
export interface EvaluationPlan {
  /** Window starts to evaluate now, oldest first. */
  readonly starts: readonly number[];
  /** Closed windows left for later sweeps (the per-sweep bound). */
  readonly left: number;
  /** The cursor after these windows: the next window to evaluate. */
  readonly next: number;
}

/** Where a rule's cursor starts when a sweep first sees it. */
export interface CursorStart {
  /** The earliest record time of the data (the partitions' first batches). */
  readonly dataStart: number;
  /** How far back before the latest closed window to start: a window (the default), or the whole data. */
  readonly backfillMs: number;
}

/**
 * The closed windows from the rule's cursor on, at most `limit`: a window `[s, s + windowMs)` is
 * closed when `s + windowMs <= before`. Without a cursor, it starts `backfillMs` before the latest
 * closed window (not before the data starts).
 *
 * @example
 * windowsToEvaluate(undefined, 180_000, 60_000, { dataStart: 0, backfillMs: 60_000 }, 10); // { starts: [60000], left: 0, next: 120000 }
 */
export function windowsToEvaluate(
  cursor: number | undefined,
  before: number,
  windowMs: number,
  start: CursorStart,
  limit: number,
): EvaluationPlan {
  const lastClosed = windowStart(before - windowMs, windowMs);
  const first =
    cursor ??
    Math.max(windowStart(start.dataStart, windowMs), lastClosed - Math.max(0, start.backfillMs - windowMs));
  const closed = first > lastClosed ? 0 : (lastClosed - first) / windowMs + 1;
  const starts: number[] = [];
  for (let i = 0; i < Math.min(closed, limit); i += 1) starts.push(first + i * windowMs);
  return { starts, left: closed - starts.length, next: first + starts.length * windowMs };
}
