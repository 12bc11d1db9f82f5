import type { KnownBlock } from '@slack/types';
import { context, header, section } from './blocks';
import { escapeSlack, truncateEscaped } from './escape';
import { alertSummary } from './format-alert';
import { SlackLimits } from './limits';
import { discoverUrl } from './links';
import { codeBlock } from './text';
import type { Alert, AlertLinks, SlackMessage } from './types';

/** Alerts one digest message names at most: with the header, the "more" line and the footer, 48 blocks. */
export const DIGEST_ENTRIES = 45;
/**
 * Characters of block text one digest message holds at most. Slack documents no total, but
 * `chat.postMessage` is reported to refuse blocks past about 12,000 to 13,000 characters in all: a
 * digest stays well under it.
 */
export const DIGEST_TEXT = 9000;
/** Kept for the header, the "more" line and the footer out of {@link DIGEST_TEXT}. */
const FRAME_TEXT = 1500;
const FOOTER_TEXT = 500;
/** A rich entry (a burst that fits one message): its Discover link only when the URL is this short. */
const MAX_LINK_URL = 1500;

/** Where a digest message stands among the messages of one sweep (a burst takes several). */
export interface DigestPage {
  /** 1-based. */
  readonly page: number;
  readonly pages: number;
  /** Alerts on all the pages. */
  readonly total: number;
  /** Alerts still waiting after this sweep's digests: the next sweeps' digests name them. */
  readonly later: number;
  /** The sweep read only its first page of due alerts: more than `later` may wait. */
  readonly beyond?: boolean;
}

/** A Slack mrkdwn link. The URL is percent-encoded, so escaping `&` is all it needs. */
function link(url: string, label: string): string {
  return `<${url.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C')}|${label}>`;
}

/** An entry with the alert's Discover link and its first sample (a small digest). */
function richEntry(alert: Alert, links: AlertLinks): string {
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
  return truncateEscaped(parts.join('\n'), SlackLimits.sectionText);
}

/** An entry naming the alert, its count and window: a burst too big for one message. */
const compactEntry = (alert: Alert): string => `:rotating_light: ${alertSummary(alert)}`;

/** How many of `entries`, from the first, fit one message. */
function fitting(entries: readonly string[]): number {
  let text = FRAME_TEXT;
  let count = 0;
  for (const entry of entries) {
    if (count === DIGEST_ENTRIES || text + entry.length > DIGEST_TEXT) break;
    text += entry.length;
    count += 1;
  }
  return count;
}

/** The entries of `alerts`: rich when they all fit one message so, else compact. */
function entriesOf(alerts: readonly Alert[], links: AlertLinks): { entries: string[]; rich: boolean } {
  if (alerts.length <= DIGEST_ENTRIES) {
    const rich = alerts.map((alert) => richEntry(alert, links));
    if (fitting(rich) === alerts.length) return { entries: rich, rich: true };
  }
  return { entries: alerts.map(compactEntry), rich: false };
}

/**
 * The alerts over the Slack budget, cut into digest messages that each stay within Slack's limits
 * (at most {@link DIGEST_ENTRIES} alerts and {@link DIGEST_TEXT} characters): every alert is named in
 * exactly one of them. A burst that fits one message keeps each alert's Discover link and first
 * sample; a bigger one names each alert on one line (rule, group, count, window).
 *
 * @example
 * const pages = digestPages(overBudget, links); // [[45 alerts], [45 alerts], [12 alerts]]
 */
export function digestPages(alerts: readonly Alert[], links: AlertLinks = {}): Alert[][] {
  const { entries } = entriesOf(alerts, links);
  const pages: Alert[][] = [];
  for (let start = 0; start < alerts.length; ) {
    const count = Math.max(1, fitting(entries.slice(start, start + DIGEST_ENTRIES)));
    pages.push(alerts.slice(start, start + count));
    start += count;
  }
  return pages;
}

/**
 * Folds alerts into one digest message (above the Slack budget): one section per alert with its
 * count and window (and, for a burst that fits one message, a Discover link and its first sample).
 * `page` says where it stands among a sweep's digests and how many alerts the next sweeps will name.
 * Given more alerts than one message holds (see {@link digestPages}), the ones left over are counted
 * and named in one line, never dropped silently.
 *
 * @example
 * for (const [i, page] of pages.entries()) await slack.post(formatDigest(page, links, { page: i + 1, pages: pages.length, total, later }));
 */
export function formatDigest(
  alerts: readonly Alert[],
  links: AlertLinks = {},
  page?: DigestPage,
): SlackMessage {
  const { entries } = entriesOf(alerts, links);
  const shown = fitting(entries);
  const rest = alerts.slice(shown);
  const many = (n: number) => `${n} alert${n === 1 ? '' : 's'}`;
  const title =
    page === undefined || page.pages === 1
      ? `:rotating_light: ${many(alerts.length)} (digest: over the Slack budget)`
      : `:rotating_light: ${many(alerts.length)} of ${page.total} (digest ${page.page} of ${page.pages}: over the Slack budget)`;
  const blocks: KnownBlock[] = [header(title)];
  for (const entry of entries.slice(0, shown)) blocks.push(section(entry));
  if (rest.length > 0) {
    const names = rest.map((alert) => `${escapeSlack(alert.rule)}: ${escapeSlack(alert.group)}`).join(', ');
    blocks.push(section(truncateEscaped(`…and ${rest.length} more: ${names}`, 1000)));
  }
  const rules = [...new Set(alerts.map((alert) => alert.rule))];
  const footer = [`Rules: ${truncateEscaped(rules.map(escapeSlack).join(', '), FOOTER_TEXT)}`];
  if (page !== undefined && (page.later > 0 || page.beyond === true)) {
    const next = 'the next digests name them, within the Slack budget of each minute';
    const beyond = 'this sweep read its first page of due alerts only';
    footer.push(
      page.beyond !== true
        ? `${many(page.later)} more pending: ${next}`
        : page.later > 0
          ? `At least ${many(page.later)} more pending (${beyond}): ${next}`
          : `More alerts pending (${beyond}): ${next}`,
    );
  }
  blocks.push(context(footer));
  const lines = [title, ...alerts.map((alert) => `• ${alertSummary(alert)}`)];
  return { text: truncateEscaped(lines.join('\n'), SlackLimits.fallbackText), blocks };
}
