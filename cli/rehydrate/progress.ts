import type { RunCheckpoint } from '../../shared/rehydrate/checkpoint';

/** A stream the progress goes to (process.stderr). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

const numbers = new Intl.NumberFormat('en-US');

/** `2h05m`, `3m20s`, `45s`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

/** Where a run stands, measured from this command's start (the rate is this session's). */
export interface ProgressFigures {
  readonly objectsDone: number;
  readonly objectsTotal: number;
  readonly records: number;
  readonly recordsPerSecond: number;
  /** Undefined until there is a rate to go by. */
  readonly etaMs: number | undefined;
}

/**
 * The figures of a checkpoint, the records/s and ETA measured from the first checkpoint this command
 * saw (records/s over records, the ETA over compressed bytes, which the listing knows for every object).
 *
 * @example
 * progressFigures(first, latest, elapsedMs); // { objectsDone: 120, objectsTotal: 840, records: 1204330, recordsPerSecond: 48211, etaMs: 130000 }
 */
export function progressFigures(
  first: RunCheckpoint,
  latest: RunCheckpoint,
  elapsedMs: number,
): ProgressFigures {
  const seconds = elapsedMs / 1000;
  const records = latest.counts.records - first.counts.records;
  const bytes = latest.bytesDone - first.bytesDone;
  const left = Math.max(0, latest.total.bytes - latest.bytesDone);
  return {
    objectsDone: latest.counts.objects,
    objectsTotal: latest.total.objects,
    records: latest.counts.records,
    recordsPerSecond: seconds > 0 ? Math.round(records / seconds) : 0,
    etaMs: bytes > 0 && seconds > 0 ? (left / bytes) * elapsedMs : left === 0 ? 0 : undefined,
  };
}

/** `[########............] 120/840 objects · 1,204,330 records · 48,211 records/s · ETA 2m10s` */
export function formatProgress(figures: ProgressFigures, barWidth = 0): string {
  const share = figures.objectsTotal === 0 ? 1 : figures.objectsDone / figures.objectsTotal;
  const filled = Math.round(share * barWidth);
  const bar = barWidth > 0 ? `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ` : '';
  const eta = figures.etaMs === undefined ? 'ETA …' : `ETA ${formatDuration(figures.etaMs)}`;
  return (
    `${bar}${numbers.format(figures.objectsDone)}/${numbers.format(figures.objectsTotal)} objects · ` +
    `${numbers.format(figures.records)} records · ${numbers.format(figures.recordsPerSecond)} records/s · ${eta}`
  );
}

/**
 * The progress of `sluice rehydrate` on stderr: on a terminal a bar redrawn in place (at most ten
 * times a second); elsewhere (a log, a pipe) a plain line at most every `everyMs`, and the last one.
 *
 * @example
 * const progress = progressDisplay(process.stderr);
 * createRehydrateHandler(config, { onProgress: progress.update });
 * progress.done();
 */
export function progressDisplay(stream: ProgressStream, now: () => number = Date.now, everyMs = 5_000) {
  const tty = stream.isTTY === true;
  let first: { checkpoint: RunCheckpoint; at: number } | undefined;
  let latest: RunCheckpoint | undefined;
  let lastShown = Number.NEGATIVE_INFINITY;
  let shown: RunCheckpoint | undefined;
  const line = () => {
    if (!first || !latest) return '';
    const width = tty ? Math.max(10, Math.min(30, (stream.columns ?? 100) - 90)) : 0;
    return formatProgress(progressFigures(first.checkpoint, latest, now() - first.at), width);
  };
  const show = () => {
    if (tty) stream.write(`\r\x1b[2K${line()}`);
    else stream.write(`rehydrate: ${line()}\n`);
    shown = latest;
    lastShown = now();
  };
  return {
    update(checkpoint: RunCheckpoint): void {
      first ??= { checkpoint, at: now() };
      latest = checkpoint;
      if (now() - lastShown >= (tty ? 100 : everyMs)) show();
    },
    /** Shows the last figures (a plain line) or takes the bar away, before the summary. */
    done(): void {
      if (tty && shown) stream.write('\r\x1b[2K');
      else if (!tty && latest !== shown) show();
    },
  };
}
