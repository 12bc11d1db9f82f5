import { setTimeout as sleep } from 'node:timers/promises';
import { type Kafka, type PartitionAssigner, PartitionAssigners } from 'kafkajs';
import { describeRanges } from './commit-offsets';
import { briefReason } from './errors';
import { type DeliverBatch, MappingBatcher, type MappingSettings } from './mapping-batcher';

/** One function's event source mapping, emulated: a kafkajs consumer in its group feeding a batcher. */
export interface MappingGroup {
  readonly name: string;
  readonly batcher: MappingBatcher;
  /** Joins the group and consumes `topic` until `stop`. */
  start(topic: string, fromBeginning: boolean): Promise<void>;
  /** Drops what is gathered, lets the batch in flight finish and commit, then leaves the group. */
  stop(): Promise<void>;
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
 * kafkajs' round-robin assignment, handed out by the group leader after a short pause, so that the
 * other members' SyncGroup requests reach the coordinator first. librdkafka's mock cluster answers
 * a SyncGroup that arrives after the leader's with INVALID_REQUEST (Kafka answers it with the stored
 * assignment), and kafkajs stops a consumer on that answer; the pause costs a rebalance 300 ms.
 */
export const patientRoundRobin: PartitionAssigner = (config) => {
  const assigner = PartitionAssigners.roundRobin(config);
  return {
    ...assigner,
    async assign(group) {
      await sleep(300);
      return assigner.assign(group);
    },
  };
};

/** Longest pause before a consumer kafkajs gave up on rejoins its group. */
const maxRejoinDelayMs = 30_000;

/**
 * A consumer in `groupId` whose fetched slices go through a `MappingBatcher` to `deliver`. Like the
 * event source mapping, it keeps polling: a consumer kafkajs stops for an error it does not retry
 * (a broker answering a request out of turn) rejoins after a pause, 1 s doubling to 30 s.
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
    partitionAssigners: [patientRoundRobin],
  });
  const admin = kafka.admin();
  const batcher = new MappingBatcher(
    {
      ...options.settings,
      heartbeatMs: 1000,
      readCommitted: async (topics) => ({
        topics: await admin.fetchOffsets({ groupId: options.groupId, topics: [...topics] }),
      }),
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

  let subscription: { topic: string; fromBeginning: boolean } | undefined;
  let stopping = false;
  let crashes = 0;
  let rejoin: NodeJS.Timeout | undefined;
  const join = async (topic: string, fromBeginning: boolean) => {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 32,
      eachBatch: batcher.eachBatch,
    });
  };

  // After every (re)join kafkajs reads from the committed offsets: the batcher starts over there.
  consumer.on(consumer.events.GROUP_JOIN, () => {
    crashes = 0;
    void batcher.rejoined();
  });
  // kafkajs restarts a consumer after retriable errors by itself; after the others, so do we.
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart || stopping || subscription === undefined) return;
    const { topic, fromBeginning } = subscription;
    const delay = Math.min(maxRejoinDelayMs, 1000 * 2 ** crashes);
    crashes += 1;
    say(`${name}: the consumer stopped (${briefReason(payload.error)}); rejoining in ${delay / 1000}s`);
    rejoin = setTimeout(() => {
      rejoin = undefined;
      if (stopping) return;
      join(topic, fromBeginning).catch((error: unknown) =>
        say(`${name}: could not rejoin (${briefReason(error)}); restart sluice consume`),
      );
    }, delay);
  });

  return {
    name,
    batcher,
    async start(topic, fromBeginning) {
      subscription = { topic, fromBeginning };
      await admin.connect();
      // The admin's first look-up of the group's coordinator can wait out a retry: here, not at the first batch.
      await admin.fetchOffsets({ groupId: options.groupId, topics: [topic] }).catch(() => undefined);
      await join(topic, fromBeginning);
    },
    async stop() {
      stopping = true;
      if (rejoin) clearTimeout(rejoin);
      batcher.stop();
      await consumer.disconnect();
      await admin.disconnect();
    },
  };
}

/** Joins every group and starts consuming `topic`; on failure, stops them all and throws. */
export async function startMappingGroups(
  groups: readonly MappingGroup[],
  topic: string,
  fromBeginning: boolean,
): Promise<void> {
  try {
    // Each group's first join waits out the broker's initial rebalance delay (3 s): join them together.
    await Promise.all(groups.map((group) => group.start(topic, fromBeginning)));
  } catch (error) {
    await Promise.all(groups.map((group) => group.stop().catch(() => {})));
    throw error;
  }
}

/**
 * Stops every group: records gathered are dropped (read again next time), the batches in flight
 * finish and are committed, then the consumers leave their groups.
 */
export async function stopMappingGroups(groups: readonly MappingGroup[]): Promise<void> {
  await Promise.all(groups.map((group) => group.stop()));
}

/**
 * The batches in flight, for a stop that cannot wait for them.
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
