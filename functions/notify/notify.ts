import type { SlackPort, SlackPostResult } from '../../shared/alerts/slack-port';
import { TransientSinkError } from '../../shared/errors';
import { formatAlarmChange } from './format-alarm';
import { parseAlarmEvent, type SkippedInput } from './parse-alarm-event';

/** A 429 asking for at most this long is waited out once inside the invocation. */
const INLINE_RETRY_MAX_MS = 3000;

/** Where notify writes its structured lines (the function's logger; never given the webhook URL). */
export interface NotifyLog {
  info(message: string, fields: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields: Readonly<Record<string, unknown>>): void;
  error(message: string, fields: Readonly<Record<string, unknown>>): void;
}

export interface NotifyDeps {
  /** The function's region, for console links of alarms that do not name theirs. */
  readonly region: string;
  readonly log: NotifyLog;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** What one invocation did. */
export interface NotifyResult {
  alarms: number;
  posted: number;
  skipped: SkippedInput[];
  /** Permanent failures (bad payload, revoked webhook): logged, not retried. */
  failed: Array<{ alarmName: string; status: number; error: string }>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function postWithRetry(
  slack: SlackPort,
  message: Parameters<SlackPort['post']>[0],
  sleep: (ms: number) => Promise<void>,
): Promise<SlackPostResult> {
  const first = await slack.post(message);
  if (first.ok || first.permanent) return first;
  const wait = first.retryAfterMs ?? 0;
  if (wait > INLINE_RETRY_MAX_MS) return first;
  await sleep(wait);
  return slack.post(message);
}

/**
 * The notify function's core: reads the alarm state changes in `event` (EventBridge, SNS or Lambda
 * alarm action), formats each for Slack and posts it. Inputs that are not alarm changes are skipped
 * and logged. A permanent Slack failure is logged and counted; a transient one (5xx, timeout, 429
 * still limited after one short wait) throws `TransientSinkError` so Lambda's asynchronous retry
 * delivers it later (at least once: a retry may repeat messages already posted by this invocation).
 *
 * @example
 * const result = await notify(event, invocation.slack, { region: 'eu-west-1', log });
 */
export async function notify(event: unknown, slack: SlackPort, deps: NotifyDeps): Promise<NotifyResult> {
  const { log } = deps;
  const sleep = deps.sleep ?? defaultSleep;
  const { changes, skipped } = parseAlarmEvent(event);
  for (const skip of skipped) log.warn('notify skipped input', { ...skip });

  const result: NotifyResult = { alarms: changes.length, posted: 0, skipped, failed: [] };
  const transient: string[] = [];
  for (const change of changes) {
    const outcome = await postWithRetry(
      slack,
      formatAlarmChange(change, { defaultRegion: deps.region }),
      sleep,
    );
    const entry = {
      alarmName: change.alarmName,
      newState: change.newState,
      oldState: change.oldState,
      slack: slack.kind,
    };
    if (outcome.ok) {
      result.posted += 1;
      log.info('alarm posted', entry);
    } else if (outcome.permanent) {
      result.failed.push({ alarmName: change.alarmName, status: outcome.status, error: outcome.error });
      log.error('alarm not postable', { ...entry, status: outcome.status, error: outcome.error });
    } else {
      transient.push(`${change.alarmName}: ${outcome.error}`);
      log.warn('alarm post failed, will retry', { ...entry, status: outcome.status, error: outcome.error });
    }
  }
  if (transient.length > 0) {
    throw new TransientSinkError(
      `Slack did not take ${transient.length} alarm message(s): ${transient.join('; ')}`,
    );
  }
  return result;
}
