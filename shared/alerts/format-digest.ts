import type { Alert, AlertLinks, SlackMessage } from './types';

/**
 * Folds many alerts into one message (used above the Slack budget). Alerts that do not fit within 50
 * blocks are counted in a final "and N more" line, never dropped silently.
 *
 * @example
 * await slack.post(formatDigest(overBudget, { dashboardsUrl }));
 */
export function formatDigest(alerts: readonly Alert[], links: AlertLinks = {}): SlackMessage {
  void alerts;
  void links;
  throw new Error('formatDigest: not implemented yet');
}
