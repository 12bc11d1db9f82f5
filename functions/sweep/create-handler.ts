import { storeOf } from '../../shared/adapters/dynamodb/store-of';
import { invocationSlack, type SlackOptions } from '../../shared/adapters/slack/invocation-slack';
import { alertLinks } from '../../shared/alerts/alert-links';
import type { SluiceConfig } from '../../shared/config';
import { type HandlerOptions, lambdaHandler } from '../../shared/lambda/function-handler';
import { DEFAULT_LEASE_MS, type OutboxDeps, type OutboxSettings } from '../../shared/rules/outbox';
import type { DetectStore } from '../../shared/rules/store';
import { type SweepReport, sweep } from './sweep';

export interface SweepHandlerOptions extends HandlerOptions {
  readonly slack?: SlackOptions;
  /** The whole store (a test's); default DynamoDB on `config.dynamodb.table`. */
  readonly store?: DetectStore;
  readonly settings?: Partial<OutboxSettings>;
  readonly now?: () => number;
  /** Hears every sweep's report (local tools). */
  readonly onSweep?: (report: SweepReport) => void;
}

/**
 * The sweeper's Lambda handler (EventBridge schedule, every minute): delivers the alerts of the
 * outbox that are due, folds what is over the Slack budget into digests, and posts resolved notices.
 * It needs the table and Slack, never the rules: a broken rules file cannot stop alert delivery.
 *
 * @example
 * const handler = createSweepHandler(loadConfig());
 * const report = await handler(scheduledEvent, context);
 */
export function createSweepHandler(config: SluiceConfig, options: SweepHandlerOptions = {}) {
  const slack = invocationSlack(config, options.slack);
  const now = options.now ?? Date.now;
  return lambdaHandler(
    {
      name: 'sweep',
      deps: () => ({
        storeFor: storeOf(config, options.store),
        links: alertLinks({
          bucket: config.s3.bucket,
          region: config.region,
          dashboardsUrl: config.dashboardsUrl,
        }),
        settings: {
          budgetPerMinute: config.slack.budgetPerMinute,
          leaseMs: DEFAULT_LEASE_MS,
          ...options.settings,
        },
      }),
      use: [slack.middleware],
      inputs: (context, invocation) => ({ slack: slack.router(context, invocation.signal) }),
      async run(_event: unknown, container, invocation, { log, metrics }): Promise<SweepReport> {
        const deps: OutboxDeps = {
          store: container.storeFor(invocation.signal),
          links: container.links,
          settings: container.settings,
        };
        const report = await sweep(deps, invocation.slack, now);
        log.info('sweep done', { ...report });
        // The oldest-pending-alert alarm in infra/alarms.yml watches this metric.
        metrics(
          {
            alertsDelivered: report.delivered + report.digested,
            oldestPendingAlertAgeSeconds: report.oldestPendingAgeSeconds,
          },
          invocation.functionName,
        );
        options.onSweep?.(report);
        return report;
      },
    },
    options,
  );
}
