import type { SlackPort } from '../../alerts/slack-port';
import { forgetWebhookUrl } from './middleware';
import { TerminalSlack, type TextSink } from './terminal';
import { type FetchLike, SlackWebhook } from './webhook';

/** Slack's answers for a webhook that was revoked or rotated away. */
const revoked = new Set(['invalid_token', 'no_service', 'no_service_id']);

export interface SlackSendersOptions {
  /** Where alerts are printed when no webhook is configured (local runs); default stdout. */
  readonly out?: TextSink;
  readonly fetch?: FetchLike;
  /** How long a post may take (`SLACK_TIMEOUT`); default the webhook's own. */
  readonly timeoutMs?: number;
}

/** The Slack port of each invocation, from the webhook URL its middleware resolved. */
export interface SlackSenders {
  /**
   * The port for `url` (the terminal printer when undefined), cancelled with `signal`; `route` is
   * whose webhook it is (`''` the default one), forgotten when Slack says it was revoked.
   */
  forUrl(url: string | undefined, signal?: AbortSignal, route?: string): SlackPort;
}

/**
 * One webhook client per URL, kept for the container's life (a rotated URL, read again from SSM by
 * the Slack middleware, gets a new one), bound per invocation to that invocation's abort signal. When
 * Slack says the webhook was revoked, the middleware's cached URL is forgotten, so the next invocation
 * reads SSM again instead of waiting out the cache (the alert itself stays in the outbox).
 *
 * @example
 * const senders = slackSenders();
 * const slack = senders.forUrl(webhookUrlFrom(context), invocation.signal);
 */
export function slackSenders(options: SlackSendersOptions = {}): SlackSenders {
  const webhooks = new Map<string, SlackWebhook>();
  const terminal = new TerminalSlack(options.out ?? process.stdout);
  return {
    forUrl(url, signal, route = '') {
      if (url === undefined) return terminal;
      let webhook = webhooks.get(url);
      if (!webhook) {
        webhook = new SlackWebhook({
          webhookUrl: url,
          ...(options.fetch ? { fetch: options.fetch } : {}),
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        });
        webhooks.set(url, webhook);
      }
      const client = webhook;
      return {
        kind: 'webhook',
        post: async (message) => {
          const result = await client.post(message, signal);
          if (!result.ok && result.permanent && revoked.has(result.error)) forgetWebhookUrl(route);
          return result;
        },
      };
    },
  };
}
