/**
 * Every service latency, limit and list price the capacity model uses: one named value each, with
 * where it comes from. A user overrides any of them (`--param name=value`, `--params file.json`).
 */

/** The day the documentation below was read. */
export const READ_ON = '2026-12-05';
/** The region the prices are for. */
export const PRICE_REGION = 'us-east-1';

/** Where a figure comes from. */
export type Source =
  /** A page of the service's own documentation says it. */
  | { readonly kind: 'documented'; readonly title: string; readonly url: string }
  /** The service's own page was stored without the figure; a third-party summary of it gives it. */
  | { readonly kind: 'secondary'; readonly title: string; readonly url: string; readonly note: string }
  /** Not documented: the model's assumption, and why. */
  | { readonly kind: 'assumption'; readonly why: string };

export interface ParamSpec {
  /** `null`: no public figure was found; anything that needs it says so instead of guessing. */
  readonly value: number | null;
  readonly unit: string;
  readonly what: string;
  readonly source: Source;
}

const lambdaMsk = {
  kind: 'documented',
  title: 'All Amazon MSK event source configuration parameters in Lambda',
  url: 'https://docs.aws.amazon.com/lambda/latest/dg/msk-esm-parameters.html',
} as const;
const kafkaScaling = {
  kind: 'documented',
  title: 'Apache Kafka event poller scaling modes in Lambda',
  url: 'https://docs.aws.amazon.com/lambda/latest/dg/kafka-scaling-modes.html',
} as const;

