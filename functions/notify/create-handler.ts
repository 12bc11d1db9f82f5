import { invocationSlack, type SlackOptions } from '../../shared/adapters/slack/invocation-slack';
import type { SluiceConfig } from '../../shared/config';
import { type HandlerOptions, lambdaHandler } from '../../shared/lambda/function-handler';
import { type NotifyResult, notify } from './notify';

export interface NotifyHandlerOptions extends HandlerOptions {
  readonly slack?: SlackOptions;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * The notify function's Lambda handler (EventBridge alarm rule, SNS alarm topic or Lambda alarm
 * action): formats each alarm state change of the pipeline and posts it to the Slack webhook the
 * middleware resolved for this invocation.
 *
 * @example
 * const handler = createNotifyHandler(loadConfig());
 * await handler(alarmEvent, context);
 */
export function createNotifyHandler(config: SluiceConfig, options: NotifyHandlerOptions = {}) {
  // Alarms go to the default webhook: notify resolves no routed destination (and may read none).
  const slack = invocationSlack({ ...config, slack: { ...config.slack, destinations: {} } }, options.slack);
  return lambdaHandler(
    {
      name: 'notify',
      deps: () => ({ region: config.region }),
      use: [slack.middleware],
      inputs: (context, invocation) => ({ slack: slack.port(context, invocation.signal) }),
      run: (event: unknown, { region }, invocation, { log }): Promise<NotifyResult> =>
        notify(event, invocation.slack, { region, log, ...(options.sleep ? { sleep: options.sleep } : {}) }),
    },
    options,
  );
}
