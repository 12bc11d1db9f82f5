import type { SlackPostResult } from '../../alerts/slack-port';
import { isTransientStatus } from './errors';

/** Used when a 429 carries no usable `Retry-After`: Slack allows about one message a second. */
export const DEFAULT_RETRY_AFTER_MS = 1000;

/** `Retry-After` as seconds or an HTTP date, in ms from `now`; `undefined` when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The error string to report for a body: Slack's own one-word code when the body is one
 * (`invalid_payload`, `channel_not_found`...), else `http_<status>` (an HTML error page, a JSON body).
 */
export function errorCode(status: number, body: string): string {
  const text = body.trim();
  if (/^[a-z][a-z0-9_]{1,63}$/.test(text)) return text;
  if (status === 429) return 'rate_limited';
  return `http_${status}`;
}

/**
 * Classifies a webhook answer (pure): 200 is ok; 429 is transient with its `Retry-After`; 408 and
 * 5xx are transient; any other status (4xx, an unexpected redirect) is permanent.
 *
 * @example
 * classifyResponse(429, '', '3'); // { ok: false, permanent: false, retryAfterMs: 3000, status: 429, error: 'rate_limited' }
 */
export function classifyResponse(status: number, body: string, retryAfter: string | null): SlackPostResult {
  if (status >= 200 && status < 300) return { ok: true };
  const error = errorCode(status, body);
  if (status === 429) {
    return {
      ok: false,
      permanent: false,
      status,
      error,
      retryAfterMs: parseRetryAfter(retryAfter) ?? DEFAULT_RETRY_AFTER_MS,
    };
  }
  return { ok: false, permanent: !isTransientStatus(status), status, error };
}

/** Failures where the request never reached Slack: it cannot have posted anything. */
const neverSent = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * A failure with no response, always transient, status 0. A refused connection or an unknown host
 * never reached Slack; a timeout or a connection dropped mid-request may have been posted
 * (`unknownOutcome`).
 *
 * @example
 * networkFailure(new Error('aborted'), true); // { ok: false, ..., error: 'timeout', unknownOutcome: true }
 */
export function networkFailure(error: unknown, timedOut: boolean): SlackPostResult {
  if (timedOut) return { ok: false, permanent: false, status: 0, error: 'timeout', unknownOutcome: true };
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const own = (error as { code?: unknown } | undefined)?.code;
  const name = code ?? (typeof own === 'string' ? own : undefined);
  const failure = {
    ok: false as const,
    permanent: false,
    status: 0,
    error: name ? `network_error: ${name}` : 'network_error',
  };
  return name !== undefined && neverSent.has(name) ? failure : { ...failure, unknownOutcome: true };
}
