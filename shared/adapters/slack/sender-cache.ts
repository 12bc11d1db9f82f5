import { createSlackSender } from './create-sender';
import { forgetWebhookUrl } from './middleware';
import type { TextSink } from './terminal';
import type { SlackSender } from './types';
import type { FetchLike } from './webhook';

/** Slack's answers for a webhook that was revoked or rotated away. */
const revoked = new Set(['invalid_token', 'no_service', 'no_service_id']);

/**
 * One sender per webhook URL, kept for the container's life: a rotated URL (read again from SSM by
 * the Slack middleware) gets a new sender, an unchanged one reuses its sockets. When Slack says the
 * webhook was revoked, the cached URL is forgotten, so the next invocation reads SSM again instead of
 * waiting out the cache (the alert itself stays in the outbox and is retried).
 *
 * @example
 * const senders = slackSenderCache();
 * const slack = senders.forUrl(webhookUrlFrom(context));
 */
export function slackSenderCache(options: { out?: TextSink; fetch?: FetchLike } = {}) {
  const senders = new Map<string | undefined, SlackSender>();
  return {
    forUrl(url: string | undefined): SlackSender {
      let sender = senders.get(url);
      if (!sender) {
        const created = createSlackSender(url, { out: options.out ?? process.stdout, fetch: options.fetch });
        sender = {
          kind: created.kind,
          post: async (message) => {
            const result = await created.post(message);
            if (!result.ok && result.permanent && revoked.has(result.error)) forgetWebhookUrl();
            return result;
          },
        };
        senders.set(url, sender);
      }
      return sender;
    },
  };
}
