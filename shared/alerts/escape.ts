/**
 * Unicode's bidirectional controls (LRM, RLM, ALM, the embeddings and overrides U+202A..U+202E, the
 * isolates U+2066..U+2069): in log text they can reorder what a reader sees (a path that reads
 * `/app/gpj.exe` shows as `/app/exe.jpg`).
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Escapes text for a Slack `text`/`mrkdwn`/`plain_text` field: `&`, `<` and `>` become entities (the
 * rule Slack documents), so `<!channel>`, `<@U123>` and `<https://x|y>` show as typed and can never
 * become a mention or a link. As defence in depth, a literal `@channel`, `@here` or `@everyone` gets a
 * WORD JOINER (U+2060) after the `@`, so it stays plain text even if a client or a future payload
 * option (`link_names`) would link it. Bidirectional controls are shown as their code (`[U+202E]`)
 * instead of reordering the text around them.
 *
 * @example
 * escapeSlack('<!channel> a & b'); // '&lt;!channel&gt; a &amp; b'
 * escapeSlack('/app/\u202egpj.exe'); // '/app/[U+202E]gpj.exe'
 */
export function escapeSlack(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)\b/gi, '@\u2060$1')
    .replace(
      BIDI_CONTROLS,
      (control) => `[U+${control.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`,
    );
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
