import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKafkaEvent } from '../../../../../shared/kafka/event';
import { type KafkaBatch, KafkaEventSource, type KafkaRecordIn } from '../../../../../shared/kafka/types';

const fixtures = join(__dirname, '..', '..', '..', '..', 'fixtures', 'archive');
const events = join(__dirname, '..', '..', '..', '..', 'events', 'msk');

/** The recorded MSK events of test/events/msk, parsed. */
export function recordedBatches(): { name: string; batch: KafkaBatch }[] {
  return readdirSync(events)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ name, batch: parseKafkaEvent(JSON.parse(readFileSync(join(events, name), 'utf8'))) }));
}

export const b64 = (bytes: Buffer | string): string => Buffer.from(bytes).toString('base64');

/** Kafka time of the sample batch: 2024-05-06T12:00:00Z. */
export const sampleTime = Date.UTC(2024, 4, 6, 12, 0, 0);

/** Under this limit the whole Java log (2,767 bytes) is oversize. */
export const lowLimit = 2048;

/**
 * A batch built from real log files (test/fixtures/archive): pino JSON, Java log lines, the whole Java
 * log as one record (oversize under `lowLimit`), text with invalid UTF-8 (lossy), a NUL-bearing binary
 * value, a value that is not base64, and a tombstone. Partition 0, offsets from `firstOffset`.
 */
export function sampleBatch(topic = 'app-logs', firstOffset = 100): KafkaBatch {
  const java = readFileSync(join(fixtures, 'lnav__logfile_java.0'));
  const values: (string | null)[] = [
    b64(readFileSync(join(fixtures, 'lnav__logfile_pino.0'), 'utf8').trim()),
    ...java
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(0, 6)
      .map((line) => b64(line)),
    b64(java),
    b64(readFileSync(join(fixtures, 'lnav__logfile_invalid_utf8.0'))),
    b64(Buffer.from([0x0a, 0x05, 0x00, 0x01, 0x02, 0xff])),
    'this is not base64!',
    null,
  ];
  const records: KafkaRecordIn[] = values.map((value, index) => ({
    topic,
    partition: 0,
    offset: firstOffset + index,
    timestamp: sampleTime + index * 1000,
    timestampType: 'CREATE_TIME',
    key: b64(`key-${index}`),
    value,
    headers: [{ source: [115, 108, -1, 0] }],
  }));
  return { eventSource: KafkaEventSource.msk, records };
}

/** `count` small JSON log records on one partition, one a second, offsets from `firstOffset`. */
export function jsonBatch(
  count: number,
  options: { firstOffset?: number; stepMs?: number; topic?: string } = {},
): KafkaBatch {
  const { firstOffset = 0, stepMs = 1000, topic = 'logs' } = options;
  const records: KafkaRecordIn[] = Array.from({ length: count }, (_, index) => ({
    topic,
    partition: 0,
    offset: firstOffset + index,
    timestamp: sampleTime + index * stepMs,
    key: null,
    value: b64(
      JSON.stringify({
        level: 'error',
        msg: `boom ${firstOffset + index}`,
        pathname: '/app/x.py',
        lineno: 7,
      }),
    ),
    headers: [],
  }));
  return { eventSource: KafkaEventSource.msk, records };
}

/** The records of `batch` with offsets in [from, to]. */
export const slice = (batch: KafkaBatch, from: number, to: number): KafkaBatch => ({
  ...batch,
  records: batch.records.filter((record) => record.offset >= from && record.offset <= to),
});
