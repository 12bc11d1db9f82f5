import type { ObjectStore } from '../../shared/adapters/s3/types';
import { deadLetterReasonPrefix, keyPartition } from '../../shared/archive/keys';
import { DeadLetterReason } from '../../shared/kafka/decode-value';

/** A dead-letter object to redrive, with the reason its key files it under. */
export interface DeadLetterObjectRef {
  readonly key: string;
  readonly reason: DeadLetterReason;
}

/**
 * Lists the dead-letter objects of one reason (or all), skipping whole `dt=` partitions before the day
 * of `since`: one delimiter listing per reason, then one listing per kept day. Reasons in a fixed
 * order, keys in key order.
 *
 * @example
 * await listDeadLetterObjects(bucket, 'oversize', Date.parse('2024-05-01'));
 */
export async function listDeadLetterObjects(
  store: ObjectStore,
  reason: DeadLetterReason | undefined,
  since: number | undefined,
): Promise<DeadLetterObjectRef[]> {
  const sinceDay = since === undefined ? undefined : new Date(since).toISOString().slice(0, 10);
  const reasons = reason === undefined ? Object.values(DeadLetterReason) : [reason];
  const found: DeadLetterObjectRef[] = [];
  for (const current of reasons) {
    const days = await store.listPrefixes(deadLetterReasonPrefix(current));
    for (const day of days.sort()) {
      const dt = keyPartition(day, 'dt');
      if (sinceDay !== undefined && dt !== undefined && dt < sinceDay) continue;
      for await (const object of store.list(day)) found.push({ key: object.key, reason: current });
    }
  }
  return found;
}
