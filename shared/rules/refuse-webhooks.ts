import { type Document, isScalar, visit } from 'yaml';
import type { ProblemReport } from './report';

/** A Slack incoming-webhook URL (slack.com or Slack's GovSlack host). */
const webhookUrl = /hooks\.slack(-gov)?\.com\/(services|workflows|triggers)\//i;

/**
 * Reports every Slack webhook URL written anywhere in a rules file, without echoing it: a webhook URL
 * is a secret and rules files are committed. Its place is the environment (`SLACK_WEBHOOK_URL`, or
 * `SLACK_WEBHOOK_URL_<NAME>` for a destination a rule names with `notify: { slack: <name> }`).
 *
 * @example
 * refuseWebhookUrls(doc, report); // rules.yml:7: a Slack webhook URL does not belong in a rules file; ...
 */
export function refuseWebhookUrls(doc: Document, report: ProblemReport): void {
  visit(doc, {
    Scalar(_key, node) {
      const offset = node.range?.[0];
      if (!isScalar(node) || typeof node.value !== 'string' || offset === undefined) return;
      if (!webhookUrl.test(node.value)) return;
      report.atOffset(
        offset,
        'a Slack webhook URL does not belong in a rules file (rules files are committed, and the URL is a secret): ' +
          'remove it and revoke it in Slack; name a destination with notify: { slack: <name> } and set its ' +
          'webhook in SLACK_WEBHOOK_URL_<NAME>',
      );
    },
  });
}
