import type { DeadLetterReason } from '../kafka/decode-value';
import { isRepresentableMs, toIsoTimestamp, UNKNOWN_TIME_MS } from '../logs/timestamp';

/**
 * Top-level prefixes of the bucket: the archive of accepted events, the dead-letter area, and the
 * entries `sluice redrive` moved out of the dead-letter area once they went through (kept for audit).
 */
export const Area = {
  archive: 'archive/',
  deadLetter: 'dead-letter/',
  redriven: 'redriven/',
} as const;
export type Area = (typeof Area)[keyof typeof Area];

/** Digits of a zero-padded offset: Kafka offsets are int64, at most 19 digits, so keys sort by offset. */
const offsetDigits = 20;

/** The Hive partition values of one hour, UTC: `dt=YYYY-MM-DD`, `hour=HH`. */
export interface HourPartition {
  readonly dt: string;
  readonly hour: string;
}

/** What an object's key is made of: all of it comes from the records inside the object. */
export interface ObjectPlace extends HourPartition {
  readonly topic: string;
  readonly partition: number;
  readonly firstOffset: number;
  readonly lastOffset: number;
  /**
   * Set on objects written by a tool rather than by the function that owns the area: archive objects
   * of `sluice redrive`, dead-letter objects of `rehydrate`. The key gets `-<origin>`, so such an
   * object can never overwrite one of the same offset range that the function wrote (which may hold
   * other records, or the same records with their original bytes).
   */
  readonly origin?: ObjectOrigin;
}

/** Who wrote an object, when not the function that owns its area (see `ObjectPlace.origin`). */
export const ObjectOrigin = { redrive: 'redrive', rehydrate: 'rehydrate' } as const;
export type ObjectOrigin = (typeof ObjectOrigin)[keyof typeof ObjectOrigin];

/**
 * The UTC hour of an instant in epoch ms. Total: a number that is no writable time (NaN, before 1970,
 * after 9999) gives the epoch hour, `1970-01-01`/`00`, so no record can make a key throw.
 *
 * @example
 * hourPartition(1715000000000); // { dt: '2024-05-06', hour: '12' }
 */
export function hourPartition(epochMs: number): HourPartition {
  const iso = toIsoTimestamp(isRepresentableMs(epochMs) ? epochMs : UNKNOWN_TIME_MS);
  return { dt: iso.slice(0, 10), hour: iso.slice(11, 13) };
}

/** Zero-pads an offset so that lexical key order is offset order. */
export function padOffset(offset: number): string {
  return String(offset).padStart(offsetDigits, '0');
}

/** A Hive partition value made safe for a key (Kafka topic names are already `[A-Za-z0-9._-]`). */
const partitionValue = (text: string): string => encodeURIComponent(text);

function placeSuffix(place: ObjectPlace): string {
  return (
    `dt=${place.dt}/hour=${place.hour}/topic=${partitionValue(place.topic)}/partition=${place.partition}/` +
    `${padOffset(place.firstOffset)}-${padOffset(place.lastOffset)}${place.origin === undefined ? '' : `-${place.origin}`}.ndjson.gz`
  );
}

/**
 * Key of the archive object holding the accepted records of one (hour, topic, partition) of a batch.
 *
 * @example
 * archiveKey({ dt: '2024-05-06', hour: '12', topic: 'logs', partition: 0, firstOffset: 7, lastOffset: 9 });
 * // 'archive/dt=2024-05-06/hour=12/topic=logs/partition=0/00000000000000000007-00000000000000000009.ndjson.gz'
 */
export function archiveKey(place: ObjectPlace): string {
  return `${Area.archive}${placeSuffix(place)}`;
}

/** Prefix of every dead-letter object of one reason (in `area`, the dead-letter area by default). */
export function deadLetterReasonPrefix(reason: DeadLetterReason, area: Area = Area.deadLetter): string {
  return `${area}reason=${reason}/`;
}

/**
 * Key of the dead-letter object holding the entries of one (reason, hour, topic, partition) of a batch.
 *
 * @example
 * deadLetterKey('oversize', { dt: '2024-05-06', hour: '12', topic: 'logs', partition: 0, firstOffset: 8, lastOffset: 8 });
 * // 'dead-letter/reason=oversize/dt=2024-05-06/hour=12/topic=logs/partition=0/0000…8-0000…8.ndjson.gz'
 */
export function deadLetterKey(
  reason: DeadLetterReason,
  place: ObjectPlace,
  area: Area = Area.deadLetter,
): string {
  return `${deadLetterReasonPrefix(reason, area)}${placeSuffix(place)}`;
}

/** Reads a Hive partition value (`name=value`) out of a key or prefix; undefined when absent. */
export function keyPartition(key: string, name: string): string | undefined {
  const segment = key.split('/').find((part) => part.startsWith(`${name}=`));
  return segment === undefined ? undefined : decodeURIComponent(segment.slice(name.length + 1));
}

/** Where an object sits among the objects of its (hour, topic, partition): its folder and offset range. */
export interface ObjectRange {
  /** The key up to its last `/`: `archive/dt=…/hour=…/topic=…/partition=…/`. */
  readonly folder: string;
  readonly firstOffset: number;
  readonly lastOffset: number;
}

/**
 * The folder and offset range of an object from its key; undefined for a key sluice did not write.
 *
 * @example
 * objectRange('archive/dt=2024-05-06/hour=12/topic=logs/partition=0/00000000000000000007-00000000000000000009.ndjson.gz');
 * // { folder: 'archive/dt=2024-05-06/hour=12/topic=logs/partition=0/', firstOffset: 7, lastOffset: 9 }
 */
export function objectRange(key: string): ObjectRange | undefined {
  const slash = key.lastIndexOf('/');
  const match = /^(\d{20})-(\d{20})(?:-[a-z]+)?\.ndjson\.gz$/.exec(key.slice(slash + 1));
  if (!match) return undefined;
  return { folder: key.slice(0, slash + 1), firstOffset: Number(match[1]), lastOffset: Number(match[2]) };
}
