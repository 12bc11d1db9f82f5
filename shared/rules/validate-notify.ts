import { describe } from './durations';
import type { RuleCheck } from './rule-check';
import { nearest } from './suggest';

/** A destination's name: the suffix of its webhook's variable (`payments` → `SLACK_WEBHOOK_URL_PAYMENTS`). */
const DESTINATION = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
/** A URL, or an SSM parameter name: where a webhook is, which belongs in the environment, not in rules. */
const looksLikeUrl = /^[a-z][a-z0-9+.-]*:\/\/|^ssm:|^\/|hooks\.slack/i;

/**
 * The Slack destination of a rule's `notify` (`notify: { slack: payments }`); undefined for none
 * (the default webhook) or when it has a problem (reported). A URL is refused without echoing it: a
 * webhook URL is a secret and rules files are committed; its place is `SLACK_WEBHOOK_URL_<NAME>`.
 *
 * @example
 * checkNotify(check); // 'payments' for notify: { slack: payments }
 */
export function checkNotify(check: RuleCheck): string | undefined {
  const raw = check.fields.notify;
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    check.problem('notify', `expected a map such as { slack: payments }, got ${describeSafely(raw)}`);
    return undefined;
  }
  for (const key of Object.keys(raw)) {
    if (key === 'slack') continue;
    const hint = nearest(key, ['slack']) ? 'did you mean "slack"?' : 'only "slack" is known';
    check.report.key(
      [...check.path, 'notify', key],
      check.label,
      `notify.${key}`,
      `notify: "${key}" is not known; ${hint}`,
    );
  }
  const slack = (raw as { slack?: unknown }).slack;
  const at = [...check.path, 'notify', 'slack'];
  const fail = (message: string) =>
    check.report.value(at, check.label, 'notify.slack', `notify.slack: ${message}`);
  if (slack === undefined) {
    check.report.general(
      [...check.path, 'notify'],
      check.label,
      'notify.slack: missing; name a destination, e.g. { slack: payments }',
    );
    return undefined;
  }
  if (typeof slack === 'string' && looksLikeUrl.test(slack.trim())) {
    fail(
      'a webhook (URL or SSM parameter) does not belong in a rules file: rules files are committed and a webhook URL is a secret; ' +
        'name a destination, e.g. payments, and set its webhook in the environment as SLACK_WEBHOOK_URL_PAYMENTS',
    );
    return undefined;
  }
  if (typeof slack !== 'string' || !DESTINATION.test(slack)) {
    fail(
      `${describeSafely(slack)} is not a destination name; use letters, digits, - and _ (up to 40), e.g. payments`,
    );
    return undefined;
  }
  return slack;
}

/** How a value is named in a problem, cut short: a malformed secret must not be echoed whole. */
function describeSafely(value: unknown): string {
  const text = describe(value);
  return text.length > 48 ? `${text.slice(0, 20)}…` : text;
}
