import { resolve } from 'node:path';
import { parseCommandArgs } from '../args';
import { type Command, UsageError } from '../command';
import { formatTable } from '../search/format-table';
import { defaultLimit, maxLimit, parseSearchFlags } from '../search/parse-query';
import { type ProgressStream, scanIndicator } from '../search/progress';
import { runSearchSource } from '../search/run-source';
import type { SearchResult } from '../search/types';

const help = `
Usage: sluice search [--level L] [--pathname P] [--service S] [--since T] [--until T] [--text T]
                     [--limit N] [--json] [--source auto|opensearch|archive] [--data-dir DIR]

Finds logs: in OpenSearch when it is configured (OPENSEARCH_URL or OPENSEARCH_DOMAIN), otherwise in
the S3 archive (the bucket AWS_ENDPOINT_URL_S3 names, else the embedded stack kept in DIR). Every
filter given must match. Prints the newest N matches, oldest first: a table, one line per log, cut to
the terminal's width; or with --json one JSON array of the normalized events, one per line. A summary
line goes to stderr after them, and while a large archive is scanned a progress line shows on a terminal.

  --level L        trace, debug, info, warn, error, fatal or unknown; a comma list; warn+ is warn and above
  --pathname P     the source file, exact; * matches any run of characters (*checkout.py)
  --service S      the service, exact or with *
  --since T        from this time on: a date or time (2026-11-22, 2026-11-22T10:00Z; UTC unless an
                   offset is given) or a duration back from now (90m, 24h, 7d); default: no bound
  --until T        up to (not including) this time, same forms; default: no bound
  --text T         messages that contain T, case-insensitive
  --limit N        the newest N matches (default ${defaultLimit}, at most ${maxLimit})
  --json           a JSON array of the events instead of the table
  --source S       auto (default), opensearch or archive
  --data-dir DIR   the embedded stack's state (default .sluice/)

Examples:
  sluice search --level error --pathname /app/orders/checkout.py --since 1h
  sluice search --text "timed out" --limit 20
  sluice search --level error+ --pathname '*gateway.py' --json | jq -r '.[].message'
`;

/** Where `sluice search` writes; process.stdout and process.stderr unless a test says otherwise. */
export interface SearchIo {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly now?: () => number;
  readonly stdout?: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr?: ProgressStream;
}

const numbers = new Intl.NumberFormat('en-US');

/** The summary line on stderr: what was shown, of how many, and what was read to find them. */
export function summaryLine(result: SearchResult): string {
  const total = `${numbers.format(result.total)}${result.totalExact ? '' : '+'}`;
  const shown =
    result.events.length === result.total && result.totalExact
      ? `${numbers.format(result.total)} match${result.total === 1 ? '' : 'es'}`
      : `${numbers.format(result.events.length)} newest of ${total} matches`;
  if (result.source === 'opensearch') return `sluice search: ${shown} in OpenSearch`;
  const scan = result.scanned;
  if (!scan) return `sluice search: ${shown} in the archive`;
  const extras = [
    scan.duplicates > 0 ? `${numbers.format(scan.duplicates)} repeated copies skipped` : '',
    scan.unreadable > 0 ? `${numbers.format(scan.unreadable)} unreadable lines or objects` : '',
    scan.objects < scan.listed ? 'older objects cannot hold newer matches' : '',
  ].filter((part) => part !== '');
  return (
    `sluice search: ${shown} in the archive (${numbers.format(scan.objects)} of ${numbers.format(scan.listed)} objects read, ` +
    `${numbers.format(scan.records)} records${extras.length > 0 ? `; ${extras.join('; ')}` : ''})`
  );
}

/** The results as `--json` prints them: one JSON array, one event per line. */
export function jsonLines(result: SearchResult): string {
  return result.events.length === 0
    ? '[]\n'
    : `[\n${result.events.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`;
}

/** `sluice search` with its input and output given (tests run it in-process). */
export async function runSearch(argv: readonly string[], io: SearchIo = {}): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      level: { type: 'string' },
      pathname: { type: 'string' },
      service: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      text: { type: 'string' },
      limit: { type: 'string' },
      source: { type: 'string' },
      json: { type: 'boolean' },
      'data-dir': { type: 'string' },
    },
    'search',
  );
  if (positionals.length > 0)
    throw new UsageError(`sluice search: unexpected argument "${positionals[0]}" (see sluice search --help)`);
  const { query, source } = parseSearchFlags(values, (io.now ?? Date.now)());
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const indicator = scanIndicator(stderr);
  const result = await runSearchSource(query, source, {
    env: io.env ?? process.env,
    dataDir: resolve(values['data-dir'] ?? '.sluice'),
    onProgress: indicator.update,
    onStack: (line) => stderr.write(`sluice search: ${line}\n`),
  });
  indicator.clear();
  if (values.json) stdout.write(jsonLines(result));
  else if (result.events.length > 0)
    stdout.write(`${formatTable(result.events, stdout.isTTY ? (stdout.columns ?? 120) : undefined)}\n`);
  indicator.done(summaryLine(result));
  return 0;
}

/** `sluice search`: logs by level, pathname, service, time and text, from OpenSearch or the archive. */
export const searchCommand: Command = {
  name: 'search',
  summary: 'find logs by level, pathname, service, time and text (OpenSearch or the archive)',
  help,
  run: (argv) => runSearch(argv),
};
