import type { SlackMessage } from '../../alerts/types';

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
    };

/** Anything that can deliver a Slack message: the webhook, or the terminal printer for local runs. */
export interface SlackSender {
  /** Short name for logs and progress output: `webhook` or `terminal`. Never the URL. */
  readonly kind: 'webhook' | 'terminal';
  post(message: SlackMessage): Promise<SlackPostResult>;
}
