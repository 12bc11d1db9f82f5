/** Where a record lives in Kafka: the identity every effect of sluice is derived from. */
export interface KafkaCoordinates {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** Kafka record timestamp, epoch ms. */
  readonly timestamp: number;
}

/** One record of an MSK (or self-managed Kafka) event, as the event source mapping delivered it. */
export interface KafkaRecordIn extends KafkaCoordinates {
  /** Base64 key as delivered; null when absent. */
  readonly key: string | null;
  /** Base64 value as delivered; null for a tombstone. */
  readonly value: string | null;
  /** Headers kept exactly as they came (normally `{name: number[]}` entries). */
  readonly headers: unknown;
  readonly timestampType?: string;
}

/** The event sources that deliver Kafka batches to Lambda. */
export const KafkaEventSource = {
  msk: 'aws:kafka',
  selfManaged: 'SelfManagedKafka',
  selfManagedAws: 'aws:SelfManagedKafka',
} as const;
export type KafkaEventSource = (typeof KafkaEventSource)[keyof typeof KafkaEventSource];

/** A validated batch: records in delivery order (partition by partition, offsets ascending). */
export interface KafkaBatch {
  readonly eventSource: KafkaEventSource;
  readonly eventSourceArn?: string;
  readonly bootstrapServers?: string;
  readonly records: readonly KafkaRecordIn[];
}
