import type { MSKEvent } from 'aws-lambda';
import { defaultPathnames, simulateMicroservice } from '../cli/sim/microservice';
import { type RecordToSend, toMskEvent } from '../cli/sim/msk-event';

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

export interface InvokeStream {
  /** Records in all, over as many invokes as they need. */
  readonly total: number;
  readonly seed: number;
  /** Event time of the first record, epoch ms. */
  readonly startMs: number;
  /** How many records share one millisecond of event time (10 = 10,000 records a second). */
  readonly recordsPerMs: number;
  /** Offset of the first record of each partition. */
  readonly firstOffset?: number;
  /** Partitions the records are spread over, round robin (default 4). */
  readonly partitions?: number;
  /** Source files that log (default: the simulator's two and `/app/users/profile.py`). */
  readonly pathnames?: readonly string[];
}

/**
 * MSK invokes of simulated service logs (three source files, four partitions by default), each as large as
 * Lambda delivers: records are added until the event JSON would pass 6 MB or 10,000 records.
 */
export function* simulatedInvokes(stream: InvokeStream): Generator<{ event: MSKEvent; records: number }> {
  const next = simulateMicroservice({
    pathnames: stream.pathnames ?? [...defaultPathnames, '/app/users/profile.py'],
    seed: stream.seed,
  });
  const firstOffset = stream.firstOffset ?? 0;
  const partitions = stream.partitions ?? 4;
  let made = 0;
  while (made < stream.total) {
    const records: RecordToSend[] = [];
    let bytes = 200;
    while (made < stream.total && records.length < maxBatchRecords) {
      const timestamp = stream.startMs + Math.floor(made / stream.recordsPerMs);
      const log = next(timestamp);
      const size = Math.ceil(Buffer.byteLength(log.value) / 3) * 4 + 160;
      if (bytes + size > maxPayloadBytes) break;
      bytes += size;
      records.push({
        topic: 'logs',
        partition: made % partitions,
        offset: firstOffset + Math.floor(made / partitions),
        timestamp,
        value: log.value,
      });
      made += 1;
    }
    yield { event: toMskEvent(records), records: records.length };
  }
}

/** The largest realistic batch that fits one invoke: the first of {@link simulatedInvokes}. */
export function buildBenchBatch(startMs = Date.UTC(2026, 10, 22, 12, 0, 0)): BenchBatch {
  const first = simulatedInvokes({
    total: maxBatchRecords,
    seed: 7,
    startMs,
    recordsPerMs: 10,
    firstOffset: 1_000_000,
  }).next();
  if (first.done) throw new Error('bench: no batch was built');
  const { event, records } = first.value;
  return { event, records, bytes: Buffer.byteLength(JSON.stringify(event)) };
}
