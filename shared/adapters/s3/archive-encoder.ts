import { archiveKey } from '../../archive/keys';
import type { AcceptedRecord } from '../../batch/types';
import type { LogEvent } from '../../logs/types';
import { groupByHourTopicPartition } from './group-records';
import { gzipNdjson } from './ndjson-gzip';
import type { EncodedObject } from './types';

/** One line of the archive: the normalized event, plus the original bytes when decoding was lossy. */
export type ArchiveLine = LogEvent & { readonly originalValue?: string };

/**
 * The archived line of one accepted record. `kafka` (topic, partition, offset, timestamp) is always
 * there so that queries can de-duplicate records a retried batch archived twice.
 *
 * @example
 * archiveLine({ record, event, originalValue: 'aGk/' }); // { '@timestamp': ..., kafka: {...}, originalValue: 'aGk/' }
 */
export function archiveLine(accepted: AcceptedRecord): ArchiveLine {
  return accepted.originalValue === undefined
    ? accepted.event
    : { ...accepted.event, originalValue: accepted.originalValue };
}

/**
 * Encodes the accepted records of a batch into one gzip NDJSON object per (hour, topic, partition),
 * the hour of the Kafka timestamp, or of `@timestamp` when Kafka has none usable (`recordTimeMs`).
 * Keys and bytes derive only from the records: the same records always give the same objects.
 * `origin: 'redrive'` marks the objects `sluice redrive` writes (`…-redrive.ndjson.gz`).
 *
 * @example
 * encodeArchive(read.accepted, 6); // [{ key: 'archive/dt=…/hour=…/topic=…/partition=0/…-….ndjson.gz', body, records }]
 */
export function encodeArchive(
  accepted: readonly AcceptedRecord[],
  gzipLevel: number,
  origin?: 'redrive',
): EncodedObject[] {
  return groupByHourTopicPartition(
    accepted,
    (item) => item.record,
    (item) => Date.parse(item.event['@timestamp']),
  ).map((group) => ({
    key: archiveKey(origin === undefined ? group : { ...group, origin }),
    body: gzipNdjson(
      group.items.map((item) => JSON.stringify(archiveLine(item))),
      gzipLevel,
    ),
    records: group.items.length,
  }));
}
