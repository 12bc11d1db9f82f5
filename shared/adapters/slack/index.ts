export { createSlackSender } from './create-sender';
export { SLACK_WEBHOOK_CONTEXT_KEY, slackWebhookMiddleware } from './middleware';
export { resolveWebhookUrl } from './resolve-webhook';
export type { TextSink } from './terminal';
export { TerminalSlack } from './terminal';
export type { SlackPostResult, SlackSender } from './types';
export type { FetchLike, SlackWebhookOptions } from './webhook';
export { SlackWebhook } from './webhook';
