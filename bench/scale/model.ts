import { type PartitionFlow, partitionFlow } from './flow';
import type { Params } from './params';
import type { KafkaFunction, Load, MappingSettings, MeasuredCosts, Settings } from './types';
import { type HotItem, hotItem, windowWritesPerBatch } from './window-writes';

/** One function at one load. */
export interface FunctionResult {
  readonly flow: PartitionFlow;
  /** The BatchSize, or fewer records when the 6 MB invoke payload binds first. */
  readonly maxBatch: number;
  /** Records a second the function keeps up with, all partitions. */
  readonly throughput: number;
  /** Lambda: invocations and GB-seconds a second, concurrent invocations. */
  readonly invokesPerSecond: number;
  readonly gbSecondsPerSecond: number;
  readonly concurrency: number;
  /** Most records of a partition not yet committed (the OffsetLag a keeping-up mapping still shows). */
  readonly lagRecords: number;
  /** Provisioned pollers the mapping needs (by MB/s and by concurrency). */
  readonly pollersNeeded: number;
  /** Service requests a second, all partitions. */
  readonly requestsPerSecond: number;
}

export interface Evaluation {
  readonly load: Load;
  readonly mbPerSecond: number;
  readonly functions: Readonly<Record<KafkaFunction, FunctionResult>>;
  readonly dynamodb: {
    readonly writesPerSecond: number;
    readonly unitsPerSecond: number;
    readonly hot: HotItem;
  };
  readonly opensearch: {
    readonly docsPerSecond: number;
    readonly bulkPerSecond: number;
    readonly utilisation: number;
  };
  readonly s3: { readonly putsPerSecond: number; readonly putsPerPartitionPrefix: number };
  /** Longest time from a log line to its Slack alert (ms); Infinity when detect falls behind. */
  readonly alertLatencyMs: number;
  /** Alerts over Slack's rate or the budget wait for the sweeper's digest. */
  readonly alertsDigested: boolean;
  /** MB/s one partition carries. */
  readonly partitionMBps: number;
}

const cpuShare = (memoryMb: number, params: Params): number => Math.min(1, memoryMb / params.mbPerVcpu);

/** Most records one batch can hold: BatchSize, the mapping's 10,000 and the 6 MB payload. */
export function maxBatchRecords(mapping: MappingSettings, costs: MeasuredCosts, params: Params): number {
  const byPayload = Math.floor(params.invokePayloadBytes / costs.eventBytesPerRecord);
  return Math.max(1, Math.min(mapping.batchSize, params.esmMaxBatchRecords, byPayload));
}

/** The function's own time for a batch (what Lambda bills): CPU on its vCPU share, then its I/O. */
function functionMs(fn: KafkaFunction, records: number, ctx: Context): number {
  const { costs, params, settings } = ctx;
  const mapping = settings[fn];
  const cpu = costs.cpu[fn];
  let cpuMs = cpu.fixedMs + cpu.perRecordMs * records;
  let ioMs = 0;
  if (fn === 'index') {
    const requests = Math.max(1, Math.ceil(records * costs.bulkRequestsPerRecord - 1e-9));
    ioMs = requests * params.bulkBaseMs + ((records * costs.bulkBytesPerRecord) / 1e6) * params.bulkMsPerMB;
  } else if (fn === 'archive') {
    ioMs = Math.ceil(costs.putsPerBatch / params.archivePutConcurrency) * params.s3PutMs;
  } else {
    const writes = detectWrites(records, ctx);
    cpuMs += writes * costs.detectCpuPerWriteMs;
    ioMs = Math.ceil(writes / settings.detectWriteConcurrency) * params.dynamodbWriteMs;
  }
  return (cpuMs * params.cpuSpeedFactor) / cpuShare(mapping.memoryMb, params) + ioMs;
}

function detectWrites(records: number, ctx: Context): number {
  const rate = ctx.load.recordsPerSecond / ctx.load.partitions;
  return windowWritesPerBatch({
    matching: records * ctx.load.errorShare,
    spanMs: rate > 0 ? (records / rate) * 1000 : 0,
    ruleWindowsMs: ctx.costs.ruleWindowsMs,
    groups: ctx.load.distinctGroups,
    groupsPerWrite: ctx.costs.groupsPerWrite,
  });
}

interface Context {
  readonly load: Load;
  readonly settings: Settings;
  readonly costs: MeasuredCosts;
  readonly params: Params;
}

