import type { FiredAlert } from '../../functions/detect/types';
import { isCountRule, type Rule } from '../../shared/rules/types';
import type { LiveWindows, WindowSeries } from '../start/live-windows';
import { type RealertNotes, WindowOutcome } from '../start/realert-notes';
import type { LiveAlert, LiveState, LiveSuppressed, LiveTotals, ThroughputPoint } from './types';

export interface LiveRecorderOptions {
  readonly rules: readonly Rule[];
  /** The window counts the run keeps (shared with the terminal view). */
  readonly windows: LiveWindows;
  readonly startedAt: number;
  /** Alerts kept (newest), default 200. */
  readonly maxAlerts?: number;
  /** Throughput points kept, default 180 (three minutes at one sample a second). */
  readonly maxSamples?: number;
  /** Each throughput point is the rate over this long, not over one sampling interval: default 4 s, a multiple of the 1 s and 2 s batching windows of the local mappings. */
  readonly rollingMs?: number;
  /** Told of every alert fired; says which windows over their threshold realert kept quiet. */
  readonly realert?: RealertNotes;
}

interface Sample {
  readonly t: number;
  readonly totals: LiveTotals;
}

/** Totals before the run wrote anything. */
export const zeroTotals: LiveTotals = {
  produced: 0,
  accepted: 0,
  deadLettered: 0,
  skipped: 0,
  indexed: null,
  archived: 0,
  alerts: 0,
  lag: 0,
};

/**
 * What the live page shows, gathered during a run: the alerts detect fired (with their rule's
 * threshold and when they fired), the running totals sampled about once a second (turned into
 * records per second), and the window history of {@link LiveWindows}. In memory, bounded.
 *
 * @example
 * const recorder = new LiveRecorder({ rules, windows: live, startedAt: Date.now() });
 * recorder.recordAlerts(report.alerts, Date.now());
 * recorder.sample(totals, Date.now());
 * recorder.state(Date.now()); // { totals, windows, alerts, throughput, ... }
 */
export class LiveRecorder {
  private readonly alerts: LiveAlert[] = [];
  /** The samples a rolling rate still needs: the newest, and back to one at least `rollingMs` older. */
  private readonly samples: Sample[] = [];
  private readonly points: ThroughputPoint[] = [];
  private readonly thresholds: ReadonlyMap<string, number>;
  private readonly maxAlerts: number;
  private readonly maxSamples: number;
  private readonly rollingMs: number;

  constructor(private readonly options: LiveRecorderOptions) {
    this.thresholds = new Map(options.rules.filter(isCountRule).map((rule) => [rule.name, rule.threshold]));
    this.maxAlerts = options.maxAlerts ?? 200;
    this.maxSamples = options.maxSamples ?? 180;
    this.rollingMs = options.rollingMs ?? 4000;
  }

  /** Adds the alerts one detect batch fired. */
  recordAlerts(alerts: readonly FiredAlert[], firedAt: number): void {
    this.options.realert?.add(alerts);
    for (const alert of alerts) {
      this.alerts.push({
        rule: alert.rule,
        group: alert.group,
        windowStart: Date.parse(alert.windowStart),
        count: alert.count,
        threshold: this.thresholds.get(alert.rule),
        firedAt,
      });
    }
    if (this.alerts.length > this.maxAlerts) this.alerts.splice(0, this.alerts.length - this.maxAlerts);
  }

  /** Takes one sample of the running totals (call about once a second). */
  sample(totals: LiveTotals, now: number): void {
    this.samples.push({ t: now, totals });
    while (this.samples.length > 2 && now - (this.samples[1] as Sample).t >= this.rollingMs)
      this.samples.shift();
    const newest = throughputPoints(this.samples, this.rollingMs).at(-1);
    if (newest) this.points.push(newest);
    if (this.points.length > this.maxSamples) this.points.shift();
  }

  /** Records written per second, over the last `rollingMs`. */
  recordsPerSecond(): number {
    return this.points.at(-1)?.produced ?? 0;
  }

  /** The state the page draws, as of `now`. */
  state(now: number): LiveState {
    const windows = this.options.windows.history();
    return {
      now,
      startedAt: this.options.startedAt,
      totals: this.samples.at(-1)?.totals ?? zeroTotals,
      recordsPerSecond: this.recordsPerSecond(),
      windows,
      alerts: [...this.alerts],
      suppressed: this.options.realert ? suppressedWindows(windows, this.options.realert) : [],
      throughput: [...this.points],
    };
  }
}

/** The windows of `series` over their threshold that realert kept quiet, oldest first. */
export function suppressedWindows(series: readonly WindowSeries[], notes: RealertNotes): LiveSuppressed[] {
  const found: LiveSuppressed[] = [];
  for (const rule of series) {
    for (const { group, counts } of rule.groups) {
      counts.forEach((count, index) => {
        const windowStart = rule.starts[index] as number;
        if (count <= rule.threshold) return;
        const outcome = notes.outcome(rule.rule, group, windowStart);
        if (outcome.outcome === WindowOutcome.suppressed)
          found.push({
            rule: rule.rule,
            group,
            windowStart,
            count,
            threshold: rule.threshold,
            until: outcome.until,
          });
      });
    }
  }
  return found.sort((a, b) => a.windowStart - b.windowStart);
}

/**
 * Records per second at each sample after the first, each over the last `rollingMs` (from the latest
 * earlier sample at least that old, or the first): a function that commits every 2 s reads as its
 * steady rate, not as 0 and twice the rate in turn.
 *
 * @example
 * throughputPoints([{ t: 0, totals: a }, { t: 1000, totals: b }]); // [{ t: 1000, produced: b.produced - a.produced, ... }]
 */
export function throughputPoints(samples: readonly Sample[], rollingMs = 0): ThroughputPoint[] {
  const points: ThroughputPoint[] = [];
  let base = 0;
  for (let i = 1; i < samples.length; i += 1) {
    const after = samples[i] as Sample;
    while (base + 1 < i && after.t - (samples[base + 1] as Sample).t >= rollingMs) base += 1;
    const before = samples[base] as Sample;
    const seconds = (after.t - before.t) / 1000;
    if (seconds <= 0) continue;
    const rate = (key: 'produced' | 'accepted' | 'deadLettered' | 'skipped') =>
      Math.max(0, after.totals[key] - before.totals[key]) / seconds;
    points.push({
      t: after.t,
      produced: rate('produced'),
      accepted: rate('accepted'),
      deadLettered: rate('deadLettered'),
      skipped: rate('skipped'),
    });
  }
  return points;
}
