import type { ActionsBlock, KnownBlock } from '@slack/types';
import { type Button, buttons, context, fields, header, section } from './blocks';
import { closingSentence } from './closing-text';
import { escapeAndTruncate, escapeSlack, truncateEscaped } from './escape';
import { SlackLimits } from './limits';
import { discoverUrl, s3ConsoleUrl } from './links';
import { kubernetesText, sampleText, sourceText } from './sample';
import { codeSpan, oneLine, windowText } from './text';
import type { Alert, AlertLinks, SlackMessage } from './types';

/** Link buttons and the archive line shared by alerts and resolved notices. */
export function linkParts(
  target: { groupBy: string; group: string; from: string; to: string },
  links: AlertLinks,
): { blocks: ActionsBlock[]; archiveLine?: string } {
  const list: Button[] = [];
  if (links.dashboardsUrl) {
    list.push({
      text: 'Open in Discover',
      url: discoverUrl({ dashboardsUrl: links.dashboardsUrl, indexPattern: links.indexPattern, ...target }),
    });
  }
  const consoleUrl = links.archiveUri ? s3ConsoleUrl(links.archiveUri, links.region) : undefined;
  if (consoleUrl) list.push({ text: 'Archive in S3', url: consoleUrl });
  const archiveLine = links.archiveUri ? `Archive: ${codeSpan(links.archiveUri, 1000)}` : undefined;
  return { blocks: buttons(list), ...(archiveLine ? { archiveLine } : {}) };
}

/** The count in bold with its threshold: `*31* (threshold 25)`. */
export function countText(count: number, threshold: number): string {
  return `*${count}* (threshold ${threshold})`;
}

/** One-line summary of an alert, escaped; used by the fallback text and the digest. */
export function alertSummary(alert: Alert): string {
  const rule = escapeAndTruncate(alert.rule, 100);
  const groupBy = escapeAndTruncate(alert.groupBy, 100);
  const sentence = closingSentence(alert);
  if (sentence) return `${rule} · ${sentence}`;
  const count = alert.newError ? `new error, ${alert.count} in` : `${alert.count} &gt; ${alert.threshold} in`;
  return `${rule} · ${groupBy} ${codeSpan(alert.group, 200)}: ${count} ${windowText(alert.windowStart, alert.windowEnd)}`;
}

function fallbackText(alert: Alert, samples: Alert['samples']): string {
  const lines = [`:rotating_light: ${alertSummary(alert)}`];
  for (const sample of samples) {
    const source = sample.pathname ? `${sourceText(sample)} ` : '';
    lines.push(`• ${source}${oneLine(sample.message, 300)}`);
  }
  return truncateEscaped(lines.join('\n'), SlackLimits.fallbackText);
}

/**
 * Formats an alert as a Block Kit message with a plain `text` fallback: a header naming the rule and
 * group; the count against the threshold, the UTC window, services and Kubernetes context; up to 5
 * sample lines with pathname:lineno; buttons to Discover (when `dashboardsUrl` is set) and to the
 * archive. All log-derived text is escaped (see `escapeSlack`) and every field stays within
 * {@link SlackLimits}.
 *
 * @example
 * const message = formatAlert(alert, { dashboardsUrl: config.dashboardsUrl, archiveUri });
 * await slack.post(message);
 */
export function formatAlert(alert: Alert, links: AlertLinks = {}): SlackMessage {
  const samples = alert.samples.slice(0, SlackLimits.samples);
  const facts = [
    `*Rule*\n${escapeSlack(alert.rule)}`,
    `*Group* (${escapeSlack(alert.groupBy)})\n${codeSpan(alert.group, 1000)}`,
    // Flatline and ratio alerts say what happened in words instead of count against threshold.
    alert.newError
      ? `*Count*\n*${alert.count}* (a new error: in the batch that found it)`
      : `*${alert.type ? 'What' : 'Count'}*\n${closingSentence(alert) ?? countText(alert.count, alert.threshold)}`,
    `*Window*\n${windowText(alert.windowStart, alert.windowEnd)}`,
  ];
  if (alert.services && alert.services.length > 0) {
    facts.push(
      `*Services*\n${alert.services
        .slice(0, 20)
        .map((name) => codeSpan(name, 80))
        .join(', ')}`,
    );
  }
  const k8s = kubernetesText(alert.kubernetes);
  if (k8s) facts.push(`*Kubernetes*\n${k8s}`);

  const link = linkParts(
    { groupBy: alert.groupBy, group: alert.group, from: alert.windowStart, to: alert.windowEnd },
    links,
  );
  const blocks: KnownBlock[] = [
    header(`:rotating_light: ${escapeSlack(alert.rule)}: ${escapeSlack(alert.group)}`),
    fields(facts),
  ];
  if (samples.length > 0) {
    blocks.push(context([`${samples.length} sample${samples.length === 1 ? '' : 's'} of ${alert.count}`]));
    for (const sample of samples) blocks.push(section(sampleText(sample)));
  }
  blocks.push(...link.blocks);
  if (link.archiveLine) blocks.push(context([link.archiveLine]));
  return { text: fallbackText(alert, samples), blocks: blocks.slice(0, SlackLimits.blocks) };
}
