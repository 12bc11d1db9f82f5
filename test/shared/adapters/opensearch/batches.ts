// Batches for the index-path tests: MSK-shaped events built with the simulator, read by the shared
// decode step, so the documents are exactly what the index function would send.
import { defaultPathnames, simulateMicroservice } from '../../../../cli/sim/microservice';
import { type RecordToSend, toMskEvent } from '../../../../cli/sim/msk-event';
import { readBatch } from '../../../../shared/batch/read-batch';
import type { BatchRead } from '../../../../shared/batch/types';
import { parseKafkaEvent } from '../../../../shared/kafka/event';

export const readOptions = { maxRecordBytes: 1024 * 1024, maxClockSkewMs: 15 * 60_000 };
export const startMs = Date.UTC(2026, 10, 22, 23, 59, 0);

/** Reads records as the index function would: MSK event, parse, shared decode step. */
export function readRecords(records: readonly RecordToSend[]): BatchRead {
  return readBatch(parseKafkaEvent(toMskEvent(records)), readOptions);
}

/**
 * `count` simulated service logs over `partitions` partitions of `topic`, offsets from `firstOffset`
 * per partition, event times spanning midnight (two daily indices). Same arguments, same records.
 */
export function simulatedRecords(
  count: number,
  options: {
    topic?: string;
    partitions?: number;
    firstOffset?: number;
    seed?: number;
    padding?: number;
  } = {},
): RecordToSend[] {
  const { topic = 'logs', partitions = 2, firstOffset = 0, seed = 1, padding = 0 } = options;
  const next = simulateMicroservice({ pathnames: defaultPathnames, seed });
  return Array.from({ length: count }, (_, i) => {
    const timestamp = startMs + i * 250;
    const log = next(timestamp);
    const value = padding > 0 ? `${log.value.slice(0, -1)},"detail":"${'x'.repeat(padding)}"}` : log.value;
    return {
      topic,
      partition: i % partitions,
      offset: firstOffset + Math.floor(i / partitions),
      timestamp,
      value,
    };
  });
}

/** Two services that log the same attribute with different types: a mapping conflict without flat_object. */
export function conflictingRecords(topic = 'logs', firstOffset = 0): RecordToSend[] {
  const values = [
    { service: 'billing', message: 'charged', user: 42, retries: 1 },
    { service: 'profile', message: 'loaded', user: { id: 'u-7', plan: 'pro' }, retries: 'none' },
    { service: 'billing', message: 'charged again', user: 43, retries: 2 },
    { service: 'search', message: 'indexed', user: 'anonymous' },
    { service: 'search', message: 'indexed later', retries: [3, 'later'] },
  ];
  return values.map((value, i) => ({
    topic,
    partition: 0,
    offset: firstOffset + i,
    timestamp: startMs + i,
    value: JSON.stringify({ timestamp: new Date(startMs + i).toISOString(), level: 'info', ...value }),
  }));
}
