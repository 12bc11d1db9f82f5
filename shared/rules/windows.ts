import { kafkaTimeMs, UNKNOWN_TIME_MS } from '../logs/timestamp';
import type { LogEvent } from '../logs/types';
import type { CountRule } from './types';

/**
 * Start of the window of `sizeMs` holding `ms`, aligned to the epoch (UTC): floor(ms / size) * size.
 *
 * @example
 * windowStart(Date.parse('2024-05-01T12:00:07.500Z'), 10_000); // 2024-05-01T12:00:00.000Z in ms
 */
export function windowStart(ms: number, sizeMs: number): number {
  return Math.floor(ms / sizeMs) * sizeMs;
}

/**
 * Starts of every window of the rule that holds `ms`, oldest first: one for a tumbling window,
 * `windowMs / slideMs` for hopping windows (each starts on a `slide` boundary and lasts `window`).
 *
 * @example
 * windowStarts(25_000, { windowMs: 30_000, slideMs: 10_000 }); // [0, 10_000, 20_000]
 */
export function windowStarts(ms: number, rule: Pick<CountRule, 'windowMs' | 'slideMs'>): number[] {
  const last = windowStart(ms, rule.slideMs);
  const starts: number[] = [];
  for (let start = last - rule.windowMs + rule.slideMs; start <= last; start += rule.slideMs)
    starts.push(start);
  return starts;
}

/**
 * The event time windows use: `@timestamp` (which already applies the clock-skew rule), in epoch ms;
 * for an event not made by normalization whose `@timestamp` is no date, its Kafka time as read by
 * magnitude, else the epoch.
 */
export function eventTimeMs(event: LogEvent): number {
  const ms = Date.parse(event['@timestamp']);
  return Number.isNaN(ms) ? (kafkaTimeMs(event.kafka.timestamp) ?? UNKNOWN_TIME_MS) : ms;
}
