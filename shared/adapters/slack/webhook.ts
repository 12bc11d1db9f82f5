import type { SlackPort, SlackPostResult } from '../../alerts/slack-port';
import type { SlackMessage } from '../../alerts/types';
import { ConfigError } from '../../errors';
import { classifyResponse, networkFailure } from './classify';

/** A `fetch`-compatible function; injected so tests and the bench can count or redirect calls. */
export type FetchLike = (
  url: string,
  init: {
    method: 'POST';
    headers: Record<string, string>;
    body: string;
    signal: AbortSignal;
    redirect: 'manual';
  },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface SlackWebhookOptions {
  /** The incoming-webhook URL. A secret: never logged, never put in an error. */
  webhookUrl: string;
  /** Whole-request timeout (connect, send, answer) in ms; default 15 s (docs/alerts.md). */
  timeoutMs?: number;
  /** Default: the global `fetch` of Node 20+. */
  fetch?: FetchLike;
}

/**
 * How long a post may take: Slack usually answers in well under a second, but slow answers of several
 * seconds happen, and one given up too early may still be posted (a repeat later). Far below the
 * lease (60 s) that a deliverer renews before each post.
 */
export const DEFAULT_TIMEOUT_MS = 15_000;

/** Longest body read (Slack's codes are one short word; error pages are long HTML). */
const MAX_BODY = 512;

/**
 * Posts messages to a Slack incoming webhook and classifies the answer as a value, never an
 * exception (see {@link SlackPostResult}): 200 is ok; 429 is transient with `retryAfterMs` from
 * `Retry-After`; 5xx, timeouts and dropped connections are transient (status 0 without an answer);
 * 4xx (`invalid_payload`, `channel_not_found`, `action_prohibited`, `no_service`...) are permanent.
 * Link unfurling is turned off so a URL in a log line shows no preview. The URL is kept in a private
 * field; results carry only a status and a code token (`invalid_payload`, `http_500`, `timeout`,
 * `network_error: ECONNREFUSED`), so the URL can never leak through them.
 *
 * @example
 * const slack = new SlackWebhook({ webhookUrl });
 * const result = await slack.post(formatAlert(alert));
 * if (!result.ok && !result.permanent) retryLater(result.retryAfterMs);
 */
export class SlackWebhook implements SlackPort {
  readonly kind = 'webhook' as const;
  readonly #url: string;
  readonly #timeoutMs: number;
  readonly #fetch: FetchLike;

  constructor(options: SlackWebhookOptions) {
    if (!URL.canParse(options.webhookUrl)) {
      throw new ConfigError('The Slack webhook URL is not a valid URL (value not shown: it is a secret)');
    }
    this.#url = options.webhookUrl;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#fetch = options.fetch ?? (globalThis.fetch as unknown as FetchLike);
  }

  /** Posts `message`; `signal` (the invocation's) cancels the request when the function gives up. */
  async post(message: SlackMessage, signal?: AbortSignal): Promise<SlackPostResult> {
    const body = JSON.stringify({
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#timeoutMs);
    const cancelled = () => controller.abort();
    signal?.addEventListener('abort', cancelled, { once: true });
    try {
      const response = await this.#fetch(this.#url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body,
        signal: controller.signal,
        redirect: 'manual',
      });
      const text = (await response.text()).slice(0, MAX_BODY);
      return classifyResponse(response.status, text, response.headers.get('retry-after'));
    } catch (error) {
      return networkFailure(error, controller.signal.aborted);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancelled);
    }
  }
}
