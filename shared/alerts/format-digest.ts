import type { KnownBlock } from '@slack/types';
import { context, header, section } from './blocks';
import { escapeSlack, truncateEscaped } from './escape';
import { alertSummary } from './format-alert';
import { SlackLimits } from './limits';
import { discoverUrl } from './links';
import { codeBlock } from './text';
import type { Alert, AlertLinks, SlackMessage } from './types';

/** Blocks kept for the header, the "and N more" line and the footer. */
const RESERVED_BLOCKS = 3;
/** Keeps each alert's section (summary ~500, link, sample 500) well under the 3000-character limit. */
const MAX_LINK_URL = 1500;

/** A Slack mrkdwn link. The URL is percent-encoded, so escaping `&` is all it needs. */
function link(url: string, label: string): string {
  return `<${url.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C')}|${label}>`;
}

function alertLine(alert: Alert, links: AlertLinks): string {
  const first = alert.samples[0];
  const parts = [`:rotating_light: ${alertSummary(alert)}`];
  if (links.dashboardsUrl) {
    const url = discoverUrl({
      dashboardsUrl: links.dashboardsUrl,
      indexPattern: links.indexPattern,
      groupBy: alert.groupBy,
      group: alert.group,
      from: alert.windowStart,
      to: alert.windowEnd,
    });
    // A group long enough to make the URL unwieldy gets no link rather than a cut one.
    if (url.length <= MAX_LINK_URL) parts[0] += ` · ${link(url, 'Discover')}`;
  }
  if (first) parts.push(codeBlock(first.message, 500));
  return parts.join('\n');
}

/**
 * Folds many alerts into one message (used above the Slack budget): one section per alert with its
 * count, window, a Discover link and its first sample. Alerts beyond what 50 blocks hold are listed
 * by name in an "and N more" line (truncated to Slack's limit) and always counted, never dropped
 * silently.
 *
 * @example
 * await slack.post(formatDigest(overBudget, { dashboardsUrl }));
 */
export function formatDigest(alerts: readonly Alert[], links: AlertLinks = {}): SlackMessage {
  const shown = alerts.slice(0, SlackLimits.blocks - RESERVED_BLOCKS);
  const rest = alerts.slice(shown.length);
  const title = `:rotating_light: ${alerts.length} alert${alerts.length === 1 ? '' : 's'} (digest: over the Slack budget)`;
  const blocks: KnownBlock[] = [header(title)];
  for (const alert of shown) blocks.push(section(alertLine(alert, links)));
  if (rest.length > 0) {
    const names = rest.map((alert) => `${escapeSlack(alert.rule)}: ${escapeSlack(alert.group)}`).join(', ');
    blocks.push(section(`…and ${rest.length} more: ${names}`));
  }
  const rules = [...new Set(alerts.map((alert) => alert.rule))];
  blocks.push(context([`Rules: ${rules.map(escapeSlack).join(', ')}`]));
  const lines = [title, ...alerts.map((alert) => `• ${alertSummary(alert)}`)];
  return { text: truncateEscaped(lines.join('\n'), SlackLimits.fallbackText), blocks };
}
