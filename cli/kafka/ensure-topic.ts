import { briefReason, TopicCreationError } from './errors';

/** The part of a kafkajs admin client `ensureTopic` uses (kafkajs' `Admin` satisfies it). */
export interface TopicAdmin {
  createTopics(options: {
    topics: Array<{ topic: string; numPartitions: number }>;
    waitForLeaders?: boolean;
  }): Promise<boolean>;
  fetchTopicMetadata(options: { topics: string[] }): Promise<{ topics: Array<{ partitions: unknown[] }> }>;
}

/** How the topic came to be there. */
export type TopicOutcome =
  | { readonly kind: 'created'; readonly partitions: number }
  /** The broker refused CreateTopics (or does not support it) and created the topic on first use. */
  | { readonly kind: 'auto-created'; readonly partitions: number; readonly refused: string }
  /** Another client created it meanwhile. */
  | { readonly kind: 'existed' };

/**
 * Creates a missing topic with `partitions` partitions. When the broker refuses (librdkafka's mock
 * cluster, brokers that forbid CreateTopics), a metadata request for the topic lets the broker create
 * it on first use (`auto.create.topics.enable`, with the broker's own partition count); when that
 * fails too, the error says how to create it.
 *
 * @example
 * const outcome = await ensureTopic(admin, 'logs', 3, ['localhost:9092']);
 * // { kind: 'auto-created', partitions: 4, refused: 'Broker 0 not found in the cached metadata' }
 */
export async function ensureTopic(
  admin: TopicAdmin,
  topic: string,
  partitions: number,
  brokers: readonly string[],
): Promise<TopicOutcome> {
  let refused: unknown;
  try {
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: partitions }],
      waitForLeaders: true,
    });
    return created ? { kind: 'created', partitions } : { kind: 'existed' };
  } catch (error) {
    refused = error;
  }
  try {
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    const count = metadata.topics[0]?.partitions.length ?? 0;
    if (count === 0) throw new Error(`the broker lists "${topic}" with no partitions`);
    return { kind: 'auto-created', partitions: count, refused: briefReason(refused) };
  } catch (notCreated) {
    throw new TopicCreationError(topic, brokers, partitions, { refused, notCreated });
  }
}

/**
 * The line `sluice produce` prints about a topic it had to create.
 *
 * @example
 * describeTopicOutcome('logs', 3, { kind: 'created', partitions: 3 }); // 'created topic logs with 3 partitions'
 */
export function describeTopicOutcome(
  topic: string,
  wanted: number,
  outcome: TopicOutcome,
): string | undefined {
  if (outcome.kind === 'existed') return undefined;
  if (outcome.kind === 'created') return `created topic ${topic} with ${outcome.partitions} partitions`;
  const count =
    outcome.partitions === wanted
      ? `${outcome.partitions} partitions`
      : `${outcome.partitions} partitions (its default, not --partitions ${wanted})`;
  return `the broker refused to create topics (${outcome.refused}); it created "${topic}" itself on first use, with ${count}`;
}
