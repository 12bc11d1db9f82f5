/**
 * The placeholders a message template is made of (docs/rules.md, "Message templates"). Numbers and hex
 * ids share one: a hex id is a number in base 16, and one that happens to be all digits (or a counter
 * growing past 8 digits) must not make a new template.
 */
export const Placeholder = {
  number: '<num>',
  uuid: '<uuid>',
  string: '<str>',
  email: '<email>',
  ip: '<ip>',
  time: '<time>',
  query: '?<query>',
} as const;
export type Placeholder = (typeof Placeholder)[keyof typeof Placeholder];

/** Only this many characters of a message are templated: the work per record is bounded, whatever the line. */
export const TEMPLATE_INPUT_LIMIT = 4096;
/** Marks a template made of a message cut at {@link TEMPLATE_INPUT_LIMIT}. */
export const CUT_MARK = '…';

const hex4 = '[0-9a-fA-F]{1,4}';
const ipv4 = String.raw`\d{1,3}(?:\.\d{1,3}){3}`;
/** Never matches: stands in for an alternative a message cannot hold, so capture groups keep their numbers. */
const never = '((?!))';
// Every alternative starts where a token starts, and every repetition is bounded or split by a
// delimiter, so a failed attempt costs O(1) or O(the token): the scan is linear in the input.
/** 1: a URL; its query string (with any fragment after it) is replaced, the rest templated like text. */
const url = String.raw`(\b[A-Za-z][A-Za-z0-9+.-]{0,15}://[^\s'"<>]+)`;
/** 2: an e-mail address (tried only when the text holds an `@`: this alternative costs the most). */
const email = String.raw`([\w.%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+)`;
/** 3 to 8, where a token starts (not after a letter, digit, `_` or `.`): */
const tokens = [
  // 3: a UUID (any version)
  String.raw`(\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b)`,
  // 4: an ISO 8601 date or date-time (python's `2018-08-19 16:41:41,123` too)
  String.raw`(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?!\w))`,
  // 5: an IPv4 address (a port after it is a number)
  String.raw`(${ipv4}(?!\w|\.\d))`,
  // 6: an IPv6 address: eight groups, or compressed with `::` (the last groups may be an IPv4 address)
  String.raw`((?<!:)(?:(?:${hex4}:){7}${hex4}|(?:${hex4}(?::${hex4}){0,6})?::(?:(?:${hex4}:){0,5}${ipv4}|${hex4}(?::${hex4}){0,6})|(?:${hex4}(?::${hex4}){0,6})::)(?![\w:]|\.\d))`,
  // 7: a hex id: 0x…, or 8 or more hex digits of one case with at least one digit
  String.raw`(\b0[xX][0-9a-fA-F]+\b|\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b|\b(?=[0-9A-F]*\d)[0-9A-F]{8,}\b)`,
  // 8: a number: 42, 3.14, 1.2.3; letters after it stay (`5000ms` is `<num>ms`)
  String.raw`(\d+(?:\.\d+)*)`,
];
/** 9: a quoted string on one line, at most 256 characters, not an apostrophe inside a word. */
const quoted = String.raw`((?<![\w'"\\])(?:'[^'\n]{0,256}'|"[^"\n]{0,256}")(?!\w))`;

/** The pattern, with or without the URL and e-mail alternatives (the common line has neither). */
function variablePattern(urls: boolean, emails: boolean): RegExp {
  const inToken = [emails ? email : never, ...tokens].join('|');
  return new RegExp(`${urls ? url : never}|(?<![\\w.])(?:${inToken})|${quoted}`, 'g');
}
/** Indexed by `(has "://" ? 2 : 0) + (has "@" ? 1 : 0)`; compiled once. */
const patterns = [
  variablePattern(false, false),
  variablePattern(false, true),
  variablePattern(true, false),
  variablePattern(true, true),
];
const patternFor = (text: string, urls: boolean): RegExp =>
  patterns[(urls && text.includes('://') ? 2 : 0) + (text.includes('@') ? 1 : 0)] as RegExp;

/** The placeholder of alternatives 2 to 9, in order. */
const kinds: readonly Placeholder[] = [
  Placeholder.email,
  Placeholder.uuid,
  Placeholder.time,
  Placeholder.ip,
  Placeholder.ip,
  Placeholder.number,
  Placeholder.number,
  Placeholder.string,
];

function replace(match: string, ...groups: unknown[]): string {
  if (groups[0] === undefined) {
    for (let i = 0; i < kinds.length; i += 1) if (groups[i + 1] !== undefined) return kinds[i] as string;
    return match;
  }
  const query = match.indexOf('?');
  const base = query < 0 ? match : match.slice(0, query);
  return base.replace(patternFor(base, false), replace) + (query < 0 ? '' : Placeholder.query);
}

/**
 * A message reduced to its template: the parts that vary between occurrences of the same error become
 * placeholders (numbers and hex ids `<num>`, UUIDs `<uuid>`, quoted strings `<str>`, e-mail addresses
 * `<email>`, IPv4 and IPv6 addresses `<ip>`, ISO dates and times `<time>`, a URL's query string
 * `?<query>`), the rest stays as written. Only the first {@link TEMPLATE_INPUT_LIMIT} characters are
 * read (a longer message ends with `…`). Pure and linear in the input; the patterns are compiled once.
 *
 * @example
 * messageTemplate("order 12345 failed for 'bob@x.io'"); // 'order <num> failed for <str>'
 * messageTemplate('GET https://api.x.io/v2/users/42?token=abc took 5000ms'); // 'GET https://api.x.io/v2/users/<num>?<query> took <num>ms'
 */
export function messageTemplate(message: string): string {
  const cut = message.length > TEMPLATE_INPUT_LIMIT;
  const text = cut ? message.slice(0, TEMPLATE_INPUT_LIMIT) : message;
  const template = text.replace(patternFor(text, true), replace);
  return (cut ? template + CUT_MARK : template).toWellFormed();
}
