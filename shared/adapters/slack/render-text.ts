// Renders a Block Kit message as readable terminal text (pure). Slack's entities are decoded for
// reading, and control characters from logs (ANSI escapes...) are shown as `�` so a log line cannot
// drive the terminal.

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null;

const EMOJI: Record<string, string> = {
  ':rotating_light:': '🚨',
  ':white_check_mark:': '✅',
  ':red_circle:': '🔴',
  ':large_green_circle:': '🟢',
  ':warning:': '⚠️',
  ':grey_question:': '❔',
};

/** Decodes Slack's three entities and our invisible neutralisers; replaces control characters. */
export function plain(text: string): string {
  return text
    .replace(/:[a-z_]+:/g, (code) => EMOJI[code] ?? code)
    .replace(/<(https?:\/\/[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[\u2060\u200b]/g, '')
    .replace(/(?![\n\t])\p{Cc}/gu, '\ufffd');
}

function textOf(value: unknown): string | undefined {
  return isObj(value) && typeof value.text === 'string' ? plain(value.text) : undefined;
}

function renderBlock(block: unknown): string[] {
  if (!isObj(block)) return [];
  switch (block.type) {
    case 'header': {
      const text = textOf(block.text) ?? '';
      return [text, '─'.repeat(Math.min(60, [...text].length + 2))];
    }
    case 'section': {
      const lines: string[] = [];
      const text = textOf(block.text);
      if (text !== undefined) lines.push(text.replace(/^\*([^*\n]+)\*\n/, '$1: '));
      if (Array.isArray(block.fields)) {
        for (const field of block.fields)
          lines.push((textOf(field) ?? '').replace(/^\*([^*\n]+)\*(.*)\n/, '$1$2: '));
      }
      return lines;
    }
    case 'context':
      return Array.isArray(block.elements) ? [block.elements.map(textOf).filter(Boolean).join('  ')] : [];
    case 'actions':
      return Array.isArray(block.elements)
        ? block.elements.map(
            (element) =>
              `→ ${textOf(isObj(element) ? element.text : undefined) ?? ''}: ${isObj(element) ? String(element.url ?? '') : ''}`,
          )
        : [];
    case 'divider':
      return ['─'.repeat(20)];
    default:
      return [];
  }
}

/**
 * The message as terminal text: its blocks when it has any, else its fallback `text`; `destination`
 * names the routed destination it was for.
 *
 * @example
 * process.stdout.write(renderText(formatAlert(alert)));
 */
export function renderText(
  message: { text: string; blocks: readonly unknown[] },
  destination?: string,
): string {
  const lines = message.blocks.length > 0 ? message.blocks.flatMap(renderBlock) : [plain(message.text)];
  return `${[
    destination === undefined ? '┌ slack' : `┌ slack → ${destination}`,
    ...lines
      .join('\n')
      .split('\n')
      .map((line) => `│ ${line}`),
    '└',
  ].join('\n')}\n`;
}
