// A small world whose every figure can be worked out by hand (see model.test.ts for the sums).
import { withOverrides } from '../../../bench/scale/overrides';
import type { Params } from '../../../bench/scale/params';
import type { Load, MeasuredCosts, Settings } from '../../../bench/scale/types';

/** 1,000 bytes of event per record, 10 µs of CPU per record and nothing fixed, one 10 s rule. */
export const handCosts: MeasuredCosts = {
  eventBytesPerRecord: 1000,
  valueBytesPerRecord: 500,
  cpu: {
    index: { fixedMs: 0, perRecordMs: 0.01 },
    archive: { fixedMs: 0, perRecordMs: 0.01 },
    detect: { fixedMs: 0, perRecordMs: 0.01 },
  },
  detectCpuPerWriteMs: 0,
  groupsPerWrite: 1,
  bulkRequestsPerRecord: 0,
  bulkBytesPerRecord: 500,
  putsPerBatch: 1,
  ruleWindowsMs: [10_000],
};

/** One vCPU per 1,000 MB, round latencies. */
export const handParams: Params = withOverrides([
  'mbPerVcpu=1000',
  'esmInvokeOverheadMs=10',
  'bulkBaseMs=20',
  'bulkMsPerMB=100',
  's3PutMs=50',
  'dynamodbWriteMs=10',
  'kafkaDeliveryMs=20',
  'slackPostMs=300',
]);

const mapping = { batchSize: 100, batchingWindowS: 1, memoryMb: 1000 };

export const handSettings: Settings = {
  index: mapping,
  archive: mapping,
  detect: mapping,
  provisioned: false,
  maxPollers: 3,
  opensearch: { dataNodes: 1, replicas: 1 },
  slackBudgetPerMinute: 20,
  sweepPeriodS: 60,
  detectWriteConcurrency: 16,
  offsetLagThreshold: 10_000,
};

export const handLoad = (recordsPerSecond: number): Load => ({
  recordsPerSecond,
  partitions: 1,
  distinctGroups: 1,
  errorShare: 1,
  alertsPerMinute: 0,
});
