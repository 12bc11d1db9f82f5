import type { WindowSeries } from '../start/live-windows';
import type { ProgressSnapshot } from '../start/progress';

/** Running totals of a local run, as `sluice start` keeps them (the figures of its terminal line). */
export type LiveTotals = Omit<ProgressSnapshot, 'elapsedMs' | 'recordsPerSecond' | 'windows'>;

/** Records per second over the few seconds ending at `t` (a rolling rate). */
export interface ThroughputPoint {
  /** End of the interval, epoch ms. */
  readonly t: number;
  readonly produced: number;
  readonly accepted: number;
  readonly deadLettered: number;
  readonly skipped: number;
}

/** An alert detect fired during the run, as the page lists and marks it. */
export interface LiveAlert {
  readonly rule: string;
  readonly group: string;
  /** Window start, epoch ms (as the chart's x values). */
  readonly windowStart: number;
  readonly count: number;
  /** The rule's threshold (undefined for a rule no longer in the rule set). */
  readonly threshold: number | undefined;
  /** When detect claimed it, epoch ms. */
  readonly firedAt: number;
}

/** A window over its threshold that raised no alert: an earlier alert of its group keeps it quiet. */
export interface LiveSuppressed {
  readonly rule: string;
  readonly group: string;
  /** Window start, epoch ms. */
  readonly windowStart: number;
  readonly count: number;
  readonly threshold: number;
  /** Windows that start from this time on may alert again (`realert` after the alert that fired). */
  readonly until: number;
}

/** What `GET /api/state` answers: everything the live page draws. */
export interface LiveState {
  /** When this state was taken, epoch ms. */
  readonly now: number;
  readonly startedAt: number;
  readonly totals: LiveTotals;
  /** Records written per second over the last few seconds. */
  readonly recordsPerSecond: number;
  /** Recent windows per rule (see `LiveWindows.history`). */
  readonly windows: readonly WindowSeries[];
  /** Alerts fired, oldest first (the most recent ones, up to the recorder's limit). */
  readonly alerts: readonly LiveAlert[];
  /** Windows of the charts over their threshold that realert kept quiet, oldest first. */
  readonly suppressed: readonly LiveSuppressed[];
  /** Recent throughput, oldest first. */
  readonly throughput: readonly ThroughputPoint[];
}
