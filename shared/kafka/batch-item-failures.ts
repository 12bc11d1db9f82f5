import type { KafkaCoordinates } from './types';

/** What Lambda expects back from a Kafka function with `ReportBatchItemFailures` enabled. */
export interface KafkaBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: { partition: string; offset: number } }>;
}

/**
 * The lowest failed offset of every partition that had a failure. The event source mapping commits
 * below it and redelivers from it, so no commit can ever skip a failed record.
 *
 * @example
 * lowestFailures([{ topic: 'logs', partition: 1, offset: 9, timestamp: 0 }, { topic: 'logs', partition: 1, offset: 7, timestamp: 0 }]);
 * // { batchItemFailures: [{ itemIdentifier: { partition: 'logs-1', offset: 7 } }] }
 */
export function lowestFailures(
  failed: Iterable<Pick<KafkaCoordinates, 'topic' | 'partition' | 'offset'>>,
): KafkaBatchResponse {
  const lowest = new Map<string, number>();
  for (const { topic, partition, offset } of failed) {
    const key = `${topic}-${partition}`;
    const current = lowest.get(key);
    if (current === undefined || offset < current) lowest.set(key, offset);
  }
  return {
    batchItemFailures: [...lowest].map(([partition, offset]) => ({ itemIdentifier: { partition, offset } })),
  };
}
