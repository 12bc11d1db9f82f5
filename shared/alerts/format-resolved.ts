import type { KnownBlock } from '@slack/types';
import { context, fields, header } from './blocks';
import { resolvedSentence } from './closing-text';
import { escapeSlack, truncateEscaped } from './escape';
import { linkParts } from './format-alert';
import { SlackLimits } from './limits';
import { codeSpan, utc, windowText } from './text';
import type { AlertLinks, ResolvedNotice, SlackMessage } from './types';

/**
 * Formats a "resolved" notice: a (rule, group) that fired stayed at or under its threshold for a full
 * window. The Discover link spans from the window that fired (when known) to the end of the quiet one.
 *
 * @example
 * await slack.post(formatResolved(notice, { dashboardsUrl }));
 */
export function formatResolved(notice: ResolvedNotice, links: AlertLinks = {}): SlackMessage {
  const quiet = windowText(notice.windowStart, notice.windowEnd);
  const facts = [
    `*Rule*\n${escapeSlack(notice.rule)}`,
    `*Group* (${escapeSlack(notice.groupBy)})\n${codeSpan(notice.group, 1000)}`,
    `*${notice.type ? 'What' : 'Count'}*\n${resolvedSentence(notice) ?? `*${notice.count}* (threshold ${notice.threshold})`}`,
    `*Quiet window*\n${quiet}`,
  ];
  if (notice.firedWindowStart)
    facts.push(`*Last fired*\nwindow starting ${utc(notice.firedWindowStart)} UTC`);
  const link = linkParts(
    {
      groupBy: notice.groupBy,
      group: notice.group,
      from: notice.firedWindowStart ?? notice.windowStart,
      to: notice.windowEnd,
    },
    links,
  );
  const blocks: KnownBlock[] = [
    header(`:white_check_mark: Resolved: ${escapeSlack(notice.rule)}: ${escapeSlack(notice.group)}`),
    fields(facts),
    ...link.blocks,
  ];
  if (link.archiveLine) blocks.push(context([link.archiveLine]));
  const sentence = resolvedSentence(notice);
  const text = sentence
    ? `:white_check_mark: Resolved: ${escapeSlack(notice.rule)} · ${sentence}`
    : `:white_check_mark: Resolved: ${escapeSlack(notice.rule)} · ${escapeSlack(notice.groupBy)} ${codeSpan(notice.group, 200)}: ${notice.count} ≤ ${notice.threshold} for the full window ${quiet}`;
  return { text: truncateEscaped(text, SlackLimits.fallbackText), blocks };
}
