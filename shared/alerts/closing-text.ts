import { escapeAndTruncate, escapeSlack } from './escape';
import type { Alert, ResolvedNotice } from './types';

// Flatline and ratio alerts said in words: what an on-call engineer reads first.

/** `10:03` (seconds only when not zero), UTC; the escaped input when it is not a date. */
export function clockTime(iso: string, seconds = false): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return escapeSlack(iso);
  const text = date.toISOString().slice(11, 19);
  return seconds || !text.endsWith(':00') ? text : text.slice(0, 5);
}

/** Two clock times, both with seconds when either has some: `10:03` and `10:04`, or `10:03:00` and `10:03:10`. */
function clockTimes(fromIso: string, toIso: string): [string, string] {
  const seconds = clockTime(fromIso).length > 5 || clockTime(toIso).length > 5;
  return [clockTime(fromIso, seconds), clockTime(toIso, seconds)];
}

/** `1,024`: thousands separated, whatever the machine's locale. */
export function thousands(n: number): string {
  return n.toLocaleString('en-US');
}

/** `7.9 %`: one decimal, none when whole. */
export function percent(count: number, of: number): string {
  const value = of === 0 ? 0 : Math.round((count * 1000) / of) / 10;
  return `${value} %`;
}

/**
 * One line saying what a flatline or ratio alert means, escaped; undefined for count alerts.
 *
 * @example
 * closingSentence(flatline); // 'orders: no logs from 10:03 to 10:04 UTC, last seen 10:02:41'
 * closingSentence(ratio); // 'payments: 7.9 % errors (81 of 1,024) in 10:05–10:06 UTC, above 5 %'
 */
export function closingSentence(alert: Alert): string | undefined {
  const group = escapeAndTruncate(alert.group, 200);
  const [from, to] = clockTimes(alert.windowStart, alert.windowEnd);
  const span = `${from} to ${to} UTC`;
  if (alert.type === 'flatline') {
    const logs = alert.count === 0 ? 'no logs' : `only ${thousands(alert.count)} logs`;
    const seen = alert.lastSeen ? `, last seen ${clockTime(alert.lastSeen, true)}` : '';
    return `${group}: ${logs} from ${span}${seen}`;
  }
  if (alert.type === 'ratio') {
    const of = alert.of ?? 0;
    return (
      `${group}: ${percent(alert.count, of)} errors (${thousands(alert.count)} of ${thousands(of)}) ` +
      `in ${from}–${to} UTC, above ${alert.threshold} %`
    );
  }
  return undefined;
}

/**
 * One line saying why a flatline or ratio alert is resolved, escaped; undefined for count notices.
 *
 * @example
 * resolvedSentence(notice); // 'orders: logging again, 42 logs in 10:07–10:08 UTC'
 */
export function resolvedSentence(notice: ResolvedNotice): string | undefined {
  const group = escapeAndTruncate(notice.group, 200);
  const [from, to] = clockTimes(notice.windowStart, notice.windowEnd);
  const span = `${from}–${to} UTC`;
  if (notice.type === 'flatline')
    return `${group}: logging again, ${thousands(notice.count)} logs in ${span}`;
  if (notice.type === 'ratio') {
    const of = notice.of ?? 0;
    // A window also clears when it has fewer events than minCount: then the ratio says nothing.
    const verdict =
      notice.count * 100 <= notice.threshold * of
        ? `at or under ${notice.threshold} %`
        : 'too few events to judge';
    return `${group}: ${percent(notice.count, of)} errors (${thousands(notice.count)} of ${thousands(of)}) in ${span}, ${verdict}`;
  }
  return undefined;
}
