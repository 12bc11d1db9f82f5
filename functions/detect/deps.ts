import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '../../shared/adapters/dynamodb/client';
import { dynamoDetectStore } from '../../shared/adapters/dynamodb/store';
import { Area, hourPartition } from '../../shared/adapters/s3/keys';
import { createSlackSender } from '../../shared/adapters/slack/create-sender';
import { resolveWebhookUrl } from '../../shared/adapters/slack/resolve-webhook';
import type { SlackSender } from '../../shared/adapters/slack/types';
import type { Alert, AlertLinks } from '../../shared/alerts/types';
import type { SluiceConfig } from '../../shared/config';
import { loadRules } from '../../shared/rules/load';
import type { DetectStore } from '../../shared/rules/store';
import type { RuleSet } from '../../shared/rules/types';
import { DEFAULT_DETECT_SETTINGS, type DetectDeps, type DetectSettings } from './types';

/** Parts a caller may supply instead of the defaults built from the configuration. */
export interface DetectOverrides {
  /** DynamoDB client; default: `createDynamoClient(config)`. */
  readonly client?: Pick<DynamoDBClient, 'send'>;
  /** The whole store (e.g. `MemoryDetectStore` in the bench); default: DynamoDB on `config.dynamodb.table`. */
  readonly store?: DetectStore;
  /** Default: the webhook `config.slack` names (resolved from SSM if need be), else the terminal printer. */
  readonly slack?: SlackSender;
  readonly settings?: Partial<DetectSettings>;
}

/**
 * Links of an alert: Discover when `DASHBOARDS_URL` is set, and the archive prefix of the window's
 * hour (the archive is partitioned by the Kafka record hour, which the clock-skew rule keeps close).
 */
export function alertLinks(config: SluiceConfig): (alert: Alert) => AlertLinks {
  return (alert) => {
    const { dt, hour } = hourPartition(Date.parse(alert.windowStart));
    const links: AlertLinks = {
      archiveUri: `s3://${config.s3.bucket}/${Area.archive}dt=${dt}/hour=${hour}/`,
      region: config.region,
    };
    if (config.dashboardsUrl !== undefined) links.dashboardsUrl = config.dashboardsUrl;
    return links;
  };
}

/**
 * Builds the detect path's dependencies once per container (or CLI run): the rules (the given set,
 * else `config.rulesFile`, else the bundled defaults), the DynamoDB store, the Slack sender and links.
 *
 * @example
 * const deps = await buildDetectDeps(loadConfig());
 * await detectBatch(read, deps);
 */
export async function buildDetectDeps(
  config: SluiceConfig,
  rules?: RuleSet,
  overrides: DetectOverrides = {},
): Promise<DetectDeps> {
  const ruleSet = rules ?? loadRules(config.rulesFile);
  const store =
    overrides.store ??
    dynamoDetectStore({
      client: overrides.client ?? createDynamoClient(config),
      table: config.dynamodb.table,
    });
  const slack =
    overrides.slack ?? createSlackSender(await resolveWebhookUrl(config.slack, { region: config.region }));
  return {
    ruleSet,
    store,
    slack,
    links: alertLinks(config),
    settings: {
      ...DEFAULT_DETECT_SETTINGS,
      budgetPerMinute: config.slack.budgetPerMinute,
      ...overrides.settings,
    },
  };
}
