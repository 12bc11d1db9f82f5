import { createSlackSender } from './create-sender';
import type { TextSink } from './terminal';
import type { SlackSender } from './types';
import type { FetchLike } from './webhook';

/**
 * One sender per webhook URL, kept for the container's life: a rotated URL (read again from SSM by
 * the Slack middleware) gets a new sender, an unchanged one reuses its sockets.
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
        sender = createSlackSender(url, { out: options.out ?? process.stdout, fetch: options.fetch });
        senders.set(url, sender);
      }
      return sender;
    },
  };
}
