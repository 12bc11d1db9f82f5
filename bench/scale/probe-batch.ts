import type { MSKEvent } from 'aws-lambda';
import { defaultPathnames } from '../../cli/sim/microservice';
import { maxBatchRecords, simulatedInvokes } from '../batch';

/** A batch of one partition, as one invocation of a mapping receives it. */
export interface ProbeBatch {
  readonly event: MSKEvent;
  readonly records: number;
  /** Size of the event JSON. */
  readonly eventBytes: number;
  /** Bytes of the Kafka values (what the producers wrote). */
  readonly valueBytes: number;
}

/** Pathnames of about 30 characters, as many as asked; the bench's own three for 3 or fewer. */
export function groupNames(groups: number): string[] {
  const bench = [...defaultPathnames, '/app/users/profile.py'];
  if (groups <= bench.length) return bench.slice(0, groups);
  return Array.from({ length: groups }, (_, i) => `/app/routes/handler_${String(i).padStart(5, '0')}.py`);
}

/**
 * The bench's simulated service logs on one partition, 10 records per ms of event time, errors spread
 * over `groups` pathnames: `records` of them, or (`'full'`) as many as one 6 MB invoke holds.
 *
 * @example
 * probeBatch({ records: 200, groups: 3 }).records; // 200
 */
export function probeBatch(options: { records: number | 'full'; groups: number }): ProbeBatch {
  const first = simulatedInvokes({
    total: options.records === 'full' ? maxBatchRecords : options.records,
    seed: 7,
    startMs: Date.UTC(2026, 10, 22, 12, 0, 0),
    recordsPerMs: 10,
    firstOffset: 1_000_000,
    partitions: 1,
    pathnames: groupNames(options.groups),
  }).next();
  if (first.done) throw new Error('bench --scale: no probe batch was built');
  const { event, records } = first.value;
  const valueBytes = Object.values(event.records)
    .flat()
    .reduce((sum, record) => sum + Buffer.byteLength(record.value, 'base64'), 0);
  return { event, records, eventBytes: Buffer.byteLength(JSON.stringify(event)), valueBytes };
}
