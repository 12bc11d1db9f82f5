/**
 * Redaction of secrets in anything sluice prints: log fields, error chains, metrics properties. The
 * logger applies it to every line (shared/lambda/logger.ts); SECURITY.md lists what it covers.
 */

/** What replaces a secret. */
export const REDACTED = '[redacted]';

// Keys compared lower-case with `-`, `_` and `.` removed.
const secretKeys = new Set([
  'webhook',
  'webhookurl',
  'slackwebhookurl',
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'token',
  'accesstoken',
  'refreshtoken',
  'sessiontoken',
  'xamzsecuritytoken',
  'apikey',
  'xapikey',
  'passwd',
  'secretaccesskey',
]);
const secretKeyParts = ['secret', 'password'];
// Slack incoming-webhook and workflow URLs carry their credential in the path.
const slackHookPattern =
  /(?:https?:\/\/)?hooks\.slack(?:-gov)?\.com\/(?:services|workflows|triggers)\/[^\s"'<>]*/gi;
const maxDepth = 8;

/** True when a field of this name must never be printed. */
export function isSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_.]/g, '');
  return secretKeys.has(normalized) || secretKeyParts.some((part) => normalized.includes(part));
}

/** `text` with every Slack webhook URL replaced by `[redacted]`. */
export function redactText(text: string): string {
  return text.replace(slackHookPattern, REDACTED);
}

/**
 * A copy of `value` safe to print: values of secret keys and Slack webhook URLs anywhere in strings are
 * replaced, errors become `{name, message, stack, cause}`, cycles and very deep nesting are cut.
 *
 * @example
 * redact({ webhookUrl: 'https://hooks.slack.com/services/T/B/x', n: 1 }); // { webhookUrl: '[redacted]', n: 1 }
 */
export function redact(value: unknown): unknown {
  return redactValue(value, 0, new WeakSet());
}

function redactValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= maxDepth) return '[truncated]';
  seen.add(value);
  try {
    if (value instanceof Error) return redactError(value, depth, seen);
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
    if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1, seen));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] =
        isSecretKey(key) && item !== undefined && item !== null
          ? REDACTED
          : redactValue(item, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

function redactError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: redactText(error.message) };
  if (error.stack !== undefined) out.stack = redactText(error.stack);
  if (error.cause !== undefined) out.cause = redactValue(error.cause, depth + 1, seen);
  for (const [key, item] of Object.entries(error)) {
    if (key in out) continue;
    out[key] = isSecretKey(key) ? REDACTED : redactValue(item, depth + 1, seen);
  }
  return out;
}
