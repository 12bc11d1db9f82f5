import type { ConsumedKeys } from './key-list';

/** Latest instant written as a plain four-digit-year ISO string: 9999-12-31T23:59:59.999Z. */
const maxEpochMs = 253_402_300_799_999;

/** Epoch numbers are told apart by magnitude: below 1e11 seconds, then ms, µs, and ns from 1e17 up. */
const secondsBelow = 1e11;
const millisBelow = 1e14;
const microsBelow = 1e17;
/**
 * The time of a record with no usable time (neither the log's nor Kafka's): the epoch. Deterministic,
 * never the clock, so a retried batch files the record under the same keys, index and windows.
 */
export const UNKNOWN_TIME_MS = 0;

/** Kafka timestamps are int64: nothing above 2^63 can come from Kafka. */
const kafkaMax = 2 ** 63;

const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True when `ms` can be written as `YYYY-MM-DDTHH:mm:ss.sssZ` (years 1970 to 9999). */
export function isRepresentableMs(ms: number): boolean {
  return ms >= 0 && ms <= maxEpochMs;
}

const twoDigits = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
/** `.000Z` .. `.999Z`, shared by every timestamp. */
const millisSuffixes = Array.from({ length: 1000 }, (_, i) => `.${String(i).padStart(3, '0')}Z`);
/** `YYYY-MM-DDTHH:mm:ss` per epoch second; a batch spans few seconds, and the cache is cleared when large. */
const secondPrefixes = new Map<number, string>();
const maxCachedSeconds = 4096;
let cachedDay = Number.NaN;
let cachedDayPrefix = '';

/**
 * The ISO 8601 UTC form with milliseconds (`2018-08-19T16:41:41.123Z`) of an instant for which
 * `isRepresentableMs` holds; the same result as `Date#toISOString`. Date#toISOString costs half a
 * JSON.parse per record, and building the string piece by piece leaves a chain of string fragments per
 * event for the GC to carry; so the `…:ss` part is cached per second and joined to a shared suffix.
 */
export function toIsoTimestamp(epochMs: number): string {
  const ms = Math.floor(epochMs);
  const second = Math.floor(ms / 1000);
  let prefix = secondPrefixes.get(second);
  if (prefix === undefined) {
    prefix = formatSecond(second);
    if (secondPrefixes.size >= maxCachedSeconds) secondPrefixes.clear();
    secondPrefixes.set(second, prefix);
  }
  return prefix + millisSuffixes[ms - second * 1000];
}

function formatSecond(second: number): string {
  const day = Math.floor(second / 86_400);
  if (day !== cachedDay) {
    cachedDayPrefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
    cachedDay = day;
  }
  let rest = second - day * 86_400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  return `${cachedDayPrefix}${twoDigits[hours]}:${twoDigits[minutes]}:${twoDigits[rest - minutes * 60]}`;
}

/**
 * Reads a log timestamp as epoch milliseconds, or `undefined` when it is unreadable. Accepts epoch
 * numbers (or digit strings) in s, ms, µs or ns, ISO 8601 strings with any offset, and python's
 * `2018-08-19 16:41:41,123` (no offset means UTC). Never guesses at locale formats.
 *
 * @example
 * parseTimestamp('2018-08-19 16:41:41,123'); // 1534696901123
 * parseTimestamp(1534696901.5); // 1534696901500
 */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string' || value.length < 4) return undefined;
  if (value === lastText) return lastMs;
  const first = value.charCodeAt(0);
  if (first < 48 || first > 57) return undefined;
  const ms =
    value.charCodeAt(4) === 45 /* - */
      ? parseIsoLike(value)
      : isDecimal(value)
        ? fromEpoch(Number(value))
        : undefined;
  lastText = value;
  lastMs = ms;
  return ms;
}

/**
 * A Kafka record timestamp as epoch ms, read by magnitude like an epoch number in a log (below 1e11
 * seconds, then ms, µs, and ns from 1e17 up), so a producer that writes ns or s still gets its time.
 * `undefined` when it is unusable: negative (Kafka writes -1 for "no timestamp"), above int64, or not
 * a finite number. Every place that turns a Kafka timestamp into a time goes through this.
 *
 * @example
 * kafkaTimeMs(1.74e18); // 1740000000000 (nanoseconds)
 * kafkaTimeMs(-1); // undefined
 */
export function kafkaTimeMs(timestamp: number): number | undefined {
  return timestamp <= kafkaMax ? fromEpoch(timestamp) : undefined;
}

/** Records come in bursts that share a timestamp: remember the last string read. */
let lastText = '';
let lastMs: number | undefined;

function fromEpoch(n: number): number | undefined {
  if (!(n >= 0) || !Number.isFinite(n)) return undefined;
  let ms: number;
  if (n < secondsBelow) ms = n * 1000;
  else if (n < millisBelow) ms = n;
  else if (n < microsBelow) ms = n / 1000;
  else ms = n / 1_000_000;
  ms = Math.floor(ms);
  return ms <= maxEpochMs ? ms : undefined;
}

function isDecimal(value: string): boolean {
  let dots = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 46) {
      dots += 1;
      if (dots > 1 || i === value.length - 1) return false;
    } else if (c < 48 || c > 57) {
      return false;
    }
  }
  return true;
}

