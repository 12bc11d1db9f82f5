import { RealertDecision, realertDecision } from '../../shared/rules/realert';
import { isCountRule, type Rule } from '../../shared/rules/types';
import { plural } from '../plural';

/** What became of a window over its rule's threshold. */
export const WindowOutcome = {
  /** An alert fired for this very window (in this run or before). */
  fired: 'fired',
  /** An earlier alert of the same rule and group keeps it quiet for `realert`. */
  suppressed: 'suppressed',
  /** No alert is known for it (one another process fired may explain it). */
  unknown: 'unknown',
} as const;
export type WindowOutcome = (typeof WindowOutcome)[keyof typeof WindowOutcome];

/** The outcome of one window over its threshold; `until` says when realert lets the group alert again. */
export type OverThreshold =
  | { readonly outcome: typeof WindowOutcome.fired }
  | { readonly outcome: typeof WindowOutcome.suppressed; readonly until: number }
  | { readonly outcome: typeof WindowOutcome.unknown };

/** An alert as the store or detect names it: which window of which rule and group fired. */
export interface FiredWindow {
  readonly rule: string;
  readonly group: string;
  /** Epoch ms, or ISO 8601 as `sluice state` and detect's reports give it. */
  readonly windowStart: number | string;
}

const key = (rule: string, group: string) => `${rule}\u0000${group}`;

/**
 * The alerts fired so far per (rule, group), from the store at start and from detect's reports
 * during the run, to say why a window over its threshold raised no alert: realert keeps a group
 * quiet for a while after it fired (a second `npm start` on the same data dir otherwise looks broken).
 *
 * @example
 * const notes = new RealertNotes(rules);
 * notes.add(await pipeline.alerts());
 * notes.outcome('error-burst', '/app/x.py', windowStart); // { outcome: 'suppressed', until: ... }
 */
export class RealertNotes {
  private readonly fired = new Map<string, number[]>();
  private readonly realertMs: ReadonlyMap<string, number>;

  constructor(rules: readonly Rule[]) {
    this.realertMs = new Map(rules.filter(isCountRule).map((rule) => [rule.name, rule.realertMs]));
  }

  add(alerts: readonly FiredWindow[]): void {
    for (const alert of alerts) {
      const start = typeof alert.windowStart === 'number' ? alert.windowStart : Date.parse(alert.windowStart);
      const starts = this.fired.get(key(alert.rule, alert.group)) ?? [];
      if (!starts.includes(start)) starts.push(start);
      this.fired.set(key(alert.rule, alert.group), starts);
    }
  }

  /** What became of the window of (rule, group) starting at `windowStart`, which is over its threshold. */
  outcome(rule: string, group: string, windowStart: number): OverThreshold {
    const starts = this.fired.get(key(rule, group)) ?? [];
    const realertMs = this.realertMs.get(rule) ?? 0;
    const decision = realertDecision(windowStart, starts, realertMs);
    if (decision === RealertDecision.already) return { outcome: WindowOutcome.fired };
    if (decision === RealertDecision.fire) return { outcome: WindowOutcome.unknown };
    const near = starts.filter((start) => Math.abs(start - windowStart) < realertMs);
    return { outcome: WindowOutcome.suppressed, until: Math.max(...near) + realertMs };
  }
}

/** `14:05:10`: a time of day, local, as the live line and page show it. */
const clock = (ms: number): string => new Date(ms).toTimeString().slice(0, 8);

/**
 * What the live line says after the count of a window over its threshold.
 *
 * @example
 * outcomeNote({ outcome: 'suppressed', until }); // 'suppressed by realert until 14:05:10'
 */
export function outcomeNote(over: OverThreshold): string | undefined {
  if (over.outcome === WindowOutcome.fired) return 'alert';
  if (over.outcome === WindowOutcome.suppressed) return `suppressed by realert until ${clock(over.until)}`;
  return undefined;
}

/**
 * For a run's summary: ` (2 windows over a threshold kept quiet by realert, until 14:45:10)`, or ''.
 *
 * @example
 * suppressedNote(new Map([['error-burst /a.py 0', until]])); // ' (1 window over a threshold kept quiet by realert, until ...)'
 */
export function suppressedNote(suppressed: ReadonlyMap<string, number>): string {
  if (suppressed.size === 0) return '';
  const until = clock(Math.max(...suppressed.values()));
  return ` (${plural(suppressed.size, 'window')} over a threshold kept quiet by realert, until ${until})`;
}
