import { escapeSlack, truncateEscaped } from './escape';

// Text helpers shared by the formatters: escaped code spans, UTC windows, sample lines.

/**
 * Escaped log text inside an inline code span. A backtick would close the span, so it is shown as
 * U+02CB (ˋ), which looks alike.
 */
export function codeSpan(text: string, max = 300): string {
  // An inline code span ends at a line break: the break is shown as ⏎ and the span stays whole.
  const oneLineText = text.replace(/`/g, 'ˋ').replace(/\r\n|[\r\n\u2028\u2029]/g, '⏎');
  return `\`${truncateEscaped(escapeSlack(oneLineText), max)}\``;
}

/**
 * Escaped log text inside a code block. A zero-width space follows each backtick so the text can
 * never form the ``` that would end the block early.
 */
export function codeBlock(text: string, max: number): string {
  const body = text.replace(/`/g, '`\u200b').replace(/\r\n?/g, '\n');
  return `\`\`\`${truncateEscaped(escapeSlack(body), Math.max(1, max - 6))}\`\`\``;
}

/** A single line of log text (newlines folded), escaped and truncated. */
export function oneLine(text: string, max: number): string {
  return truncateEscaped(escapeSlack(text.replace(/\s*[\r\n]+\s*/g, ' ⏎ ')), max);
}

function parseTime(iso: string): Date | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `2024-05-01 12:00:00` (ms only when not zero), UTC; the escaped input when it is not a date. */
export function utc(iso: string): string {
  const date = parseTime(iso);
  if (!date) return escapeSlack(iso);
  const text = date.toISOString().replace('T', ' ').replace('Z', '');
  return text.endsWith('.000') ? text.slice(0, -4) : text;
}

/** Human duration: `10s`, `1m`, `1m30s`, `2h`, `250ms`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('');
}

/** `2024-05-01 12:00:00 → 12:00:10 UTC (10s)`; the date is repeated only when it changes. */
export function windowText(startIso: string, endIso: string): string {
  const start = parseTime(startIso);
  const end = parseTime(endIso);
  if (!start || !end) return `${utc(startIso)} → ${utc(endIso)} UTC`;
  const from = utc(startIso);
  const to = utc(endIso);
  const sameDay = from.slice(0, 10) === to.slice(0, 10);
  return `${from} → ${sameDay ? to.slice(11) : to} UTC (${duration(end.getTime() - start.getTime())})`;
}
