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

/** `error-burst: /app/x.py 31/25 alert, /app/y.py 3/25`: one rule's groups. */
function ruleSegments(windows: readonly ProgressWindow[]): string[][] {
  const rules = new Map<string, string[]>();
  for (const w of windows) {
    const items = rules.get(w.rule) ?? [];
    items.push(`${w.group} ${w.count}/${w.threshold}${w.note ? ` ${w.note}` : ''}`);
    rules.set(w.rule, items);
  }
  return [...rules].map(([rule, items]) => items.map((item, i) => (i === 0 ? `${rule}: ${item}` : item)));
}

/**
 * The live status line of `sluice start`, at most `width` characters when given (a terminal's):
 * totals first, then each rule's groups in a stable order, as many whole as fit, then `+N more`;
 * zero counts that do not matter are left out before anything is cut.
 *
 * @example
 * formatProgress(snapshot, 100);
 * // '12s  198 rec/s  accepted 2400  archived 2400  alerts 2  lag 120  | error-burst: /app/x.py 31/25 alert, /app/y.py 9/25'
 */
export function formatProgress(s: ProgressSnapshot, width = Number.POSITIVE_INFINITY): string {
  const totals: Array<{ text: string; optional: boolean }> = [
    { text: `${Math.floor(s.elapsedMs / 1000)}s`, optional: false },
    { text: `${Math.round(s.recordsPerSecond)} rec/s`, optional: false },
    { text: `accepted ${s.accepted}`, optional: false },
    { text: `dead-lettered ${s.deadLettered}`, optional: s.deadLettered === 0 },
    { text: `skipped ${s.skipped}`, optional: s.skipped === 0 },
    { text: `indexed ${s.indexed ?? 'off'}`, optional: s.indexed === null },
    { text: `archived ${s.archived}`, optional: false },
    { text: `alerts ${s.alerts}`, optional: false },
    { text: `lag ${s.lag}`, optional: false },
  ];
  const join = (parts: readonly { text: string }[]) => parts.map((p) => p.text).join('  ');
  const items = ruleSegments(s.windows).flatMap((segment) =>
    segment.map((item, i) => ({ text: item, first: i === 0 })),
  );
  const withItems = (head: string, count: number) =>
    items
      .slice(0, count)
      .reduce((line, item, i) => `${line}${i === 0 ? '  | ' : item.first ? ' | ' : ', '}${item.text}`, head);

  const whole = withItems(join(totals), items.length);
  if (whole.length <= width) return whole;
  // Too long: zero counts that do not matter go first, then groups, then the end of the totals.
  const kept = totals.filter((part) => !part.optional);
  while (kept.length > 1 && join(kept).length > width) kept.pop();
  const head = join(kept);
  if (kept.length < totals.filter((part) => !part.optional).length) return head;
  for (let shown = items.length; shown > 0; shown -= 1) {
    const more = shown < items.length ? ` +${items.length - shown} more` : '';
    const line = `${withItems(head, shown)}${more}`;
    if (line.length <= width) return line;
  }
  return items.length > 0 && `${head} +${items.length} more`.length <= width
    ? `${head} +${items.length} more`
    : head;
}
