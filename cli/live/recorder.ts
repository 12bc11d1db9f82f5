import type { FiredAlert } from '../../functions/detect/types';
import type { Rule } from '../../shared/rules/types';
import type { LiveWindows } from '../start/live-windows';
import type { LiveAlert, LiveState, LiveTotals, ThroughputPoint } from './types';

export interface LiveRecorderOptions {
  readonly rules: readonly Rule[];
  /** The window counts the run keeps (shared with the terminal view). */
  readonly windows: LiveWindows;
  readonly startedAt: number;
  /** Alerts kept (newest), default 200. */
  readonly maxAlerts?: number;
  /** Throughput samples kept, default 180 (three minutes at one a second). */
  readonly maxSamples?: number;
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
  private readonly samples: Sample[] = [];
  private readonly thresholds: ReadonlyMap<string, number>;
  private readonly maxAlerts: number;
  private readonly maxSamples: number;

  constructor(private readonly options: LiveRecorderOptions) {
    this.thresholds = new Map(options.rules.map((rule) => [rule.name, rule.threshold]));
    this.maxAlerts = options.maxAlerts ?? 200;
    this.maxSamples = options.maxSamples ?? 180;
  }

  /** Adds the alerts one detect batch fired. */
  recordAlerts(alerts: readonly FiredAlert[], firedAt: number): void {
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
    // One more than the points drawn: each point is the difference of two samples.
    if (this.samples.length > this.maxSamples + 1) this.samples.shift();
  }

  /** The state the page draws, as of `now`. */
  state(now: number): LiveState {
    const throughput = throughputPoints(this.samples);
    return {
      now,
      startedAt: this.options.startedAt,
      totals: this.samples[this.samples.length - 1]?.totals ?? zeroTotals,
      recordsPerSecond: throughput[throughput.length - 1]?.produced ?? 0,
      windows: this.options.windows.history(),
      alerts: [...this.alerts],
      throughput,
    };
  }
}

/**
 * Records per second between consecutive samples of running totals.
 *
 * @example
 * throughputPoints([{ t: 0, totals: a }, { t: 1000, totals: b }]); // [{ t: 1000, produced: b.produced - a.produced, ... }]
 */
export function throughputPoints(samples: readonly Sample[]): ThroughputPoint[] {
  const points: ThroughputPoint[] = [];
  for (let i = 1; i < samples.length; i += 1) {
    const before = samples[i - 1] as Sample;
    const after = samples[i] as Sample;
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
