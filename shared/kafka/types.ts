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
  /**
   * `redrive`: the records come out of the dead-letter area (`sluice redrive`), not from the event
   * source mapping; detect counts them once by offset (docs/detect.md). Read from the event's
   * `sluiceOrigin`, which Lambda's mappings never send.
   */
  readonly origin?: BatchOrigin;
}

/** Where a batch comes from, when not from the event source mapping. */
export const BatchOrigin = { redrive: 'redrive' } as const;
export type BatchOrigin = (typeof BatchOrigin)[keyof typeof BatchOrigin];
