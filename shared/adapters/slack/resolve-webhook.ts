import type { GetParameterCommandOutput, SSMClient } from '@aws-sdk/client-ssm';
import type { SluiceConfig } from '../../config';
import { ConfigError, TransientSinkError } from '../../errors';

/** The part of an `SSMClient` the resolver uses. */
export type SsmLike = Pick<SSMClient, 'send'>;

export interface ResolveWebhookOptions {
  /** Region for the SSM client built when none is injected. */
  region?: string;
  /** An SSM client (tests, custom endpoints); default: a new `SSMClient({ region })`. */
  ssm?: SsmLike;
  /** How long a resolved parameter is reused; default 15 minutes (a rotated webhook is picked up after it). */
  maxAgeMs?: number;
  now?: () => number;
}

/** Default reuse time of a value read from SSM. */
export const WEBHOOK_CACHE_MS = 15 * 60_000;

const cache = new Map<string, { value: Promise<string>; expires: number }>();

/** Forgets the URLs this resolver cached (use `forgetWebhookUrl`, which also clears the middleware's). */
export function clearResolvedWebhookUrls(): void {
  cache.clear();
}

/** Accepts an http(s) URL without ever echoing the value. */
export function assertWebhookUrl(value: string | undefined, source: string): string {
  if (value === undefined || !/^https?:\/\//.test(value.trim()) || !URL.canParse(value.trim())) {
    throw new ConfigError(
      `${source} does not hold an https:// Slack webhook URL (value not shown: it is a secret)`,
    );
  }
  return value.trim();
}

async function readParameter(ssm: SsmLike, name: string): Promise<string> {
  const { GetParameterCommand } = await import('@aws-sdk/client-ssm');
  let output: GetParameterCommandOutput;
  try {
    output = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  } catch (error) {
    const code = (error as { name?: string }).name ?? 'Error';
    const permanent =
      /ParameterNotFound|ParameterVersionNotFound|AccessDenied|InvalidKeyId|ValidationException/.test(code);
    const message = `Cannot read the Slack webhook from SSM parameter ${name}: ${code}`;
    throw permanent
      ? new ConfigError(message, { cause: error })
      : new TransientSinkError(message, { cause: error });
  }
  return assertWebhookUrl(output.Parameter?.Value, `SSM parameter ${name}`);
}

/**
 * Resolves the webhook URL for the CLI and local runs: `slack.webhookUrl` as is, or the SSM
 * SecureString `slack.webhookParameter` read with decryption and reused per process (container) for
 * `maxAgeMs`. Resolves to `undefined` when neither is configured (use `TerminalSlack` then). Lambda
 * handlers use {@link slackWebhookMiddleware} instead. Errors name the parameter, never the value:
 * `ConfigError` when it is missing, unreadable or not a URL, `TransientSinkError` when SSM is
 * unavailable.
 *
 * @example
 * const slack = createSlackSender(await resolveWebhookUrl(config.slack, { region: config.region }));
 */
export async function resolveWebhookUrl(
  slack: SluiceConfig['slack'],
  options: ResolveWebhookOptions = {},
): Promise<string | undefined> {
  if (slack.webhookUrl !== undefined) return slack.webhookUrl;
  const name = slack.webhookParameter;
  if (name === undefined) return undefined;
  const now = options.now ?? Date.now;
  const hit = cache.get(name);
  if (hit && hit.expires > now()) return hit.value;
  const ssm = options.ssm ?? new (await import('@aws-sdk/client-ssm')).SSMClient({ region: options.region });
  const value = readParameter(ssm, name);
  cache.set(name, { value, expires: now() + (options.maxAgeMs ?? WEBHOOK_CACHE_MS) });
  value.catch(() => cache.delete(name));
  return value;
}
