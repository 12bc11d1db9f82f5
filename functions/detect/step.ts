import type { SlackSender } from '../../shared/adapters/slack/types';
import type { SluiceConfig } from '../../shared/config';
import type { KafkaStep, StepContext } from '../../shared/lambda/kafka-handler';
import { once } from '../../shared/lambda/once';
import type { RuleSet } from '../../shared/rules/types';
import { buildDetectDeps, type DetectOverrides } from './deps';
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

export interface DetectStepOptions {
  readonly rules?: RuleSet;
  readonly overrides?: DetectOverrides;
  /** The Slack sender for this invocation (in Lambda: the URL the Slack middleware resolved). */
  readonly slackFor?: (context: StepContext) => SlackSender | undefined;
  readonly now?: () => number;
}

/**
 * The detect function's step: count the batch into the rule windows, claim and post the alerts it
 * trips. Dependencies are built on first use and kept.
 */
export function detectStep(
  config: SluiceConfig,
  options: DetectStepOptions = {},
): KafkaStep<DetectStepReport> {
  const deps = once(() => buildDetectDeps(config, options.rules, options.overrides));
  return {
    name: 'detect',
    async run(read, context) {
      const base = await deps();
      const slack = options.slackFor?.(context);
      const report = await detectBatch(read, slack ? { ...base, slack } : base, options.now);
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
  };
}
