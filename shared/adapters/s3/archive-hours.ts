import { Area, keyPartition } from '../../archive/keys';
import type { ObjectReader } from './types';

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/** One `archive/dt=…/hour=…/` prefix and the UTC hour it holds (by Kafka record time). */
export interface ArchiveHour {
  readonly prefix: string;
  readonly startMs: number;
}

/**
 * Whether a partition of the archive (a day or an hour, by Kafka record time) can hold events of
 * `[sinceMs, untilMs)`: an event's `@timestamp` is never more than `maxClockSkewMs` from its Kafka
 * record time (normalization falls back to the Kafka time beyond that).
 *
 * @example
 * mayHold(Date.parse('2026-11-22T10:00Z'), 3_600_000, Date.parse('2026-11-22T11:20Z'), undefined, 900_000); // false
 */
export function mayHold(
  startMs: number,
  lengthMs: number,
  sinceMs: number | undefined,
  untilMs: number | undefined,
  maxClockSkewMs: number,
): boolean {
  if (sinceMs !== undefined && startMs + lengthMs + maxClockSkewMs <= sinceMs) return false;
  if (untilMs !== undefined && startMs - maxClockSkewMs >= untilMs) return false;
  return true;
}

/**
 * The archive's hour prefixes that can hold events of the time range, newest first: one delimiter
 * listing of `archive/` (the days), then one per day kept. Days and hours outside the range are never
 * listed object by object.
 *
 * @example
 * await archiveHours(bucket, Date.now() - 3_600_000, undefined, 900_000);
 * // [{ prefix: 'archive/dt=2026-11-22/hour=12/', startMs: ... }, { prefix: '…/hour=11/', ... }]
 */
export async function archiveHours(
  store: ObjectReader,
  sinceMs: number | undefined,
  untilMs: number | undefined,
  maxClockSkewMs: number,
): Promise<ArchiveHour[]> {
  const hours: ArchiveHour[] = [];
  for (const day of await store.listPrefixes(Area.archive)) {
    const dayStart = Date.parse(`${keyPartition(day, 'dt')}T00:00:00Z`);
    if (Number.isNaN(dayStart) || !mayHold(dayStart, dayMs, sinceMs, untilMs, maxClockSkewMs)) continue;
    for (const hour of await store.listPrefixes(day)) {
      const text = keyPartition(hour, 'hour') ?? '';
      const value = /^\d{2}$/.test(text) ? Number(text) : Number.NaN;
      if (!(value >= 0 && value < 24)) continue;
      const startMs = dayStart + value * hourMs;
      if (mayHold(startMs, hourMs, sinceMs, untilMs, maxClockSkewMs)) hours.push({ prefix: hour, startMs });
    }
  }
  return hours.sort((a, b) => b.startMs - a.startMs);
}

export { hourMs };
