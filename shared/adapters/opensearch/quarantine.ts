/** The field under which a refused document keeps its offending fields, as strings. */
export const QUARANTINE_FIELD = 'quarantine';

/**
 * Fields that are never moved aside: without them a log cannot be found or placed. A mapping error
 * on one of these is an index set up wrongly, and the record is dead-lettered instead.
 */
export const CORE_FIELDS: readonly string[] = ['@timestamp', 'timestampSource', 'level', 'message', 'kafka'];

/** One field moved into quarantine: its path in the document and its value as a string. */
export interface QuarantinedField {
  readonly path: string;
  readonly value: string;
}

/** The quarantine object added to a document. */
export interface Quarantine {
  /** The OpenSearch error(s) that refused the document. */
  readonly reason: string;
  readonly fields: readonly QuarantinedField[];
}

const fieldPatterns: readonly RegExp[] = [
  /failed to parse field \[([^\]]+)\]/g,
  /object mapping for \[([^\]]+)\]/g,
  /non object mapping \[([^\]]+)\]/gi,
  /mapper \[([^\]]+)\] cannot be changed/g,
  /Could not dynamically add mapping for field \[([^\]]+)\]/g,
  /Field \[([^\]]+)\] is defined twice/g,
  /in field="([^"]+)"/g,
];
const dynamicIntroduction = /dynamic introduction of \[([^\]]+)\] within \[([^\]]+)\]/g;

/**
 * The document fields an OpenSearch mapping error names, in order, without duplicates. Sub-fields
 * OpenSearch derives (`message.keyword`, a `flat_object`'s `_value`) are mapped back to the field sent.
 *
 * @example
 * offendingFields("failed to parse field [attrs.user] of type [long] in document with id 'logs-0-7'");
 * // ['attrs.user']
 */
export function offendingFields(reason: string): string[] {
  const found: string[] = [];
  for (const pattern of fieldPatterns) {
    for (const match of reason.matchAll(pattern)) if (match[1]) found.push(match[1]);
  }
  for (const match of reason.matchAll(dynamicIntroduction)) {
    const [, field, parent] = match;
    if (field) found.push(parent && parent !== '_doc' ? `${parent}.${field}` : field);
  }
  return [...new Set(found.map(sourcePath))];
}

function sourcePath(path: string): string {
  return path.replace(/\._(value|valueAndPath)(\..*)?$/, '').replace(/\.keyword$/, '');
}

const isCore = (path: string): boolean =>
  CORE_FIELDS.some((core) => path === core || path.startsWith(`${core}.`) || core.startsWith(`${path}.`));

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asString = (value: unknown): string =>
  typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null');

/**
 * Moves the fields at `paths` (or, with `'all'`, every field outside `CORE_FIELDS`) into the
 * quarantine field, as strings, so the document fits any mapping and stays searchable. Keeps what an
 * earlier quarantine moved. Returns undefined when none of the paths can be moved (not present, or a
 * core field): quarantine cannot help then.
 *
 * @example
 * quarantineSource({ message: 'hi', attrs: { user: 'bob' } }, ['attrs.user'], 'failed to parse field [attrs.user]');
 * // { message: 'hi', quarantine: { reason: '...', fields: [{ path: 'attrs.user', value: 'bob' }] } }
 */
export function quarantineSource(
  source: Readonly<Json>,
  paths: readonly string[] | 'all',
  reason: string,
): Json | undefined {
  const copy = structuredClone(source) as Json;
  const earlier = isObject(copy[QUARANTINE_FIELD])
    ? (copy[QUARANTINE_FIELD] as unknown as Quarantine)
    : undefined;
  delete copy[QUARANTINE_FIELD];
  const moved: QuarantinedField[] = [];
  if (paths === 'all') {
    for (const key of Object.keys(copy)) {
      if (isCore(key)) continue;
      moved.push({ path: key, value: asString(copy[key]) });
      delete copy[key];
    }
  } else {
    for (const path of paths) if (!isCore(path)) removePath(copy, path, '', moved);
  }
  if (moved.length === 0) return undefined;
  const reasons = [...new Set([...(earlier ? [earlier.reason] : []), reason.slice(0, 1000)])];
  copy[QUARANTINE_FIELD] = {
    reason: reasons.join(' | '),
    fields: [...(earlier?.fields ?? []), ...moved],
  } satisfies Quarantine;
  return copy;
}

/** Removes `rest` from `node`, trying every split of the dotted path (keys may contain dots). */
function removePath(node: Json, rest: string, prefix: string, moved: QuarantinedField[]): void {
  for (const key of Object.keys(node)) {
    const child = node[key];
    if (key === rest) {
      moved.push({ path: prefix + key, value: asString(child) });
      delete node[key];
    } else if (rest.startsWith(`${key}.`)) {
      if (isObject(child)) {
        removePath(child, rest.slice(key.length + 1), `${prefix}${key}.`, moved);
        // An object emptied by the move could itself clash with a concrete mapping: drop it too.
        if (Object.keys(child).length === 0) delete node[key];
      } else {
        // An array (or a value where the mapping expects an object): moved as a whole.
        moved.push({ path: prefix + key, value: asString(child) });
        delete node[key];
      }
    }
  }
}
