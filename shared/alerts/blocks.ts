import type { ActionsBlock, ContextBlock, HeaderBlock, MrkdwnElement, SectionBlock } from '@slack/types';
import { truncateEscaped } from './escape';
import { SlackLimits } from './limits';

// Small Block Kit builders, typed by @slack/types (types only: nothing of it reaches a bundle). Every
// text passed in is already escaped; builders only enforce lengths.

export const mrkdwn = (text: string, max: number = SlackLimits.sectionText): MrkdwnElement => ({
  type: 'mrkdwn',
  text: truncateEscaped(text, max),
});

export const header = (text: string): HeaderBlock => ({
  type: 'header',
  text: { type: 'plain_text', text: truncateEscaped(text, SlackLimits.headerText), emoji: true },
});

export const section = (text: string): SectionBlock => ({ type: 'section', text: mrkdwn(text) });

export const fields = (items: readonly string[]): SectionBlock => ({
  type: 'section',
  fields: items.slice(0, SlackLimits.sectionFields).map((item) => mrkdwn(item, SlackLimits.sectionField)),
});

export const context = (items: readonly string[]): ContextBlock => ({
  type: 'context',
  elements: items.slice(0, SlackLimits.contextElements).map((item) => mrkdwn(item)),
});

/** A link button; `url` is a raw URL (JSON field, not mrkdwn, so it is not entity-escaped). */
export interface Button {
  text: string;
  url: string;
}

/** An actions block of link buttons, or nothing when there are none (or a URL is too long for Slack). */
export function buttons(items: readonly Button[]): ActionsBlock[] {
  const usable = items.filter((item) => item.url.length <= SlackLimits.buttonUrl);
  if (usable.length === 0) return [];
  return [
    {
      type: 'actions',
      elements: usable.map((item) => ({
        type: 'button',
        text: { type: 'plain_text', text: truncateEscaped(item.text, SlackLimits.buttonText), emoji: true },
        url: item.url,
      })),
    },
  ];
}
