import { gunzipSync } from 'node:zlib';
import { Area, deadLetterKey, type ObjectOrigin } from '../../archive/keys';
import { type DeadLetterEntry, DeadLetterStage, entryStage } from '../../dead-letter/types';
import { InvalidInputError } from '../../errors';
import { DeadLetterReason } from '../../kafka/decode-value';
import { groupByHourTopicPartition } from './group-records';
import { gzipNdjson } from './ndjson-gzip';
import type { EncodedObject } from './types';

const reasons = new Set<string>(Object.values(DeadLetterReason));
const stages = new Set<string>(Object.values(DeadLetterStage));

/** An entry with its fields in one fixed order, whoever built it, so equal entries give equal bytes. */
function canonicalEntry(entry: DeadLetterEntry): DeadLetterEntry {
  const { topic, partition, offset, timestamp, timestampType } = entry.kafka;
  return {
    reason: entry.reason,
    detail: entry.detail,
    stage: entryStage(entry),
    kafka: { topic, partition, offset, timestamp, ...(timestampType !== undefined ? { timestampType } : {}) },
    key: entry.key,
    headers: entry.headers,
    value: entry.value,
  };
}

/** The entries that belong in one dead-letter object, offsets ascending. */
export interface DeadLetterGroup {
  readonly key: string;
  readonly entries: readonly DeadLetterEntry[];
}

/**
 * Groups entries by the object they belong in: one per (reason, hour, topic, partition), under `area`
 * (the dead-letter area unless redrive files them as redriven), with `-<origin>` keys for a writer
 * other than the functions (`rehydrate`). Keys derive only from the entries.
 *
 * @example
 * groupDeadLetters(entries); // [{ key: 'dead-letter/reason=binary/dt=…/hour=…/topic=…/partition=…/…-….ndjson.gz', entries }]
 */
export function groupDeadLetters(
  entries: readonly DeadLetterEntry[],
  area: Area = Area.deadLetter,
  origin?: ObjectOrigin,
): DeadLetterGroup[] {
  const byReason = new Map<DeadLetterReason, DeadLetterEntry[]>();
  for (const entry of entries) {
    const list = byReason.get(entry.reason) ?? [];
    list.push(entry);
    byReason.set(entry.reason, list);
  }
  return [...byReason.keys()].sort().flatMap((reason) =>
    groupByHourTopicPartition(byReason.get(reason) ?? [], (entry) => entry.kafka).map((group) => ({
      key: deadLetterKey(reason, origin === undefined ? group : { ...group, origin }, area),
      entries: group.items,
    })),
  );
}

/**
 * One dead-letter object: the entries as gzip NDJSON, one canonical JSON line each, in the order given.
 *
 * @example
 * encodeDeadLetterObject(group.key, group.entries, 6); // { key, body, records: group.entries.length }
 */
export function encodeDeadLetterObject(
  key: string,
  entries: readonly DeadLetterEntry[],
  gzipLevel: number,
): EncodedObject {
  return {
    key,
    body: gzipNdjson(
      entries.map((entry) => JSON.stringify(canonicalEntry(entry))),
      gzipLevel,
    ),
    records: entries.length,
  };
}

/**
 * Encodes dead-letter entries into one gzip NDJSON object per (reason, hour, topic, partition).
 * Keys and bytes derive only from the entries.
 *
 * @example
 * encodeDeadLetters([deadLetterEntry(record, 'binary', 'value contains a NUL byte')], 6);
 * // [{ key: 'dead-letter/reason=binary/dt=…/hour=…/topic=…/partition=…/…-….ndjson.gz', body, records: 1 }]
 */
export function encodeDeadLetters(
  entries: readonly DeadLetterEntry[],
  gzipLevel: number,
  area: Area = Area.deadLetter,
  origin?: ObjectOrigin,
): EncodedObject[] {
  return groupDeadLetters(entries, area, origin).map((group) =>
    encodeDeadLetterObject(group.key, group.entries, gzipLevel),
  );
}

/**
 * Reads the entries back out of a dead-letter object (gzip NDJSON as written by this module).
 *
 * @example
 * decodeDeadLetterObject(await bucket.get(key)); // [{ reason: 'oversize', kafka: {...}, value: '…' }]
 */
export function decodeDeadLetterObject(body: Uint8Array): DeadLetterEntry[] {
  return decodeDeadLetters(gunzipSync(body).toString('utf8'));
}

/**
 * Reads the entries back out of a dead-letter object's NDJSON text (after gunzip).
 *
 * @example
 * decodeDeadLetters(gunzipSync(body).toString('utf8')); // [{ reason: 'oversize', ... }]
 */
export function decodeDeadLetters(text: string): DeadLetterEntry[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line, index) => {
      const entry: unknown = JSON.parse(line);
      if (!isDeadLetterEntry(entry))
        throw new InvalidInputError(`line ${index + 1} is not a dead-letter entry`);
      return entry;
    });
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isDeadLetterEntry(value: unknown): value is DeadLetterEntry {
  if (!isObject(value) || !isObject(value.kafka)) return false;
  const { topic, partition, offset, timestamp } = value.kafka;
  return (
    typeof value.reason === 'string' &&
    reasons.has(value.reason) &&
    typeof value.detail === 'string' &&
    (value.stage === undefined || (typeof value.stage === 'string' && stages.has(value.stage))) &&
    typeof topic === 'string' &&
    Number.isInteger(partition) &&
    Number.isInteger(offset) &&
    typeof timestamp === 'number' &&
    (value.key === null || typeof value.key === 'string') &&
    (value.value === null || typeof value.value === 'string')
  );
}
