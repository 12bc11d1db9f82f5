import { TerminalSlack, type TextSink } from './terminal';
import type { SlackSender } from './types';
import { type FetchLike, SlackWebhook } from './webhook';

/**
 * The sender for a resolved webhook URL: a `SlackWebhook` when there is one, else a `TerminalSlack`
 * printing to `out` (default `process.stdout`).
 *
 * @example
 * const slack = createSlackSender(await resolveWebhookUrl(config.slack));
 */
export function createSlackSender(
  webhookUrl: string | undefined,
  options: { out?: TextSink; fetch?: FetchLike; timeoutMs?: number } = {},
): SlackSender {
  if (webhookUrl === undefined) return new TerminalSlack(options.out ?? process.stdout);
  return new SlackWebhook({ webhookUrl, fetch: options.fetch, timeoutMs: options.timeoutMs });
}
