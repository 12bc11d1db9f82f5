/** The three functions behind MSK mappings. */
export const KAFKA_FUNCTIONS = ['index', 'archive', 'detect'] as const;
export type KafkaFunction = (typeof KAFKA_FUNCTIONS)[number];

/** An offered load: what the services write to the topic. */
export interface Load {
  readonly recordsPerSecond: number;
  readonly partitions: number;
  /** Distinct values of the rules' `groupBy` field among the matching records. */
  readonly distinctGroups: number;
  /** Share of records a count rule matches (errors), 0..1. */
  readonly errorShare: number;
  /** Alerts fired a minute, all rules and groups together. */
  readonly alertsPerMinute: number;
}

/** One event source mapping and its function. */
export interface MappingSettings {
  readonly batchSize: number;
  readonly batchingWindowS: number;
  readonly memoryMb: number;
}

/** What a deployment sets: serverless.yml's parameters and the OpenSearch domain's size. */
export interface Settings {
  readonly index: MappingSettings;
  readonly archive: MappingSettings;
  readonly detect: MappingSettings;
  /** Provisioned mode, with the largest number of pollers per mapping. */
  readonly provisioned: boolean;
  readonly maxPollers: number;
  readonly opensearch: { readonly dataNodes: number; readonly replicas: number };
  readonly slackBudgetPerMinute: number;
  readonly sweepPeriodS: number;
  readonly detectWriteConcurrency: number;
  /** OffsetLag (records) above which a mapping's alarm fires. */
  readonly offsetLagThreshold: number;
}

/** One function's CPU time on the bench machine for a batch of n records: fixed + perRecord × n. */
export interface CpuCost {
  readonly fixedMs: number;
  readonly perRecordMs: number;
}

/** What `npm run bench` measured in the same run: the model's only inputs about sluice's own code. */
export interface MeasuredCosts {
  /** Bytes of MSK event JSON per record (what the 6 MB payload limit counts). */
  readonly eventBytesPerRecord: number;
  /** Bytes of the Kafka value per record (what producers write: the load's MB/s). */
  readonly valueBytesPerRecord: number;
  /** Decode + normalize + the function's own work, CPU ms on the bench machine. */
  readonly cpu: Readonly<Record<KafkaFunction, CpuCost>>;
  /** Detect's CPU ms per window write (the in-memory store's work for one write). */
  readonly detectCpuPerWriteMs: number;
  /** Groups one window write carries: 1 when each group has its own item, up to ~50 with leaves. */
  readonly groupsPerWrite: number;
  /** `_bulk` requests per record and gzip'd `_bulk` bytes per record. */
  readonly bulkRequestsPerRecord: number;
  readonly bulkBytesPerRecord: number;
  /** S3 PUTs of a one-partition batch (its hour's object, and a dead-letter object when it has any). */
  readonly putsPerBatch: number;
  /** Window lengths of the rules (ms): each rule writes the windows a batch spans. */
  readonly ruleWindowsMs: readonly number[];
}