function evaluateFunction(fn: KafkaFunction, ctx: Context): FunctionResult {
  const { load, settings, costs, params } = ctx;
  const mapping = settings[fn];
  const maxBatch = maxBatchRecords(mapping, costs, params);
  const ownMs = (records: number) => functionMs(fn, records, ctx);
  const flow = partitionFlow({
    ratePerSecond: load.recordsPerSecond / load.partitions,
    maxBatch,
    windowMs: mapping.batchingWindowS * 1000,
    invokeMs: (records) => params.esmInvokeOverheadMs + ownMs(records),
  });
  const invokesPerSecond = flow.invokesPerSecond * load.partitions;
  const billedMs = flow.invokeMs - params.esmInvokeOverheadMs;
  const concurrency = Math.min(
    load.partitions * params.invokesPerPartition,
    (invokesPerSecond * billedMs) / 1000,
  );
  const mbPerSecond = (load.recordsPerSecond * costs.valueBytesPerRecord) / 1e6;
  const pollersNeeded = Math.max(
    1,
    Math.ceil(mbPerSecond / params.pollerMBps),
    Math.ceil(concurrency / params.pollerInvokes),
  );
  const perBatch =
    fn === 'index'
      ? Math.max(1, Math.ceil(flow.batch * costs.bulkRequestsPerRecord - 1e-9))
      : fn === 'archive'
        ? costs.putsPerBatch
        : detectWrites(flow.batch, ctx);
  return {
    flow,
    maxBatch,
    throughput: Math.min(load.recordsPerSecond, flow.capacity * load.partitions),
    invokesPerSecond,
    gbSecondsPerSecond: (invokesPerSecond * billedMs * mapping.memoryMb) / 1000 / 1024,
    concurrency,
    lagRecords: (load.recordsPerSecond / load.partitions) * (flow.delayMs / 1000),
    pollersNeeded,
    requestsPerSecond: invokesPerSecond * perBatch,
  };
}

/** Alert latency: delivery to Kafka, the detect batch, the claim writes and the Slack post, or the sweeper. */
function alertLatency(detect: FunctionResult, ctx: Context): { ms: number; digested: boolean } {
  const { params, settings, load } = ctx;
  if (!Number.isFinite(detect.flow.delayMs)) return { ms: Number.POSITIVE_INFINITY, digested: false };
  const perMinute = Math.min(settings.slackBudgetPerMinute, params.slackPerSecond * 60);
  const digested = load.alertsPerMinute > perMinute;
  // Claim (read + transaction), the window's decision, the `sent` mark: three writes after the window's.
  const claimMs = 3 * params.dynamodbWriteMs;
  const postMs = digested ? settings.sweepPeriodS * 1000 + params.slackPostMs : params.slackPostMs;
  return { ms: params.kafkaDeliveryMs + detect.flow.delayMs + claimMs + postMs, digested };
}

/**
 * The model at one load and one configuration: each function's steady state per partition, what the
 * whole topic asks of Lambda, DynamoDB, OpenSearch, S3 and Slack, and the alert latency. It is a model:
 * CPU and calls per batch come from the bench, every service figure from {@link Params}.
 *
 * @example
 * const result = evaluate(load, settings, costs, defaultParams());
 * result.functions.detect.flow.utilisation; // 0.48
 */
export function evaluate(load: Load, settings: Settings, costs: MeasuredCosts, params: Params): Evaluation {
  const ctx: Context = { load, settings, costs, params };
  const { dataNodes, replicas } = settings.opensearch;
  const indexed = evaluateFunction('index', ctx);
  // The cluster, not the function, caps indexing when its nodes cannot write every copy.
  const clusterDocs = (dataNodes * params.docWritesPerNode) / (1 + replicas);
  const functions = {
    index: { ...indexed, throughput: Math.min(indexed.throughput, clusterDocs) },
    archive: evaluateFunction('archive', ctx),
    detect: evaluateFunction('detect', ctx),
  };
  const detect = functions.detect;
  const hot = hotItem({
    groups: load.distinctGroups,
    groupsPerWrite: costs.groupsPerWrite,
    matching: detect.flow.batch * load.errorShare,
    batchesPerSecond: detect.invokesPerSecond,
    partitions: load.partitions,
    baseBytes: params.windowItemBaseBytes,
    bytesPerGroup: params.windowItemBytesPerGroup,
    bytesPerMark: params.windowItemBytesPerMark,
    writeUnitBytes: params.writeUnitBytes,
  });
  const docsPerSecond = load.recordsPerSecond;
  const alert = alertLatency(detect, ctx);
  const mbPerSecond = (load.recordsPerSecond * costs.valueBytesPerRecord) / 1e6;
  return {
    load,
    mbPerSecond,
    functions,
    dynamodb: {
      writesPerSecond: detect.requestsPerSecond,
      unitsPerSecond: detect.requestsPerSecond * hot.unitsPerWrite,
      hot,
    },
    opensearch: {
      docsPerSecond,
      bulkPerSecond: functions.index.requestsPerSecond,
      utilisation: (docsPerSecond * (1 + replicas)) / (dataNodes * params.docWritesPerNode),
    },
    s3: {
      putsPerSecond: functions.archive.requestsPerSecond,
      putsPerPartitionPrefix: functions.archive.requestsPerSecond / load.partitions,
    },
    alertLatencyMs: alert.ms,
    alertsDigested: alert.digested,
    partitionMBps: mbPerSecond / load.partitions,
  };
}
