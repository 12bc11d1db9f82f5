import type { SearchEvent } from './types';

/** Control characters (escape sequences start with one) and the bidirectional overrides. */
const unsafe = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

/** Makes log text safe for one terminal line: no escape sequences, no line breaks, no bidi tricks. */
export function oneLine(text: string): string {
  return text.replace(/\r?\n/g, ' ↵ ').replace(unsafe, ' ');
}

/** Cuts `text` to `width` characters, ending with `…` when cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Cuts from the left (`…tail`): the end of a path says the most. */
function truncateLeft(text: string, width: number): string {
  return text.length <= width ? text : `…${text.slice(text.length - width + 1)}`;
}

/** `2026-11-22 03:22:06.150` (UTC). */
const shortTime = (iso: string): string =>
  iso.length >= 23 ? `${iso.slice(0, 10)} ${iso.slice(11, 23)}` : iso;

const columns = ['time (UTC)', 'level', 'where', 'service', 'message'] as const;
const maxWhere = 48;
const maxService = 20;

/**
 * The readable table of `sluice search`: time, level, pathname:lineno, service and message, one
 * line per event. With `width` (the terminal's), each line fits it and the message is cut with `…`;
 * without, messages are whole (still one line each). Log text never reaches the terminal raw.
 *
 * @example
 * formatTable(events, process.stdout.isTTY ? process.stdout.columns : undefined);
 * // 'time (UTC)               level  where                         service  message\n2026-11-22 03:22:06.150  ERROR  /app/orders/checkout.py:42  orders   payment provider timed out…'
 */
export function formatTable(events: readonly SearchEvent[], width?: number): string {
  const rows = events.map((event) => [
    shortTime(event['@timestamp']),
    event.level.toUpperCase(),
    truncateLeft(
      oneLine(
        event.pathname === undefined
          ? ''
          : `${event.pathname}${event.lineno === undefined ? '' : `:${event.lineno}`}`,
      ),
      maxWhere,
    ),
    truncate(oneLine(event.service ?? event.kubernetes?.container ?? ''), maxService),
    oneLine(String(event.message ?? '')),
  ]);
  const widths = columns
    .slice(0, 4)
    .map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const lead = widths.reduce((sum, w) => sum + w + 2, 0);
  const line = (cells: readonly string[]) => {
    const start = cells
      .slice(0, 4)
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ');
    const message = cells[4] ?? '';
    return `${start}  ${width === undefined ? message : truncate(message, width - lead - 1)}`.trimEnd();
  };
  return [line(columns), ...rows.map(line)].join('\n');
}
