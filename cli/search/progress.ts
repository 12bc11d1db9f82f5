import type { ScanProgress } from './archive-source';

/** A stream the indicator writes to (process.stderr). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** Objects a scan must list before the live indicator is worth showing. */
export const progressThreshold = 5;

const numbers = new Intl.NumberFormat('en-US');

/** `scanning archive: 120/840 objects · 24,000 records · 57 matches` */
export function formatScan(progress: ScanProgress): string {
  return (
    `scanning archive: ${numbers.format(progress.objects)}/${numbers.format(progress.listed)} objects · ` +
    `${numbers.format(progress.records)} records · ${numbers.format(progress.matches)} matches`
  );
}

/**
 * The scan indicator of `sluice search` on stderr: on a terminal, one line rewritten in place (at most
 * ten times a second) once the scan lists more than a few objects; elsewhere nothing until the
 * summary line, so logs and pipes get one line.
 *
 * @example
 * const indicator = scanIndicator(process.stderr);
 * await searchArchive(store, query, { maxClockSkewMs, onProgress: indicator.update });
 * indicator.clear(); // then print the results
 * indicator.done('sluice search: 57 matches in 840 archive objects');
 */
export function scanIndicator(stream: ProgressStream, now: () => number = Date.now) {
  let shown = false;
  let last = 0;
  return {
    update(progress: ScanProgress): void {
      if (stream.isTTY !== true || progress.listed < progressThreshold) return;
      const time = now();
      if (shown && time - last < 100 && progress.objects < progress.listed) return;
      last = time;
      shown = true;
      stream.write(`\r\x1b[2K${formatScan(progress)}`);
    },
    /** Takes the progress line away (before the results are printed). */
    clear(): void {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
    /** Ends with the summary line. */
    done(summary: string): void {
      this.clear();
      stream.write(`${summary}\n`);
    },
  };
}
