// Checks every Slack message the formatters build: escaping (no raw `<`, `>` or stray `&` outside the
// links sluice itself builds) and Slack's size limits. Shared by the alert tests; the detect tests may
// use it on the messages the Slack double records.
import assert from 'node:assert/strict';
import { messageViolations } from '../../helpers/block-kit-limits';

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null;

/** Links sluice builds itself in mrkdwn: `<https://...|Label>` with a percent-encoded URL and a fixed label. */
const OWN_LINK = /<https?:\/\/[^\s<>|]+\|(Discover|Console)>/g;

/** Asserts that `text` has no raw `<`/`>` (except sluice's own links) and every `&` starts an entity. */
export function assertEscaped(text: string, where: string): void {
  const rest = text.replace(OWN_LINK, '');
  assert.ok(!/[<>]/.test(rest), `${where}: raw < or > in ${JSON.stringify(text.slice(0, 200))}`);
  assert.ok(
    !/&(?!(amp|lt|gt);)/.test(rest),
    `${where}: & that does not start an entity in ${JSON.stringify(text.slice(0, 200))}`,
  );
}

/** Every text of a Block Kit message (mrkdwn and plain_text), with its path; URLs are not text. */
function* texts(value: unknown, path: string): Generator<{ path: string; text: string }> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* texts(item, `${path}[${i}]`);
    return;
  }
  if (!isObj(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'text' && typeof child === 'string') yield { path: `${path}.text`, text: child };
    else if (key !== 'url') yield* texts(child, `${path}.${key}`);
  }
}

/** Asserts a message is escaped, within Slack's documented limits, and its fallback within sluice's 4,000. */
export function assertSlackSafe(message: { text: string; blocks: readonly unknown[] }): void {
  assert.deepEqual(messageViolations(message), []);
  assert.ok(message.text.length <= 4000, `fallback text is ${message.text.length} long`);
  assertEscaped(message.text, 'text');
  for (const { path, text } of texts(message.blocks, 'blocks')) assertEscaped(text, path);
}

/** Undoes Slack's three entities and sluice's invisible neutralisers, to compare with the original text. */
export function unescapeSlack(text: string): string {
  return text
    .replace(/\u2060|\u200b/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
