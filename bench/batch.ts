import type { MSKEvent } from 'aws-lambda';
import { defaultPathnames, simulateMicroservice } from '../cli/sim/microservice';
import { toMskEvent } from '../cli/sim/msk-event';

/** Lambda's synchronous invoke payload limit: the real bound on one MSK batch. */
export const maxPayloadBytes = 6 * 1024 * 1024;
/** The event source mapping's record limit per batch. */
export const maxBatchRecords = 10_000;

export interface BenchBatch {
  readonly event: MSKEvent;
  readonly records: number;
  /** Size of the event JSON, as Lambda would receive it. */
  readonly bytes: number;
}

/**
 * The largest realistic batch that fits one invoke: simulated service logs over 4 partitions, one
 * second of event time, until the event JSON reaches 6 MB or 10,000 records.
 */
export function buildBenchBatch(startMs = Date.UTC(2026, 10, 22, 12, 0, 0)): BenchBatch {
  const next = simulateMicroservice({ pathnames: [...defaultPathnames, '/app/users/profile.py'], seed: 7 });
  const records = [];
  let bytes = 200;
  for (let i = 0; i < maxBatchRecords; i += 1) {
    const timestamp = startMs + Math.floor(i / 10);
    const log = next(timestamp);
    const size = Math.ceil(Buffer.byteLength(log.value) / 3) * 4 + 160;
    if (bytes + size > maxPayloadBytes) break;
    bytes += size;
    records.push({
      topic: 'logs',
      partition: i % 4,
      offset: 1_000_000 + Math.floor(i / 4),
      timestamp,
      value: log.value,
    });
  }
  const event = toMskEvent(records);
  return { event, records: records.length, bytes: Buffer.byteLength(JSON.stringify(event)) };
}
