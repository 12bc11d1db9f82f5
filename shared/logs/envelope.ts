import { isJsonObject, type JsonObject, parseJsonObject } from './json-object';

/** A Fluentd / Fluent Bit docker or Kubernetes record, unwrapped. */
export interface Envelope {
  /** The record itself: `stream`, `time`, `kubernetes`, keys merged by Fluent Bit... */
  readonly outer: JsonObject;
  /** The `log` field when it holds a JSON object: the application's own log. */
  readonly inner?: JsonObject;
  /** The `log` field when it is plain text. */
  readonly text?: string;
}

/**
 * Recognizes a Fluentd / Fluent Bit docker or Kubernetes envelope (`{"log": "...", "stream": ...,
 * "time": ..., "kubernetes": {...}}`: a string `log` beside a string `stream` or a `kubernetes` object)
 * and unwraps its `log`, which is itself a JSON object or plain text. Returns `undefined` for any other
 * object, which is then an application log in its own right.
 *
 * @example
 * unwrapEnvelope({ log: '{"level":"info"}\n', stream: 'stdout' }); // { outer, inner: { level: 'info' } }
 */
export function unwrapEnvelope(record: JsonObject): Envelope | undefined {
  const log = record.log;
  if (typeof log !== 'string') return undefined;
  if (typeof record.stream !== 'string' && !isJsonObject(record.kubernetes)) return undefined;
  const inner = parseJsonObject(log);
  return inner === undefined ? { outer: record, text: log } : { outer: record, inner };
}
