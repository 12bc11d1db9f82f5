/**
 * Slack's Block Kit and message limits that the formatters stay within (see docs/alerts.md for the
 * Slack reference page of each). Lengths are counted in UTF-16 code units after escaping, which is
 * never less than what Slack counts.
 */
export const SlackLimits = {
  /** `text` of a section block. */
  sectionText: 3000,
  /** Each of a section block's `fields`. */
  sectionField: 2000,
  /** At most this many `fields` in a section block. */
  sectionFields: 10,
  /** `plain_text` of a header block. */
  headerText: 150,
  /** At most this many elements in a context block. */
  contextElements: 10,
  /** Text of a button. */
  buttonText: 75,
  /** URL of a button. */
  buttonUrl: 3000,
  /** Blocks in one message. */
  blocks: 50,
  /** The top-level `text` fallback (Slack truncates far longer texts; keep notifications readable). */
  fallbackText: 4000,
  /** Sample lines shown per alert. */
  samples: 5,
} as const;
