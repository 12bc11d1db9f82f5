import { toMskEvent } from '../cli/sim/msk-event';
import { readBatch } from '../shared/batch/read-batch';
import type { BatchRead } from '../shared/batch/types';
import { parseKafkaEvent } from '../shared/kafka/event';
import { maxBatchRecords, maxPayloadBytes } from './batch';
import { measureInterleaved } from './measure';
import { benchDetect } from './stages/detect';

/** The distinct groups of the sweep (issue 15): a handful, a route table, customer ids. */
export const SWEEP_GROUPS = [4, 100, 1_000, 10_000] as const;

/** One point of the sweep: the detect stage on one batch of errors spread over `groups` source files. */
export interface CardinalityPoint {
  readonly groups: number;
  readonly records: number;
  readonly bytes: number;
  /** Distinct (rule, group, window) keys: the writes the layout before leaves made, one per key. */
  readonly distinctWindowKeys: number;
  /** DynamoDB window writes (leaf writes and splits), apart from the alert calls. */
  readonly windowWrites: number;
  /** Every DynamoDB request, alerts' claims, outbox and budget included. */
  readonly dynamodbCalls: number;
  /** Alerts the batch fired (each costs a few DynamoDB calls, counted in `dynamodbCalls`). */
  readonly alerts: number;
  readonly cpuMs: number;
  readonly wallMs: number;
}

/**
 * One MSK invoke of error logs from `groups` distinct source files (record i from file i mod groups),
 * as full as Lambda delivers: each value about 350 bytes, so the 6 MB payload and the 10,000-record
 * limits bind together. All within one second of event time: one window per rule.
 *
 * @example
 * buildCardinalityBatch(1_000).records; // 10,000
 */
export function buildCardinalityBatch(groups: number, startMs = Date.UTC(2026, 10, 22, 12, 0, 0)) {
  const records = [];
  let bytes = 200;
  for (let i = 0; i < maxBatchRecords; i += 1) {
    const timestamp = startMs + Math.floor(i / 10);
    const pathname = `/app/routes/r${String(i % groups).padStart(5, '0')}.py`;
    const value = JSON.stringify({
      timestamp: new Date(timestamp).toISOString(),
      levelname: 'ERROR',
      message: 'payment provider timed out after 3000 ms',
      name: 'app',
      pathname,
      lineno: 40 + (i % 7),
      funcName: 'handle',
      service: 'orders',
      request_id: `req-${i.toString(16).padStart(8, '0')}`,
      trace_id: `1-${(timestamp / 1000).toString(16).slice(0, 8)}-${i.toString(16).padStart(24, '0')}`,
      http: { method: 'POST', path: '/api/checkout', status: 502 },
    });
    const size = Math.ceil(Buffer.byteLength(value) / 3) * 4 + 160;
    if (bytes + size > maxPayloadBytes) break;
    bytes += size;
    records.push({
      topic: 'logs',
      partition: i % 4,
      offset: 2_000_000 + Math.floor(i / 4),
      timestamp,
      value,
    });
  }
  const event = toMskEvent(records);
  return { event, records: records.length, bytes: Buffer.byteLength(JSON.stringify(event)) };
}

/**
 * The cardinality sweep of `npm run bench`: detect (bundled rules, in-memory twin of the DynamoDB
 * store) on one full batch per point, each run a first delivery (fresh windows), measured in
 * interleaved rounds (median).
 *
 * @example
 * const points = await sweepCardinality(7); // [{ groups: 4, windowWrites: 1, ... }, ...]
 */
export async function sweepCardinality(runs: number): Promise<CardinalityPoint[]> {
  const options = { maxRecordBytes: 1024 * 1024, maxClockSkewMs: 15 * 60_000 };
  const points = SWEEP_GROUPS.map((groups) => {
    const batch = buildCardinalityBatch(groups);
    const read: BatchRead = readBatch(parseKafkaEvent(batch.event), options);
    return { groups, batch, read, result: undefined as Awaited<ReturnType<typeof benchDetect>> | undefined };
  });
  const samples = await measureInterleaved(
    points.map((point) => ({
      name: String(point.groups),
      run: async () => {
        point.result = await benchDetect(point.read);
      },
    })),
    runs,
  );
  return points.map(({ groups, batch, result }) => {
    const sample = samples.get(String(groups));
    return {
      groups,
      records: batch.records,
      bytes: batch.bytes,
      distinctWindowKeys: result?.distinctWindowKeys ?? 0,
      windowWrites: result?.windowWrites ?? 0,
      dynamodbCalls: result?.calls.dynamodb ?? 0,
      alerts: result?.alertsFired ?? 0,
      cpuMs: Math.round((sample?.cpuMs ?? 0) * 10) / 10,
      wallMs: Math.round((sample?.wallMs ?? 0) * 10) / 10,
    };
  });
}
