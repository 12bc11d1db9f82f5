import type { KafkaCoordinates } from '../../kafka/types';
import { isRepresentableMs, toIsoTimestamp, UNKNOWN_TIME_MS } from '../../logs/timestamp';

/**
 * The deterministic `_id` of a Kafka record's document: the same record always maps to the same id,
 * so a redelivered or re-split batch can only ever hit a 409 on `create`, never add a copy.
 *
 * @example
 * documentId({ topic: 'logs', partition: 3, offset: 1042, timestamp: 0 }); // 'logs-3-1042'
 */
export function documentId(coordinates: Pick<KafkaCoordinates, 'topic' | 'partition' | 'offset'>): string {
  return `${coordinates.topic}-${coordinates.partition}-${coordinates.offset}`;
}

/**
 * The daily index a document goes to, by its event time (UTC): `${prefix}YYYY.MM.DD`. Event time,
 * not arrival time, so a retried batch lands in the same index as the first try. A time that cannot be
 * written as YYYY.MM.DD falls back to `fallbackMs` (the Kafka time as `kafkaTimeMs` reads it), then to
 * the epoch; never throws.
 *
 * @example
 * dailyIndex('logs-', '2026-11-22T23:59:59.999Z'); // 'logs-2026.11.22'
 */
export function dailyIndex(prefix: string, timestamp: string | number, fallbackMs?: number): string {
  const ms = typeof timestamp === 'number' ? timestamp : Date.parse(timestamp);
  const day = toIsoTimestamp(
    isRepresentableMs(ms)
      ? ms
      : fallbackMs !== undefined && isRepresentableMs(fallbackMs)
        ? fallbackMs
        : UNKNOWN_TIME_MS,
  );
  return `${prefix}${day.slice(0, 4)}.${day.slice(5, 7)}.${day.slice(8, 10)}`;
}

/** Characters OpenSearch refuses in index names. */
const forbidden = /[\\/*?"<>| ,#:]/;

/**
 * Why a prefix cannot start OpenSearch index names, or undefined when it can (lower case, none of
 * `\ / * ? " < > | , # :` or spaces, not starting with `-`, `_` or `+`).
 *
 * @example
 * indexPrefixProblem('Logs-'); // 'must be lower case'
 */
export function indexPrefixProblem(prefix: string): string | undefined {
  if (prefix === '') return 'must not be empty';
  if (prefix !== prefix.toLowerCase()) return 'must be lower case';
  if (forbidden.test(prefix)) return 'must not contain \\ / * ? " < > | , # : or spaces';
  if (/^[-_+]/.test(prefix)) return 'must not start with -, _ or +';
  if (Buffer.byteLength(prefix) > 200) return 'must be at most 200 bytes';
  return undefined;
}
