import { readDurationText } from './durations';
import { ConfigError } from './errors';

export { parseDuration } from './durations';

/** Where a Slack webhook comes from: a URL given directly, or the SSM parameter holding it. */
export interface SlackWebhookSource {
  /** A webhook URL given directly; never logged. */
  readonly webhookUrl: string | undefined;
  /** Name of an SSM SecureString parameter holding the webhook URL, resolved at run time. */
  readonly webhookParameter: string | undefined;
}

/** A routed destination's webhook: where it comes from and the variable that named it. */
export interface SlackDestinationSource extends SlackWebhookSource {
  /** `SLACK_WEBHOOK_URL_PAYMENTS`, for messages. */
  readonly variable: string;
}

/** Prefix of a routed destination's variable: `SLACK_WEBHOOK_URL_<NAME>` (docs/alerts.md). */
export const DESTINATION_VARIABLE_PREFIX = 'SLACK_WEBHOOK_URL_';

/**
 * Everything sluice reads from the environment, validated once. This module is the only reader of
 * `process.env`: everything else receives a `SluiceConfig`.
 */
export interface SluiceConfig {
  readonly region: string;
  /**
   * Static credentials the environment names (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
   * AWS_SESSION_TOKEN), so an environment given as a whole (the local stack's) reaches every client;
   * undefined leaves the SDK's default chain. Never logged.
   */
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
  /** Values larger than this are dead-lettered as `oversize`. */
  readonly maxRecordBytes: number;
  /** A log time further than this from the Kafka timestamp is replaced by the Kafka timestamp. */
  readonly maxClockSkewMs: number;
  /**
   * The Kafka mappings run in provisioned mode with `ReportBatchItemFailures`: a function returns the
   * lowest failed offset per partition instead of failing the whole batch
   * (`SLUICE_REPORT_BATCH_ITEM_FAILURES=true`).
   */
  readonly reportBatchItemFailures: boolean;
  /** Rules file; undefined means the bundled default rules. */
  readonly rulesFile: string | undefined;
  readonly opensearch: {
    /** Endpoint URL (`OPENSEARCH_URL`); undefined when not configured. */
    readonly url: string | undefined;
    /** AWS domain name to resolve with DescribeDomain when no URL is given. */
    readonly domainName: string | undefined;
    /** SigV4 signing: `es` (managed domain), `aoss` (serverless) or `none` (plain local URL). */
    readonly signing: 'es' | 'aoss' | 'none';
    readonly indexPrefix: string;
    readonly chunkBytes: number;
    /** `_bulk` requests in flight at once (`OPENSEARCH_CONCURRENCY`, default 2). */
    readonly concurrency: number;
    /** Timeout of one request, ms (`OPENSEARCH_REQUEST_TIMEOUT`, default 30s); never past the Lambda's time. */
    readonly requestTimeoutMs: number;
    /** ISM retention: indices older than this are deleted (`OPENSEARCH_RETENTION`, default 30d). */
    readonly retentionMs: number;
  };
  readonly s3: {
    readonly bucket: string;
    /** `AWS_ENDPOINT_URL_S3`; set for local servers (implies path-style addressing). */
    readonly endpoint: string | undefined;
    /** The variable that named `endpoint`, for error messages. */
    readonly endpointVariable?: string;
  };
  readonly dynamodb: {
    readonly table: string;
    /** `AWS_ENDPOINT_URL_DYNAMODB`. */
    readonly endpoint: string | undefined;
    /** The variable that named `endpoint`, for error messages. */
    readonly endpointVariable?: string;
  };
  readonly slack: SlackWebhookSource & {
    /**
     * The webhooks of the destinations rules name (`notify: { slack: payments }`), from
     * `SLACK_WEBHOOK_URL_<NAME>`, by the variable's suffix (`PAYMENTS`).
     */
    readonly destinations: Readonly<Record<string, SlackDestinationSource>>;
    /** Messages a minute above which the sweeper folds alerts into one digest. */
    readonly budgetPerMinute: number;
    /** How long a post may take before its outcome is unknown (`SLACK_TIMEOUT`, default 15s). */
    readonly timeoutMs: number;
  };
  /** OpenSearch Dashboards base URL, for links in alerts. */
  readonly dashboardsUrl: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

const MiB = 1024 * 1024;

function positiveInteger(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new ConfigError(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

function duration(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const read = readDurationText(raw);
  if (!read.ok) throw new ConfigError(`${name}: ${read.problem}`);
  return read.ms;
}

function flag(env: Env, name: string): boolean {
  const raw = optional(env, name)?.toLowerCase();
  if (raw === undefined || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function credentials(env: Env): SluiceConfig['credentials'] {
  const accessKeyId = optional(env, 'AWS_ACCESS_KEY_ID');
  const secretAccessKey = optional(env, 'AWS_SECRET_ACCESS_KEY');
  if (accessKeyId === undefined || secretAccessKey === undefined) return undefined;
  const sessionToken = optional(env, 'AWS_SESSION_TOKEN');
  // Not frozen: the SDK marks the credential objects it is given.
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken === undefined ? {} : { sessionToken }),
  };
}

function optional(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

function url(env: Env, name: string): string | undefined {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  try {
    new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL such as http://localhost:9200`);
  }
  return raw.replace(/\/+$/, '');
}

/** A service's endpoint: its own variable, else the general `AWS_ENDPOINT_URL`; and which one named it. */
function endpoint(env: Env, name: string): { endpoint: string | undefined; endpointVariable?: string } {
  for (const variable of [name, 'AWS_ENDPOINT_URL']) {
    const value = url(env, variable);
    if (value !== undefined) return { endpoint: value, endpointVariable: variable };
  }
  return { endpoint: undefined };
}

/** A webhook variable's value as a direct URL or an SSM parameter name. Never echoes the value. */
function webhookSource(raw: string, variable: string): SlackWebhookSource {
  if (/^https?:\/\//.test(raw)) return { webhookUrl: raw, webhookParameter: undefined };
  if (raw.startsWith('/') || raw.startsWith('ssm:')) {
    return { webhookUrl: undefined, webhookParameter: raw.replace(/^ssm:/, '') };
  }
  throw new ConfigError(
    `${variable} must be an https:// webhook URL or an SSM parameter name starting with /`,
  );
}

/** SLACK_WEBHOOK_URL (or the parameter SLACK_WEBHOOK_PARAMETER names): the default webhook. */
function slackWebhook(env: Env): SlackWebhookSource {
  const raw = optional(env, 'SLACK_WEBHOOK_URL');
  const parameter = optional(env, 'SLACK_WEBHOOK_PARAMETER');
  if (raw === undefined) return { webhookUrl: undefined, webhookParameter: parameter };
  return webhookSource(raw, 'SLACK_WEBHOOK_URL');
}

/** Every `SLACK_WEBHOOK_URL_<NAME>`: the webhooks of routed destinations, by `<NAME>` upper-cased. */
function slackDestinations(env: Env): Record<string, SlackDestinationSource> {
  const destinations: Record<string, SlackDestinationSource> = {};
  for (const variable of Object.keys(env).sort()) {
    if (!variable.startsWith(DESTINATION_VARIABLE_PREFIX)) continue;
    const raw = optional(env, variable);
    if (raw === undefined) continue;
    const name = variable.slice(DESTINATION_VARIABLE_PREFIX.length).toUpperCase();
    if (!/^[A-Z0-9][A-Z0-9_]*$/.test(name)) {
      throw new ConfigError(
        `${variable}: a destination's variable is SLACK_WEBHOOK_URL_ and its name upper-cased with - as _ (letters, digits, _)`,
      );
    }
    if (destinations[name] !== undefined)
      throw new ConfigError(`${variable} and ${destinations[name].variable} name the same destination`);
    destinations[name] = Object.freeze({ ...webhookSource(raw, variable), variable });
  }
  return destinations;
}

function signing(env: Env, opensearchUrl: string | undefined): 'es' | 'aoss' | 'none' {
  const raw = optional(env, 'OPENSEARCH_SIGNING');
  if (raw === 'es' || raw === 'aoss' || raw === 'none') return raw;
  if (raw !== undefined) throw new ConfigError(`OPENSEARCH_SIGNING must be es, aoss or none, got "${raw}"`);
  if (opensearchUrl === undefined) return 'es';
  const host = new URL(opensearchUrl).hostname;
  if (host.endsWith('.aoss.amazonaws.com')) return 'aoss';
  if (host.endsWith('.es.amazonaws.com')) return 'es';
  return 'none';
}

/**
 * Whether the CLI prints the whole error object (stack and cause chain) of an unexpected failure
 * (`SLUICE_DEBUG=1`).
 *
 * @example
 * if (debugEnabled()) console.error(error);
 */
export function debugEnabled(env: Env = process.env): boolean {
  return optional(env, 'SLUICE_DEBUG') !== undefined;
}

/**
 * Reads and validates the configuration. Throws a `ConfigError` that names the variable at fault.
 *
 * @example
 * const config = loadConfig(); // from process.env
 * const local = loadConfig({ SLUICE_BUCKET: 'logs', AWS_REGION: 'eu-west-1' });
 */
export function loadConfig(env: Env = process.env): SluiceConfig {
  const opensearchUrl = url(env, 'OPENSEARCH_URL');
  const chunkBytes = positiveInteger(env, 'OPENSEARCH_CHUNK_BYTES', 5 * MiB);
  if (chunkBytes > 10 * MiB)
    throw new ConfigError('OPENSEARCH_CHUNK_BYTES must be at most 10 MiB (10485760)');
  return Object.freeze({
    region: optional(env, 'AWS_REGION') ?? optional(env, 'AWS_DEFAULT_REGION') ?? 'us-east-1',
    maxRecordBytes: positiveInteger(env, 'SLUICE_MAX_RECORD_BYTES', MiB),
    maxClockSkewMs: duration(env, 'SLUICE_MAX_CLOCK_SKEW', 15 * 60_000),
    credentials: credentials(env),
    reportBatchItemFailures: flag(env, 'SLUICE_REPORT_BATCH_ITEM_FAILURES'),
    rulesFile: optional(env, 'SLUICE_RULES'),
    opensearch: Object.freeze({
      url: opensearchUrl,
      domainName: optional(env, 'OPENSEARCH_DOMAIN'),
      signing: signing(env, opensearchUrl),
      indexPrefix: optional(env, 'OPENSEARCH_INDEX_PREFIX') ?? 'logs-',
      chunkBytes,
      concurrency: positiveInteger(env, 'OPENSEARCH_CONCURRENCY', 2),
      requestTimeoutMs: duration(env, 'OPENSEARCH_REQUEST_TIMEOUT', 30_000),
      retentionMs: duration(env, 'OPENSEARCH_RETENTION', 30 * 86_400_000),
    }),
    s3: Object.freeze({
      bucket: optional(env, 'SLUICE_BUCKET') ?? 'sluice-logs',
      ...endpoint(env, 'AWS_ENDPOINT_URL_S3'),
    }),
    dynamodb: Object.freeze({
      table: optional(env, 'SLUICE_TABLE') ?? 'sluice',
      ...endpoint(env, 'AWS_ENDPOINT_URL_DYNAMODB'),
    }),
    slack: Object.freeze({
      ...slackWebhook(env),
      destinations: Object.freeze(slackDestinations(env)),
      budgetPerMinute: positiveInteger(env, 'SLACK_BUDGET_PER_MINUTE', 20),
      timeoutMs: duration(env, 'SLACK_TIMEOUT', 15_000),
    }),
    dashboardsUrl: url(env, 'DASHBOARDS_URL'),
  });
}
