import type { Alert, AlertLinks, SlackMessage } from './types';

/**
 * Formats an alert as a Block Kit message with a plain `text` fallback. All log-derived text is
 * escaped and every field stays within {@link SlackLimits}.
 *
 * @example
 * const message = formatAlert(alert, { dashboardsUrl: config.dashboardsUrl });
 * await slack.post(message);
 */
export function formatAlert(alert: Alert, links: AlertLinks = {}): SlackMessage {
  void alert;
  void links;
  throw new Error('formatAlert: not implemented yet');
}
