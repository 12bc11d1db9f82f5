import type middy from '@middy/core';
import type { SluiceConfig } from '../../config';

/** Key on the Lambda `context` where {@link slackWebhookMiddleware} puts the resolved webhook URL. */
export const SLACK_WEBHOOK_CONTEXT_KEY = 'slackWebhookUrl';

/**
 * Middy middleware that resolves the webhook URL for a Lambda handler: from SSM (`@middy/ssm`,
 * decrypted, cached per container) when `webhookParameter` is set, else the direct URL. The handler
 * reads `context.slackWebhookUrl` (`undefined` when Slack is not configured).
 *
 * @example
 * export const handler = middy(core).use(slackWebhookMiddleware(config.slack));
 */
export function slackWebhookMiddleware(
  slack: SluiceConfig['slack'],
  options: { cacheExpiryMs?: number } = {},
): middy.MiddlewareObj {
  void slack;
  void options;
  throw new Error('slackWebhookMiddleware: not implemented yet');
}
