/**
 * Escapes text for a Slack `text`/`mrkdwn`/`plain_text` field: `&`, `<` and `>` become entities (the
 * rule Slack documents), so `<!channel>`, `<@U123>` and `<https://x|y>` show as typed and can never
 * become a mention or a link. As defence in depth, a literal `@channel`, `@here` or `@everyone` gets a
 * WORD JOINER (U+2060) after the `@`, so it stays plain text even if a client or a future payload
 * option (`link_names`) would link it.
 *
 * @example
 * escapeSlack('<!channel> a & b'); // '&lt;!channel&gt; a &amp; b'
 */
export function escapeSlack(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)\b/gi, '@\u2060$1');
}

const ELLIPSIS = '…';

/**
 * Cuts already-escaped text to at most `max` UTF-16 code units, ending with `…` when cut. Never
 * splits an entity (`&amp;`, `&lt;`, `&gt;`) or a surrogate pair.
 *
 * @example
 * truncateEscaped('a &amp; b', 4); // 'a …'
 */
export function truncateEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = max - ELLIPSIS.length;
  // An entity is at most 5 units (`&amp;`): if an `&` starts within the last 4 kept units and its `;` is cut off, cut before it.
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp !== -1 && amp > cut - 5) {
    const semi = text.indexOf(';', amp);
    if (semi === -1 || semi >= cut) cut = amp;
  }
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return text.slice(0, Math.max(0, cut)) + ELLIPSIS;
}

/** Escapes log text and truncates it to `max` without breaking an entity. */
export function escapeAndTruncate(text: string, max: number): string {
  return truncateEscaped(escapeSlack(text), max);
}
