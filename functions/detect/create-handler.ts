import { invocationSlack, type SlackOptions } from '../../shared/adapters/slack/invocation-slack';
import type { SluiceConfig } from '../../shared/config';
import { BatchOrigin } from '../../shared/kafka/types';
import { type KafkaHandlerOptions, kafkaHandler } from '../../shared/lambda/kafka-function';
import { buildDetectContainer, type DetectOverrides, detectDepsFor } from './deps';
import { detectBatch } from './detect-batch';
import type { FiredAlert } from './types';

/** The detect function's figures for one batch. */
export interface DetectStepReport {
  readonly windowWrites: number;
  /** See `DetectReport.uncounted`. */
  readonly uncounted: number;
  readonly alertsFired: number;
  readonly alerts: readonly FiredAlert[];
}

export interface DetectHandlerOptions extends KafkaHandlerOptions<DetectStepReport>, DetectOverrides {
  readonly slack?: SlackOptions;
  /** Kept on every alert this handler claims: a `sluice replay` run's id, to list only its own. */
  readonly claimedBy?: string;
}

/** Time kept, after a post, to record it sent before the deadline. */
const RECORD_MS = 2000;

/**
 * The detect function's Lambda handler (MSK event source mapping, consumer group sluice-detect):
 * count the batch into the rule windows, claim the alerts it trips and post them to the Slack webhook
 * the middleware resolved for this invocation.
 *
 * @example
 * const handler = createDetectHandler(loadConfig());
 * await handler(mskEvent, context);
 */
export function createDetectHandler(config: SluiceConfig, options: DetectHandlerOptions = {}) {
  const slack = invocationSlack(config, options.slack);
  const now = options.now ?? Date.now;
  return kafkaHandler(
    {
      name: 'detect',
      config,
      deps: () => buildDetectContainer(config, options),
      use: [slack.middleware],
      inputs: (context, invocation) => ({ slack: slack.router(context, invocation.signal) }),
      async run(read, container, invocation) {
        const deps = detectDepsFor(container, invocation.signal);
        // Records out of the dead-letter area are counted once by their offsets (docs/detect.md).
        const report = await detectBatch(read, deps, invocation.slack, now, {
          redriven: read.origin === BatchOrigin.redrive,
          // A post may take the Slack timeout; its record, a DynamoDB write, a moment more.
          deadline: { remainingMs: invocation.remainingMs, postMs: config.slack.timeoutMs + RECORD_MS },
          ...(options.claimedBy === undefined ? {} : { claimedBy: options.claimedBy }),
        });
        return {
          report: {
            windowWrites: report.windowWrites,
            uncounted: report.uncounted,
            alertsFired: report.alerts.length,
            alerts: report.alerts,
          },
          metrics: { windowWrites: report.windowWrites, alertsFired: report.alerts.length },
        };
      },
    },
    options,
  );
}
