/**
 * Error strings Slack's incoming webhooks answer with (plain-text bodies), and whether a retry of the
 * same message could succeed. Sources: Slack's changelog of 2016-05-17 on webhook errors, Slack's
 * webhook docs, and the python-slack-sdk mock server (see docs/alerts.md for the table).
 */
export const SlackWebhookError = {
  /** 400: the body is not valid JSON or does not match the content type. */
  invalid_payload: 'permanent',
  /** 400: the blocks were rejected (too many, too long, malformed). */
  invalid_blocks: 'permanent',
  invalid_blocks_format: 'permanent',
  /** 400: neither `text` nor `blocks`. */
  no_text: 'permanent',
  user_not_found: 'permanent',
  too_many_attachments: 'permanent',
  no_service_id: 'permanent',
  /** 403: the workspace forbids posting here. */
  action_prohibited: 'permanent',
  posting_to_general_channel_denied: 'permanent',
  /** 403: the webhook was revoked. */
  invalid_token: 'permanent',
  /** 404: the channel is gone. */
  channel_not_found: 'permanent',
  /** 404: the webhook (service) no longer exists. */
  no_service: 'permanent',
  no_team: 'permanent',
  /** 410 */
  channel_is_archived: 'permanent',
  team_disabled: 'permanent',
  /** 429, with `Retry-After`. */
  rate_limited: 'transient',
  /** 500: Slack-side failure. */
  rollup_error: 'transient',
} as const;
export type SlackWebhookError = keyof typeof SlackWebhookError;

/** Whether an answer with this status can succeed on a later try. */
export function isTransientStatus(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}
