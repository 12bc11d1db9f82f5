import type { AlertLinks, ResolvedNotice, SlackMessage } from './types';

/**
 * Formats a "resolved" notice: a (rule, group) that fired stayed under its threshold for a full window.
 *
 * @example
 * await slack.post(formatResolved(notice, { dashboardsUrl }));
 */
export function formatResolved(notice: ResolvedNotice, links: AlertLinks = {}): SlackMessage {
  void notice;
  void links;
  throw new Error('formatResolved: not implemented yet');
}
