import type { LogEvent } from '../logs/types';

/** The normalized fields a rule can test or group by (docs/normalization.md). The log's other fields are `attrs.<path>`. */
export const KNOWN_FIELDS = [
  '@timestamp',
  'timestampSource',
  'level',
  'message',
  'pathname',
  'lineno',
  'service',
  'kubernetes.namespace',
  'kubernetes.pod',
  'kubernetes.container',
  'kubernetes.host',
  'kafka.topic',
  'kafka.partition',
  'kafka.offset',
  'kafka.timestamp',
] as const;

const known = new Set<string>(KNOWN_FIELDS);

/** True for a field a rule may name: a normalized field, or `attrs.` followed by a path. */
export function isRuleField(path: string): boolean {
  return known.has(path) || /^attrs\.[^.]+(\.[^.]+)*$/.test(path);
}

/**
 * The value at a dotted path of an event, or undefined when absent. Under `attrs`, a key that itself
 * contains dots (`attrs["user.id"]`) is found as well as nested objects (`attrs.user.id`).
 *
 * @example
 * fieldValue(event, 'kubernetes.container'); // 'api'
 */
export function fieldValue(event: LogEvent, path: string): unknown {
  if (path.startsWith('attrs.')) return lookup(event.attrs, path.slice('attrs.'.length));
  return lookup(event as unknown as Record<string, unknown>, path);
}

function lookup(root: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(root, path)) return root[path];
  const dot = path.indexOf('.');
  if (dot < 0) return undefined;
  // Longest literal prefix first would be exponential in the worst case; one split per level suffices here.
  const head = path.slice(0, dot);
  const next = root[head];
  if (typeof next !== 'object' || next === null || Array.isArray(next)) return undefined;
  return lookup(next as Record<string, unknown>, path.slice(dot + 1));
}

/**
 * A field value as text for comparisons: strings as they are, numbers and booleans printed, objects as
 * JSON; undefined for absent or null values.
 */
export function fieldText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
