/**
 * A number for a table: thousands separated, `digits` significant places below 100, "behind" for
 * an unbounded latency.
 *
 * @example
 * figure(1234.5); // '1,235'
 * figure(0.01234); // '0.012'
 * figure(Infinity); // 'behind'
 */
export function figure(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return 'behind';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toLocaleString('en-US');
  const places = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
  return value.toLocaleString('en-US', { maximumFractionDigits: places, minimumFractionDigits: 0 });
}

/** US dollars: cents above a dollar, significant places below; '—' when not priced. */
export function dollars(value: number | null): string {
  if (value === null) return 'not priced';
  if (value >= 1)
    return `$${value.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 })}`;
  return `$${figure(value, 2)}`;
}

/** A markdown table. */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
