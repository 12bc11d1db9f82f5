import type { LiveCount } from './live-windows';

/** A group's current window on the live line, and what became of it when it is over the threshold. */
export interface ProgressWindow extends LiveCount {
  /** `alert`, `suppressed by realert until 14:05:10`: shown after the count. */
  readonly note?: string;
}

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
  /** In a stable order (rules in file order, groups by name). */
  readonly windows: readonly ProgressWindow[];
}

/** A group as a narrow line names it: the last part of a path (`…/checkout.py`). */
const shortGroup = (group: string): string => {
  const slash = group.lastIndexOf('/');
  return slash > 0 && slash < group.length - 1 ? `…${group.slice(slash)}` : group;
};

/** The groups, each `error-burst: /app/x.py 31/25 alert` for the first of its rule, else `/app/y.py 3/25`. */
function groupItems(windows: readonly ProgressWindow[], name: (group: string) => string) {
  let rule: string | undefined;
  return windows.map((w) => {
    const first = w.rule !== rule;
    rule = w.rule;
    const text = `${name(w.group)} ${w.count}/${w.threshold}${w.note ? ` ${w.note}` : ''}`;
    return { text: first ? `${w.rule}: ${text}` : text, first };
  });
}

/**
 * The live status line of `sluice start`, at most `width` characters when given (a terminal's):
 * totals first, then each rule's groups in a stable order. When it does not fit, in turn: zero
 * counts that do not matter go, paths shorten to their file name, `archived` and `lag` go, then the
 * last groups become `+N more`. Nothing is cut inside a word.
 *
 * @example
 * formatProgress(snapshot, 100);
 * // '12s  198 rec/s  accepted 2400  archived 2400  alerts 2  lag 120  | error-burst: /app/x.py 31/25 alert, /app/y.py 9/25'
 */
export function formatProgress(s: ProgressSnapshot, width = Number.POSITIVE_INFINITY): string {
  const totals: Array<{ text: string; optional?: boolean; secondary?: boolean }> = [
    { text: `${Math.floor(s.elapsedMs / 1000)}s` },
    { text: `${Math.round(s.recordsPerSecond)} rec/s` },
    { text: `accepted ${s.accepted}` },
    { text: `dead-lettered ${s.deadLettered}`, optional: s.deadLettered === 0 },
    { text: `skipped ${s.skipped}`, optional: s.skipped === 0 },
    { text: `indexed ${s.indexed ?? 'off'}`, optional: s.indexed === null },
    { text: `archived ${s.archived}`, secondary: true },
    { text: `alerts ${s.alerts}` },
    { text: `lag ${s.lag}`, secondary: true },
  ];
  const join = (parts: readonly { text: string }[]) => parts.map((p) => p.text).join('  ');
  const line = (head: string, items: readonly { text: string; first: boolean }[], more = 0) =>
    items.reduce(
      (text, item, i) => `${text}${i === 0 ? '  | ' : item.first ? ' | ' : ', '}${item.text}`,
      head,
    ) + (more > 0 ? ` +${more} more` : '');

  const compact = totals.filter((part) => !part.optional);
  const minimal = compact.filter((part) => !part.secondary);
  const tries = [
    [join(totals), groupItems(s.windows, (group) => group)],
    [join(compact), groupItems(s.windows, (group) => group)],
    [join(compact), groupItems(s.windows, shortGroup)],
    [join(minimal), groupItems(s.windows, shortGroup)],
  ] as const;
  for (const [head, items] of tries) if (line(head, items).length <= width) return line(head, items);
  const [head, items] = tries[tries.length - 1] as (typeof tries)[number];
  for (let shown = items.length - 1; shown >= 0; shown -= 1) {
    const text = line(head, items.slice(0, shown), items.length - shown);
    if (text.length <= width) return text;
  }
  // Narrower than the totals themselves: whole totals from the left.
  const kept = [...minimal];
  while (kept.length > 1 && join(kept).length > width) kept.pop();
  return join(kept);
}