/** Value of the `count` decimal digits at `at`, or -1 when any of them is not a digit. */
function digits(value: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9 || Number.isNaN(c)) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * `YYYY-MM-DD`, optionally followed by `T`/`t`/space, `HH:mm`, `:ss`, a `.` or `,` fraction of any
 * length, spaces, and `Z` or an offset `±HH`, `±HHmm`, `±HH:mm`. Hand-written: no regex, no Date.parse
 * (whose fallback for non-ISO text depends on the machine's time zone).
 */
function parseIsoLike(value: string): number | undefined {
  const length = value.length;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  if (year < 1000 || value.charCodeAt(7) !== 45 || month < 1 || month > 12 || day < 1) return undefined;
  if (day > (daysInMonth[month - 1] ?? 0) || (month === 2 && day === 29 && !isLeapYear(year)))
    return undefined;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let millis = 0;
  let pos = 10;
  if (pos < length) {
    const separator = value.charCodeAt(pos);
    if (separator !== 84 /* T */ && separator !== 116 /* t */ && separator !== 32) return undefined;
    hour = digits(value, pos + 1, 2);
    minute = digits(value, pos + 4, 2);
    if (hour < 0 || hour > 23 || value.charCodeAt(pos + 3) !== 58 || minute < 0 || minute > 59)
      return undefined;
    pos += 6;
    if (value.charCodeAt(pos) === 58 /* : */) {
      second = digits(value, pos + 1, 2);
      if (second < 0 || second > 60) return undefined;
      pos += 3;
      const mark = value.charCodeAt(pos);
      if (mark === 46 || mark === 44) {
        pos += 1;
        const start = pos;
        let scale = 100;
        while (pos < length) {
          const c = value.charCodeAt(pos) - 48;
          if (c < 0 || c > 9) break;
          millis += c * scale;
          scale /= 10;
          pos += 1;
        }
        if (pos === start) return undefined;
        millis = Math.floor(millis);
      }
    }
  }
  while (value.charCodeAt(pos) === 32) pos += 1;
  let offsetMinutes = 0;
  if (pos < length) {
    const sign = value.charCodeAt(pos);
    if ((sign === 90 || sign === 122) /* Z z */ && pos === length - 1) {
      pos += 1;
    } else if (sign === 43 || sign === 45) {
      const hours = digits(value, pos + 1, 2);
      if (hours < 0 || hours > 23) return undefined;
      pos += 3;
      let minutes = 0;
      if (value.charCodeAt(pos) === 58) pos += 1;
      if (pos < length) {
        minutes = digits(value, pos, 2);
        if (minutes < 0 || minutes > 59) return undefined;
        pos += 2;
      }
      offsetMinutes = (sign === 45 ? -1 : 1) * (hours * 60 + minutes);
    }
    if (pos !== length) return undefined;
  }
  const minutes = daysSinceEpoch(year, month, day) * 1440 + hour * 60 + minute - offsetMinutes;
  const ms = (minutes * 60 + second) * 1000 + millis;
  return isRepresentableMs(ms) ? ms : undefined;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil); Date.UTC is slower. */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * The log's own time in epoch ms, from the first of `timestamp`, `@timestamp`, `time`, `ts`, `asctime`
 * that holds a readable timestamp, provided it lies within `maxSkewMs` of `kafkaMs` (the Kafka time as
 * `kafkaTimeMs` reads it; not checked when it is `undefined`, such as for -1). The key is pushed on
 * `consumed` only when its time is used, so a skewed or unreadable value stays in attrs.
 *
 * @example
 * readLogTime({ ts: 1.7e9 }, [], 1_700_000_000_100, 900_000); // 1700000000000
 */
export function readLogTime(
  log: Record<string, unknown>,
  consumed: ConsumedKeys,
  kafkaMs: number | undefined,
  maxSkewMs: number,
): number | undefined {
  return readTime(log, false, consumed, kafkaMs, maxSkewMs);
}

/** `readLogTime` for a Fluentd / Fluent Bit envelope, which may also carry Fluent Bit's `date`. */
export function readEnvelopeTime(
  envelope: Record<string, unknown>,
  consumed: ConsumedKeys,
  kafkaMs: number | undefined,
  maxSkewMs: number,
): number | undefined {
  return readTime(envelope, true, consumed, kafkaMs, maxSkewMs);
}

/** Keys are looked up one by one rather than in a loop: each named lookup keeps its own inline cache. */
function readTime(
  log: Record<string, unknown>,
  envelope: boolean,
  consumed: ConsumedKeys,
  kafkaMs: number | undefined,
  maxSkewMs: number,
): number | undefined {
  let key = 'timestamp';
  let ms = parseTimestamp(log.timestamp);
  if (ms === undefined) {
    key = '@timestamp';
    ms = parseTimestamp(log['@timestamp']);
  }
  if (ms === undefined) {
    key = 'time';
    ms = parseTimestamp(log.time);
  }
  if (ms === undefined) {
    key = 'ts';
    ms = parseTimestamp(log.ts);
  }
  if (ms === undefined) {
    key = 'asctime';
    ms = parseTimestamp(log.asctime);
  }
  if (ms === undefined && envelope) {
    key = 'date';
    ms = parseTimestamp(log.date);
  }
  if (ms === undefined) return undefined;
  if (kafkaMs !== undefined && !(Math.abs(ms - kafkaMs) <= maxSkewMs)) return undefined;
  consumed.push(key);
  return ms;
}
