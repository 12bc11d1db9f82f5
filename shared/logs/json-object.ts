/** A parsed JSON object (never an array). */
export type JsonObject = Record<string, unknown>;

/** True for a non-null object that is not an array. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `text` parsed as a JSON object, or `undefined` when it is not one (invalid JSON, an array, a scalar).
 * Looks at the first non-blank character before parsing, so plain text costs no failed parse.
 * A leading byte order mark is ignored.
 *
 * @example
 * parseJsonObject('{"msg":"hi"}\n'); // { msg: 'hi' }
 * parseJsonObject('[1,2]'); // undefined
 */
export function parseJsonObject(text: string): JsonObject | undefined {
  let start = 0;
  let c = text.charCodeAt(0);
  while (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) {
    start += 1;
    c = text.charCodeAt(start);
  }
  if (c !== 123 /* { */) return undefined;
  try {
    const value: unknown = JSON.parse(start > 0 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
