export { classifyResponse, DEFAULT_RETRY_AFTER_MS, parseRetryAfter } from './classify';
export { createSlackSender } from './create-sender';
export { isTransientStatus, SlackWebhookError } from './errors';
export type { SlackContext, SlackMiddlewareOptions } from './middleware';
export {
  forgetWebhookUrl,
  SLACK_WEBHOOK_CONTEXT_KEY,
  slackWebhookMiddleware,
  webhookUrlFrom,
} from './middleware';
export { renderText } from './render-text';
export type { ResolveWebhookOptions, SsmLike } from './resolve-webhook';
export { assertWebhookUrl, resolveWebhookUrl, WEBHOOK_CACHE_MS } from './resolve-webhook';
export type { TextSink } from './terminal';
export { TerminalSlack } from './terminal';
export type { SlackPostResult, SlackSender } from './types';
export type { FetchLike, SlackWebhookOptions } from './webhook';
export { SlackWebhook } from './webhook';
