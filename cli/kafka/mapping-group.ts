import type { Consumer, Kafka } from 'kafkajs';
import { describeRanges } from './commit-offsets';
import { briefReason } from './errors';
import { type DeliverBatch, MappingBatcher, type MappingSettings } from './mapping-batcher';

/** One function's event source mapping, emulated: a kafkajs consumer in its group feeding a batcher. */
export interface MappingGroup {
  readonly name: string;
  readonly consumer: Consumer;
  readonly batcher: MappingBatcher;
}

export interface MappingGroupOptions {
  /** The function's name, for messages. */
  readonly name: string;
  readonly groupId: string;
  readonly settings: MappingSettings;
  readonly deliver: DeliverBatch;
  /** Where retries, refused commits and a stopped consumer are reported. */
  readonly say: (line: string) => void;
}

/**
 * A consumer in `groupId` whose fetched slices go through a `MappingBatcher` to `deliver`.
 *
 * @example
 * const group = createMappingGroup(kafka, { name: 'archive', groupId: 'sluice-archive', settings, deliver, say });
 * await startMappingGroups([group], 'logs', true);
 */
export function createMappingGroup(kafka: Kafka, options: MappingGroupOptions): MappingGroup {
  const { name, say } = options;
  const consumer = kafka.consumer({
    groupId: options.groupId,
    maxWaitTimeInMs: 500,
    // A member that died is noticed within 10 s (kafkajs' default is 30 s), a rebalance within 1 s.
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
  });
  const batcher = new MappingBatcher(
    {
      ...options.settings,
      heartbeatMs: 1000,
      onRetry: (attempt, error, delayMs) =>
        say(
          `${name}: batch failed (${error instanceof Error ? error.message : String(error)}), ` +
            `retry ${attempt} in ${Math.round(delayMs / 100) / 10}s`,
        ),
      onCommitError: (error) =>
        say(
          `${name}: Kafka refused a commit (${briefReason(error)}); it is made again with the next one ` +
            'or after the rebalance, else those records are read again',
        ),
    },
    options.deliver,
  );
  // After every (re)join kafkajs reads from the committed offsets: the batcher starts over there.
  consumer.on(consumer.events.GROUP_JOIN, () => void batcher.rejoined());
  // kafkajs restarts a consumer after retriable errors by itself; say so when it will not.
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) say(`${name}: the consumer stopped (${payload.error.message}); restart it`);
  });
  return { name, consumer, batcher };
}

/** Joins every group and starts consuming `topic`; on failure, disconnects them all and throws. */
export async function startMappingGroups(
  groups: readonly MappingGroup[],
  topic: string,
  fromBeginning: boolean,
): Promise<void> {
  try {
    // Each group's first join waits out the broker's initial rebalance delay (3 s): join them together.
    await Promise.all(
      groups.map(async ({ consumer, batcher }) => {
        await consumer.connect();
        await consumer.subscribe({ topics: [topic], fromBeginning });
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: 32,
          eachBatch: batcher.eachBatch,
        });
      }),
    );
  } catch (error) {
    await Promise.all(groups.map((group) => group.consumer.disconnect().catch(() => {})));
    throw error;
  }
}

/**
 * Stops every group: records gathered are dropped (read again next time), the batches in flight
 * finish and are committed, then the consumers leave their groups.
 */
export async function stopMappingGroups(groups: readonly MappingGroup[]): Promise<void> {
  for (const group of groups) group.batcher.stop();
  await Promise.all(groups.map((group) => group.consumer.disconnect()));
}

/**
 * The batches in flight, for a stop that cannot wait for them: `archive 800 records (logs-0 10..409, ...)`.
 *
 * @example
 * describeInFlight(groups); // ['archive 800 records (logs-0 10..409, logs-1 0..399)']
 */
export function describeInFlight(groups: readonly MappingGroup[]): string[] {
  return groups
    .map((group) => ({ name: group.name, records: group.batcher.inFlight() }))
    .filter((group) => group.records.length > 0)
    .map((group) => `${group.name} ${group.records.length} records (${describeRanges(group.records)})`);
}
