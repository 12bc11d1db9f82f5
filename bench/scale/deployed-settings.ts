import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { DEFAULT_DETECT_SETTINGS } from '../../functions/detect/types';
import { ConfigError } from '../../shared/errors';
import type { KAFKA_FUNCTIONS, MappingSettings, Settings } from './types';

const root = join(__dirname, '..', '..');

interface ServerlessFile {
  params: { default: Record<string, unknown> };
  functions: Record<string, { memorySize?: number; events?: Array<{ schedule?: { rate?: string } }> }>;
}

function numberParam(params: Record<string, unknown>, name: string): number {
  const value = Number(params[name]);
  if (!Number.isFinite(value))
    throw new ConfigError(`serverless.yml: params.default.${name} is not a number`);
  return value;
}

/** `rate(1 minute)`, `rate(5 minutes)`, `rate(30 seconds)` in seconds. */
export function rateSeconds(rate: string): number {
  const match = /^rate\((\d+) (second|minute|hour)s?\)$/.exec(rate.trim());
  if (!match) throw new ConfigError(`serverless.yml: cannot read the schedule "${rate}"`);
  return Number(match[1]) * { second: 1, minute: 60, hour: 3600 }[match[2] as 'second' | 'minute' | 'hour'];
}

/**
 * The settings a deployment gets from serverless.yml's defaults (batch sizes, batching windows,
 * memory, pollers, OpenSearch instance count, the sweeper's schedule), the index template's replicas
 * and detect's own defaults (Slack budget, writes in flight).
 *
 * @example
 * readDeployedSettings().detect; // { batchSize: 1000, batchingWindowS: 1, memoryMb: 512 }
 */
export function readDeployedSettings(file = join(root, 'serverless.yml')): Settings {
  const yml = parseDocument(readFileSync(file, 'utf8')).toJS() as ServerlessFile;
  const params = yml.params.default;
  const template = JSON.parse(
    readFileSync(join(root, 'infra', 'opensearch', 'index-template.json'), 'utf8'),
  ) as {
    template: { settings: Record<string, unknown> };
  };
  const mapping = (fn: (typeof KAFKA_FUNCTIONS)[number]): MappingSettings => ({
    batchSize: numberParam(params, `${fn}BatchSize`),
    batchingWindowS: numberParam(params, `${fn}BatchingWindow`),
    memoryMb: Number(yml.functions[fn]?.memorySize ?? 1024),
  });
  const schedule =
    yml.functions.sweep?.events?.find((event) => event.schedule)?.schedule?.rate ?? 'rate(1 minute)';
  return {
    index: mapping('index'),
    archive: mapping('archive'),
    detect: mapping('detect'),
    provisioned: String(params.kafkaProvisioned) === 'true',
    maxPollers: numberParam(params, 'kafkaMaximumPollers'),
    opensearch: {
      dataNodes: numberParam(params, 'opensearchInstanceCount'),
      replicas: Number(template.template.settings['index.number_of_replicas'] ?? 1),
    },
    slackBudgetPerMinute: DEFAULT_DETECT_SETTINGS.budgetPerMinute,
    sweepPeriodS: rateSeconds(schedule),
    detectWriteConcurrency: DEFAULT_DETECT_SETTINGS.writeConcurrency,
    offsetLagThreshold: numberParam(params, 'offsetLagThreshold'),
  };
}
