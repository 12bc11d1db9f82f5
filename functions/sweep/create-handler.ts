import { storeOf } from '../../shared/adapters/dynamodb/store-of';
import { invocationSlack, type SlackOptions } from '../../shared/adapters/slack/invocation-slack';
import { alertLinks } from '../../shared/alerts/alert-links';
import type { SluiceConfig } from '../../shared/config';
import { type HandlerOptions, lambdaHandler } from '../../shared/lambda/function-handler';
import { DEFAULT_LEASE_MS, type OutboxDeps, type OutboxSettings } from '../../shared/rules/outbox';
import type { DetectStore } from '../../shared/rules/store';
import { inputEnded, sweepRules } from './closing-rules';
import { type ClosingOptions, DEFAULT_CLOSING_OPTIONS, evaluateClosed } from './evaluate-closed';
import { type SweepReport, sweep } from './sweep';

export interface SweepHandlerOptions extends HandlerOptions {
  readonly slack?: SlackOptions;
  /** The whole store (a test's); default DynamoDB on `config.dynamodb.table`. */
  readonly store?: DetectStore;
  readonly settings?: Partial<OutboxSettings>;
  /** How closed windows are evaluated (tests); defaults in `DEFAULT_CLOSING_OPTIONS`. */
  readonly closing?: Partial<Omit<ClosingOptions, 'now' | 'inputEnded'>>;
  readonly now?: () => number;
  /** Kept on every alert the closed-window step claims (`sluice replay` names its run). */
  readonly claimedBy?: string;
  /** Hears every sweep's report (local tools). */
  readonly onSweep?: (report: SweepReport) => void;
}

/**
 * The sweeper's Lambda handler (EventBridge schedule, every minute): delivers the alerts of the
 * outbox that are due, folds what is over the Slack budget into digests, and posts resolved notices;
 * first it decides the flatline and ratio rules' closed windows. A broken rules file stops only that
 * step (logged each sweep), never alert delivery.
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
        rules: sweepRules(config),
      }),
      use: [slack.middleware],
      inputs: (context, invocation) => ({ slack: slack.router(context, invocation.signal) }),
      async run(event: unknown, container, invocation, { log, metrics }): Promise<SweepReport> {
        const deps: OutboxDeps = {
          store: container.storeFor(invocation.signal),
          links: container.links,
          settings: container.settings,
        };
        const { rules } = container;
        if (!rules.ok)
          log.error('rules file has problems: closed windows not evaluated; alerts are still delivered', {
            error: rules.error,
          });
        const evaluate =
          rules.ok && rules.rules.length > 0
            ? (at: number) =>
                evaluateClosed(deps, rules.rules, {
                  ...DEFAULT_CLOSING_OPTIONS,
                  ...options.closing,
                  ...(options.claimedBy === undefined ? {} : { claimedBy: options.claimedBy }),
                  now: at,
                  inputEnded: inputEnded(event),
                  // The end of a replay evaluates all of its data, not just the latest windows.
                  ...(inputEnded(event)
                    ? { backfillWindows: Number.POSITIVE_INFINITY, windowsPerSweep: Number.POSITIVE_INFINITY }
                    : {}),
                }).catch((error: unknown) => {
                  // Delivery goes on; the cursors did not move, so the next sweep decides these windows.
                  log.error('closed windows not evaluated this sweep; the next sweep tries again', { error });
                  return undefined;
                })
            : undefined;
        const report = await sweep(deps, invocation.slack, now, evaluate);
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
