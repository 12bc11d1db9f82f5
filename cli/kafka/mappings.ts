import type { MappingSettings } from './mapping-batcher';

/** The three MSK functions, in the order the tools list them. */
export const functionNames = ['index', 'archive', 'detect'] as const;
export type FunctionName = (typeof functionNames)[number];

/** One function's event source mapping: its consumer group and batching. */
export interface FunctionMapping extends MappingSettings {
  readonly groupId: string;
}

/**
 * The deployed mappings' defaults (serverless.yml `params.default`: `<fn>ConsumerGroup`,
 * `<fn>BatchSize`, `<fn>BatchingWindow`); a test keeps the two in step.
 */
export const deployedMappings: Readonly<Record<FunctionName, FunctionMapping>> = {
  index: { groupId: 'sluice-index', batchSize: 10_000, batchWindowMs: 5000 },
  archive: { groupId: 'sluice-archive', batchSize: 10_000, batchWindowMs: 60_000 },
  detect: { groupId: 'sluice-detect', batchSize: 5000, batchWindowMs: 1000 },
};
