import type { SlackMessage } from './types';

/**
 * Outcome of one post, as a value. `permanent` means a retry of the same message cannot succeed
 * (bad payload, revoked webhook, archived channel); otherwise retry, not before `retryAfterMs` when set.
 */
export type SlackPostResult =
  | { ok: true }
  | {
      ok: false;
      /** From `Retry-After` on a 429, in ms. */
      retryAfterMs?: number;
      permanent: boolean;
      /** HTTP status; 0 when no response arrived (timeout, connection refused or reset). */
      status: number;
      /** Slack's error string (`invalid_payload`, `rate_limited`...) or a short description. Never holds the webhook URL. */
      error: string;
      /**
       * No answer came after the request was sent (a timeout, a connection reset): Slack may have
       * posted the message. A retry may repeat it, so it waits longer than after a refusal.
       */
      unknownOutcome?: true;
    };

/**
 * What the core needs from Slack: post a message and say what happened, as a value. The webhook
 * adapter and the terminal printer (local runs) implement it; a handler gives the core the one its
 * middleware resolved for the invocation.
 */
export interface SlackPort {
  /** Short name for logs and progress output: `webhook` or `terminal`. Never the URL. */
  readonly kind: 'webhook' | 'terminal';
  post(message: SlackMessage): Promise<SlackPostResult>;
}