/** The catalogue. Units are in the names' `unit`; ms are milliseconds, MB are 10^6 bytes. */
export const PARAMS = {
  // Kafka (Amazon MSK)
  partitionMBps: {
    value: 10,
    unit: 'MB/s',
    what: 'what one topic partition carries in (producer side) before the cluster, not sluice, is the limit',
    source: {
      kind: 'assumption',
      why: 'provisioned MSK has no per-partition limit, only per-broker throughput ("Provisioning storage throughput", https://docs.aws.amazon.com/msk/latest/developerguide/msk-provision-throughput.html); MSK Serverless has per-partition quotas ("Amazon MSK quota", https://docs.aws.amazon.com/msk/latest/developerguide/limits.html) whose table the stored copy read here did not show. 10 MB/s is the figure issue 19 plans with: size partitions so that each stays under what your brokers take',
    },
  },
  kafkaDeliveryMs: {
    value: 20,
    unit: 'ms',
    what: 'from the producer writing a log line to the record being readable by a poller',
    source: {
      kind: 'assumption',
      why: 'not documented; replication with acks=all on one AZ-spread cluster, a few round trips',
    },
  },
  // Lambda event source mapping
  esmMaxBatchRecords: {
    value: 10_000,
    unit: 'records',
    what: 'largest BatchSize of an MSK event source mapping',
    source: lambdaMsk,
  },
  invokePayloadBytes: {
    value: 6 * 1024 * 1024,
    unit: 'bytes',
    what: 'a batch is cut before its event passes the synchronous invoke payload limit (6 MB)',
    source: {
      kind: 'documented',
      title: 'EventSourceMappingConfiguration (BatchSize)',
      url: 'https://docs.aws.amazon.com/lambda/latest/dg/API_EventSourceMappingConfiguration.html',
    },
  },
  esmInvokeOverheadMs: {
    value: 25,
    unit: 'ms',
    what: 'per batch, outside the function: the poller hands the batch over, invokes, waits and commits the offsets',
    source: {
      kind: 'assumption',
      why: 'AWS does not document it; issue 19 plans with about 40 ms for a whole detect invoke including a round of DynamoDB writes. Measure yours: a mapping at full speed does batch size / (Duration + this) records/s per partition',
    },
  },
  invokesPerPartition: {
    value: 1,
    unit: 'invokes',
    what: 'invocations in flight per partition and mapping (records of a partition are processed in order)',
    source: {
      kind: 'assumption',
      why: "Kafka's own rule (a partition is read by one consumer of a group) and what AWS's pages on Kafka mappings describe: pollers scale with the topic's partitions and keep each partition's order (\"Apache Kafka event poller scaling modes in Lambda\", https://docs.aws.amazon.com/lambda/latest/dg/kafka-scaling-modes.html); the stored pages read here do not state the figure itself",
    },
  },
  pollerMBps: {
    value: 5,
    unit: 'MB/s',
    what: 'what one provisioned event poller handles',
    source: kafkaScaling,
  },
  pollerInvokes: {
    value: 5,
    unit: 'invokes',
    what: 'concurrent invocations one provisioned event poller handles',
    source: kafkaScaling,
  },
  maxPollers: {
    value: 2000,
    unit: 'pollers',
    what: 'largest MaximumPollers of a Kafka mapping',
    source: {
      kind: 'documented',
      title: 'ProvisionedPollerConfig',
      url: 'https://docs.aws.amazon.com/lambda/latest/api/API_ProvisionedPollerConfig.html',
    },
  },
  onDemandScaleDelayS: {
    value: 240,
    unit: 's',
    what: 'on-demand mode: lag is evaluated every minute and pollers are added within three minutes of it',
    source: kafkaScaling,
  },
  // Lambda
  mbPerVcpu: {
    value: 1769,
    unit: 'MB',
    what: 'memory at which a function has the equivalent of one vCPU (CPU is proportional below it)',
    source: {
      kind: 'documented',
      title: 'Configure Lambda function memory',
      url: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html',
    },
  },
  cpuSpeedFactor: {
    value: 1,
    unit: '×',
    what: 'CPU time on one Lambda arm64 vCPU divided by CPU time on the machine that ran the bench',
    source: {
      kind: 'assumption',
      why: 'not documented; 1 means a Graviton vCPU does the bench work as fast as the bench machine did. Calibrate with a deployed function: (billed Duration − I/O) / the bench CPU ms of the same batch size',
    },
  },
  // DynamoDB
  dynamodbWriteMs: {
    value: 8,
    unit: 'ms',
    what: 'one conditional UpdateItem, request to answer, from a Lambda function in the same region',
    source: {
      kind: 'documented',
      title: 'How AWS Pricing Works: DynamoDB ("consistent, single-digit millisecond latency")',
      url: 'https://docs.aws.amazon.com/whitepapers/latest/how-aws-pricing-works/dynamodb.html',
    },
  },
  partitionWcu: {
    value: 1000,
    unit: 'WCU/s',
    what: 'write units per second one DynamoDB partition, hence one item, takes',
    source: {
      kind: 'documented',
      title: 'Understanding DynamoDB warm throughput in different scenarios',
      url: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput-scenarios.html',
    },
  },
  writeUnitBytes: {
    value: 1024,
    unit: 'bytes',
    what: 'one write unit writes an item up to this size; a write is billed by the whole item',
    source: {
      kind: 'documented',
      title: 'DynamoDB read and write operations (capacity unit consumption for write operations)',
      url: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html',
    },
  },
  windowItemBaseBytes: {
    value: 200,
    unit: 'bytes',
    what: 'a window item without its groups and marks: keys, kind, rule, window start and size, version, TTL',
    source: { kind: 'assumption', why: "sum of the attribute names and values of docs/detect.md's layout" },
  },
  windowItemBytesPerGroup: {
    value: 60,
    unit: 'bytes',
    what: "one group on a window item: its count attribute named after the group, its hash in the item's set, its alert decision",
    source: {
      kind: 'assumption',
      why: 'a 30-character group name (a pathname) + a 16-character hash + numbers and attribute prefixes',
    },
  },
  windowItemBytesPerMark: {
    value: 20,
    unit: 'bytes',
    what: 'one per-partition mark `hw:<topic>:<partition>` and its offset, on every window item a partition wrote',
    source: {
      kind: 'assumption',
      why: "attribute name and number of docs/detect.md's mark, topic name of 4 characters",
    },
  },
  // S3
  s3PutMs: {
    value: 60,
    unit: 'ms',
    what: 'one PUT of an archive object (100-500 KB gzip)',
    source: {
      kind: 'documented',
      title:
        'Timeouts and Retries for Latency-Sensitive Applications (S3 performance whitepaper: median latency of requests under 512 KB "in the tens of milliseconds")',
      url: 'https://docs.aws.amazon.com/whitepapers/latest/s3-optimizing-performance-best-practices/timeouts-and-retries-for-latency-sensitive-applications.html',
    },
  },
  s3PutsPerPrefix: {
    value: 3500,
    unit: 'PUT/s',
    what: 'PUT requests per second one partitioned prefix takes',
    source: {
      kind: 'documented',
      title:
        'How can I scale my request rate to S3, to improve request rate performance? (AWS re:Post Knowledge Center)',
      url: 'https://repost.aws/knowledge-center/s3-object-key-naming-pattern',
    },
  },
  archivePutConcurrency: {
    value: 8,
    unit: 'PUTs',
    what: "archive's PUTs in flight at once (functions/archive)",
    source: {
      kind: 'assumption',
      why: 'sluice setting: archiveBatch concurrency 8 (bench/stages/archive.ts uses the same)',
    },
  },
  // OpenSearch
  bulkBaseMs: {
    value: 30,
    unit: 'ms',
    what: 'one _bulk request with nothing in it: TLS, SigV4, routing, the answer',
    source: {
      kind: 'assumption',
      why: "not documented; measure with the domain's IndexingLatency and the function's Duration",
    },
  },
  bulkMsPerMB: {
    value: 60,
    unit: 'ms/MB',
    what: 'time a _bulk request takes per MB of NDJSON, on a cluster that is not saturated',
    source: {
      kind: 'assumption',
      why: 'not documented; depends on instance type, shards and refresh interval. Measure with OpenSearch Benchmark on your domain',
    },
  },
  docWritesPerNode: {
    value: 20_000,
    unit: 'docs/s',
    what: 'document writes (primary or replica) one data node sustains for these logs',
    source: {
      kind: 'assumption',
      why: 'not documented by AWS or OpenSearch (both say: benchmark your own data). A planning figure for a memory-optimized 2-vCPU node with refresh_interval ≥ 30 s; measure with OpenSearch Benchmark and override',
    },
  },
  shardTargetGiB: {
    value: 50,
    unit: 'GiB',
    what: 'largest recommended shard for log analytics (10-50 GiB)',
    source: {
      kind: 'documented',
      title: 'AOSPERF01-BP01 Maintain shard sizes at recommended ranges (Amazon OpenSearch Service Lens)',
      url: 'https://docs.aws.amazon.com/wellarchitected/latest/amazon-opensearch-service-lens/aosperf01-bp01.html',
    },
  },
  indexBytesPerValueByte: {
    value: 1.1,
    unit: '×',
    what: 'on-disk size of an indexed document per byte of its Kafka value (one copy)',
    source: {
      kind: 'assumption',
      why: "about 10 % indexing overhead on the source data: the figure of AWS's domain-sizing guidance as summarised in the aws/agent-toolkit-for-aws repository's sizing notes (AWS's own page was not read)",
    },
  },
  // Slack
  slackPerSecond: {
    value: 1,
    unit: 'messages/s',
    what: 'messages Slack accepts per second on one webhook/channel (short bursts allowed)',
    source: {
      kind: 'documented',
      title: 'Slack Rate Limits ("Posting messages: 1 per second")',
      url: 'https://api.slack.com/docs/rate-limits',
    },
  },
  slackPostMs: {
    value: 300,
    unit: 'ms',
    what: 'one webhook POST, request to answer',
    source: { kind: 'assumption', why: 'not documented by Slack' },
  },
  // Planning
  targetUtilisation: {
    value: 0.6,
    unit: '×',
    what: 'busiest share of a partition, a hot item or a cluster the recommendations allow: headroom for bursts and retries',
    source: {
      kind: 'assumption',
      why: "a capacity planner's rule of thumb; the model has no variance, real arrivals do",
    },
  },
  // Prices (us-east-1)
  lambdaArmGbSecondUsd: {
    value: 0.0000133334,
    unit: 'USD/GB-s',
    what: 'Lambda duration, arm64, first tier',
    source: {
      kind: 'secondary',
      title: 'AWS Lambda Pricing Breakdown (Cloudchipr)',
      url: 'https://cloudchipr.com/blog/aws-lambda-pricing',
      note: "AWS's page (https://aws.amazon.com/lambda/pricing/) is stored without its price table",
    },
  },
  lambdaRequestUsdPerMillion: {
    value: 0.2,
    unit: 'USD/million',
    what: 'Lambda requests (invocations)',
    source: {
      kind: 'secondary',
      title: 'Lambda cost (lambda_local_runner docs, a table of AWS list prices)',
      url: 'https://git.mcrn.ar/mariano/lambda_local_runner/src/commit/957e45b8adae23ce50b966346229585b5df18b4d/docs/lambdas-md/lambda-13-cost.md',
      note: "AWS's page (https://aws.amazon.com/lambda/pricing/) is stored without its price table",
    },
  },
  dynamodbWriteUsdPerMillion: {
    value: 0.625,
    unit: 'USD/million WRU',
    what: 'DynamoDB on-demand write request units (Standard table class)',
    source: {
      kind: 'secondary',
      title: 'Amazon DynamoDB Pricing: On-Demand & Provisioned Plans (Airbyte)',
      url: 'https://airbyte.com/data-engineering-resources/dynamodb-pricing',
      note: "AWS's page (https://aws.amazon.com/dynamodb/pricing/) is stored without its price table",
    },
  },
  s3PutUsdPerThousand: {
    value: 0.005,
    unit: 'USD/1,000',
    what: 'S3 Standard PUT, COPY, POST, LIST requests',
    source: {
      kind: 'secondary',
      title: 'S3 request fees explained (c3x.dev)',
      url: 'https://c3x.dev/blog/s3-request-fees-explained',
      note: "AWS's page (https://aws.amazon.com/s3/pricing/) is stored without its price table",
    },
  },
  pollerHourUsd: {
    value: null,
    unit: 'USD/poller-hour',
    what: 'provisioned mode event poller unit',
    source: {
      kind: 'assumption',
      why: 'list price not found in the stored documentation: AWS says provisioned mode costs extra (kafka-scaling-modes) without the figure. Give yours with --param pollerHourUsd=...',
    },
  },
  opensearchNodeHourUsd: {
    value: null,
    unit: 'USD/node-hour',
    what: 'one OpenSearch Service data node (on demand)',
    source: {
      kind: 'assumption',
      why: "list price not found in the stored documentation (AWS's pricing page is stored without its table). Give yours with --param opensearchNodeHourUsd=...",
    },
  },
} as const satisfies Record<string, ParamSpec>;

export type ParamName = keyof typeof PARAMS;

/** The values in force: the catalogue with a user's overrides. */
export type Params = {
  readonly [K in ParamName]: (typeof PARAMS)[K]['value'] extends null ? number | null : number;
};

/** The catalogue's values, nothing overridden. */
export function defaultParams(): Params {
  return Object.fromEntries(Object.entries(PARAMS).map(([name, spec]) => [name, spec.value])) as Params;
}
