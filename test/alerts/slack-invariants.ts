// Checks every Slack message the formatters build: escaping (no raw `<`, `>` or stray `&` outside the
// links sluice itself builds) and Slack's size limits. Shared by the alert tests; the detect tests may
// use it on the messages the Slack double records.
import assert from 'node:assert/strict';

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

/** Every text field of a Block Kit message, with its path and limit. */
function* texts(
  value: unknown,
  path: string,
  limit: number,
): Generator<{ path: string; text: string; limit: number }> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* texts(item, `${path}[${i}]`, limit);
    return;
  }
  if (!isObj(value)) return;
  const type = value.type;
  const childLimit = type === 'header' ? 150 : type === 'button' ? 75 : limit;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'text' && typeof child === 'string') yield { path: `${path}.text`, text: child, limit };
    else if (key === 'fields' && Array.isArray(child)) yield* texts(child, `${path}.fields`, 2000);
    else if (key !== 'url') yield* texts(child, `${path}.${key}`, childLimit);
  }
}

/** Asserts a message is safe and within Slack's limits. */
export function assertSlackSafe(message: { text: string; blocks: unknown[] }): void {
  assert.equal(typeof message.text, 'string');
  assert.ok(message.text.length > 0, 'fallback text is empty');
  assert.ok(message.text.length <= 4000, `fallback text is ${message.text.length} long`);
  assertEscaped(message.text, 'text');
  assert.ok(message.blocks.length <= 50, `${message.blocks.length} blocks`);
  for (const [i, block] of message.blocks.entries()) {
    assert.ok(isObj(block), `block ${i} is not an object`);
    if (block.type === 'section' && Array.isArray(block.fields)) assert.ok(block.fields.length <= 10);
    if (block.type === 'context' && Array.isArray(block.elements)) assert.ok(block.elements.length <= 10);
  }
  for (const { path, text, limit } of texts(message.blocks, 'blocks', 3000)) {
    assert.ok(text.length > 0, `${path} is empty`);
    assert.ok(text.length <= limit, `${path} is ${text.length} long (limit ${limit})`);
    assertEscaped(text, path);
  }
}

/** Undoes Slack's three entities and sluice's invisible neutralisers, to compare with the original text. */
export function unescapeSlack(text: string): string {
  return text
    .replace(/\u2060|\u200b/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
