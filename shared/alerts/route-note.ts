import { context } from './blocks';
import { SlackLimits } from './limits';
import type { SlackMessage } from './types';

/**
 * A message with a note of sluice's own at its end (a context block, and a line of its fallback text),
 * e.g. that it was routed to a destination with no webhook and came to the default channel instead.
 * The note is sluice's text, not a log's: it is not escaped.
 *
 * @example
 * withNote(formatAlert(alert), 'Routed to payments, which has no webhook (SLACK_WEBHOOK_URL_PAYMENTS)');
 */
export function withNote(message: SlackMessage, note: string): SlackMessage {
  const blocks =
    message.blocks.length < SlackLimits.blocks ? [...message.blocks, context([note])] : message.blocks;
  const text = `${message.text}\n${note}`;
  return { text: text.length <= SlackLimits.fallbackText ? text : message.text, blocks };
}
