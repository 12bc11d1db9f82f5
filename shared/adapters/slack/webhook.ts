import type { SlackMessage } from '../../alerts/types';
import type { SlackPostResult, SlackSender } from './types';

/** A `fetch`-compatible function; injected so tests and the bench can count or redirect calls. */
export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface SlackWebhookOptions {
  /** The incoming-webhook URL. A secret: never logged, never put in an error. */
  webhookUrl: string;
  /** Whole-request timeout in ms (default 5000). */
  timeoutMs?: number;
  /** Default: the global `fetch` of Node 20. */
  fetch?: FetchLike;
}

/**
 * Posts messages to a Slack incoming webhook and classifies the answer (see {@link SlackPostResult}).
 *
 * @example
 * const slack = new SlackWebhook({ webhookUrl });
 * const result = await slack.post(formatAlert(alert));
 * if (!result.ok && !result.permanent) retryLater(result.retryAfterMs);
 */
export class SlackWebhook implements SlackSender {
  readonly kind = 'webhook' as const;
  readonly #url: string;
  readonly #timeoutMs: number;
  readonly #fetch: FetchLike;

  constructor(options: SlackWebhookOptions) {
    this.#url = options.webhookUrl;
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#fetch = options.fetch ?? (globalThis.fetch as unknown as FetchLike);
  }

  async post(message: SlackMessage): Promise<SlackPostResult> {
    void message;
    void this.#url;
    void this.#timeoutMs;
    void this.#fetch;
    throw new Error('SlackWebhook.post: not implemented yet');
  }
}
