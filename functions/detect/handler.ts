import { slackWebhookMiddleware, webhookUrlFrom } from '../../shared/adapters/slack/middleware';
import { slackSenderCache } from '../../shared/adapters/slack/sender-cache';
import { loadConfig } from '../../shared/config';
import { kafkaHandler } from '../../shared/lambda/kafka-handler';
import { detectStep } from './step';

const config = loadConfig();
const senders = slackSenderCache();

/** Lambda entry point: MSK event source mapping, consumer group sluice-detect. */
export const handler = kafkaHandler(
  config,
  detectStep(config, {
    // The webhook comes from the Slack middleware (SSM, cached), so the build itself needs no lookup.
    overrides: { slack: senders.forUrl(undefined) },
    slackFor: (context) => (context.lambda ? senders.forUrl(webhookUrlFrom(context.lambda)) : undefined),
  }),
).use(slackWebhookMiddleware(config.slack, { awsClientOptions: { region: config.region } }));
