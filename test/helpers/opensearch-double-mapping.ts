// The mapping part of the OpenSearch double: explicit mappings from index templates plus dynamic
// mapping for unmapped fields, with the errors OpenSearch 2.x gives when a document does not fit
// (mapper_parsing_exception and kin, same reasons and caused_by shapes). A document's mapping
// additions are kept only when the whole document parses, as in OpenSearch.

/** A field's mapping (an object when `type` is absent or `object`). */
export interface FieldMapping {
  type?: string;
  properties?: Record<string, FieldMapping>;
  dynamic?: boolean | 'true' | 'false' | 'strict';
  fields?: Record<string, FieldMapping>;
  format?: string;
  ignore_above?: number;
}

/** An error as OpenSearch writes it in a bulk item. */
export interface MappingError {
  type: string;
  reason: string;
  caused_by?: { type: string; reason: string };
}

const maxTermBytes = 32_766;
const knownTypes = new Set([
  'object',
  'flat_object',
  'keyword',
  'text',
  'long',
  'integer',
  'short',
  'float',
  'double',
  'boolean',
  'date',
]);
const isoDate = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isObjectMapping = (field: FieldMapping): boolean => field.type === undefined || field.type === 'object';

/** Java's `Map.toString`-like preview OpenSearch puts in "Preview of field's value". */
function preview(value: unknown): string {
  if (isObject(value)) {
    return `{${Object.entries(value)
      .map(([key, inner]) => `${key}=${preview(inner)}`)
      .join(', ')}}`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function parseFailure(
  path: string,
  type: string,
  id: string,
  value: unknown,
  cause: MappingError['caused_by'],
): MappingError {
  return {
    type: 'mapper_parsing_exception',
    reason: `failed to parse field [${path}] of type [${type}] in document with id '${id}'. Preview of field's value: '${preview(value)}'`,
    ...(cause ? { caused_by: cause } : {}),
  };
}

/** Checks one concrete value against a concrete mapping; undefined when it fits. */
function checkConcrete(
  field: FieldMapping,
  value: unknown,
  path: string,
  id: string,
): MappingError | undefined {
  const type = field.type ?? 'object';
  if (isObject(value)) {
    return parseFailure(path, type, id, value, {
      type: 'illegal_state_exception',
      reason: "Can't get text on a START_OBJECT at 1:2",
    });
  }
  const text = typeof value === 'string' ? value : String(value);
  switch (type) {
    case 'long':
    case 'integer':
    case 'short': {
      const number =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && text.trim() !== ''
            ? Number(text)
            : Number.NaN;
      if (typeof value === 'boolean' || !Number.isFinite(number)) {
        return parseFailure(path, type, id, value, {
          type: 'illegal_argument_exception',
          reason: `For input string: "${text}"`,
        });
      }
      const [low, high, name] =
        type === 'integer'
          ? [-(2 ** 31), 2 ** 31 - 1, 'int']
          : type === 'short'
            ? [-32768, 32767, 'short']
            : [-(2 ** 63), 2 ** 63 - 1, 'long'];
      if (Math.trunc(number) < low || Math.trunc(number) > high) {
        return parseFailure(path, type, id, value, {
          type: 'input_coercion_exception',
          reason: `Numeric value (${text}) out of range of ${name} (${low} - ${high})`,
        });
      }
      return undefined;
    }
    case 'float':
    case 'double':
      if (typeof value === 'boolean' || !Number.isFinite(Number(text)) || text.trim() === '') {
        return parseFailure(path, type, id, value, {
          type: 'number_format_exception',
          reason: `For input string: "${text}"`,
        });
      }
      return undefined;
    case 'boolean':
      if (value === true || value === false || text === 'true' || text === 'false') return undefined;
      return parseFailure(path, type, id, value, {
        type: 'illegal_argument_exception',
        reason: `Failed to parse value [${text}] as only [true] or [false] are allowed.`,
      });
    case 'date': {
      const epochOnly = field.format === 'epoch_millis';
      const fits =
        typeof value === 'number'
          ? withinLong(value)
          : epochOnly
            ? /^-?\d+$/.test(text) && withinLong(Number(text))
            : isoDate.test(text) || (/^-?\d+$/.test(text) && withinLong(Number(text)));
      if (fits) return undefined;
      return parseFailure(path, type, id, value, {
        type: 'illegal_argument_exception',
        reason: `failed to parse date field [${text}] with format [${field.format ?? 'strict_date_optional_time||epoch_millis'}]`,
      });
    }
    case 'keyword':
      if (field.ignore_above === undefined && Buffer.byteLength(text) > maxTermBytes)
        return immenseTerm(path, text);
      return undefined;
    case 'text': {
      const keyword = field.fields?.keyword;
      if (keyword && keyword.ignore_above === undefined && Buffer.byteLength(text) > maxTermBytes) {
        return immenseTerm(`${path}.keyword`, text);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function immenseTerm(path: string, text: string): MappingError {
  return {
    type: 'illegal_argument_exception',
    reason: `Document contains at least one immense term in field="${path}" (whose UTF8 encoding is longer than the max length ${maxTermBytes}), all of which were skipped.  Please correct the analyzer to not produce such terms.  The prefix of the first immense term is: '${text.slice(0, 30)}...'`,
    caused_by: {
      type: 'max_bytes_length_exceeded_exception',
      reason: `bytes can be at most ${maxTermBytes} in length; got ${Buffer.byteLength(text)}`,
    },
  };
}

/** epoch_millis is a Java long: a number written beyond it (JSON text of 2^63 and up) is refused. */
const withinLong = (ms: number): boolean => Number.isFinite(ms) && ms >= -(2 ** 63) && ms < 2 ** 63;

/** The mapping OpenSearch's dynamic mapping gives a first-seen value. */
function dynamicMapping(value: unknown): FieldMapping {
  if (isObject(value)) return { properties: {} };
  if (typeof value === 'boolean') return { type: 'boolean' };
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'long' : 'float' };
  if (typeof value === 'string' && isoDate.test(value)) return { type: 'date' };
  return { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } };
}

const dynamicOf = (node: FieldMapping, inherited: string): string =>
  node.dynamic === undefined ? inherited : String(node.dynamic);

/**
 * Parses a document against (a copy of) an index mapping, adding dynamic fields to the copy.
 * Returns the first error, or undefined when the document fits (then the copy is the new mapping).
 */
export function parseDocument(root: FieldMapping, source: Json, id: string): MappingError | undefined {
  return parseObject(root, source, '', dynamicOf(root, 'true'), id);
}

function parseObject(
  node: FieldMapping,
  value: Json,
  path: string,
  dynamic: string,
  id: string,
): MappingError | undefined {
  node.properties ??= {};
  for (const [key, inner] of Object.entries(value)) {
    // A dotted key is an object path, as OpenSearch reads it.
    const segments = key.split('.');
    let parent = node;
    let parentPath = path;
    let parentDynamic = dynamic;
    let ignored = false;
    for (const segment of segments.slice(0, -1)) {
      const fullPath = parentPath ? `${parentPath}.${segment}` : segment;
      parent.properties ??= {};
      let child = parent.properties[segment];
      if (child === undefined) {
        if (parentDynamic === 'false') {
          ignored = true;
          break;
        }
        if (parentDynamic === 'strict') return strict(segment, parentPath);
        child = { properties: {} };
        parent.properties[segment] = child;
      }
      if (child.type === 'flat_object') {
        parent = child;
        parentPath = fullPath;
        break;
      }
      if (!isObjectMapping(child)) {
        return {
          type: 'mapper_parsing_exception',
          reason: `Could not dynamically add mapping for field [${path ? `${path}.` : ''}${key}]. Existing mapping for [${fullPath}] must be of type object but found [${child.type}].`,
        };
      }
      parent = child;
      parentPath = fullPath;
      parentDynamic = dynamicOf(child, parentDynamic);
    }
    if (ignored || parent.type === 'flat_object') continue;
    const name = segments[segments.length - 1] as string;
    const error = parseValue(
      parent,
      name,
      inner,
      parentPath ? `${parentPath}.${name}` : name,
      parentDynamic,
      id,
    );
    if (error) return error;
  }
  return undefined;
}

function strict(name: string, within: string): MappingError {
  return {
    type: 'strict_dynamic_mapping_exception',
    reason: `mapping set to strict, dynamic introduction of [${name}] within [${within || '_doc'}] is not allowed`,
  };
}

function parseValue(
  parent: FieldMapping,
  name: string,
  value: unknown,
  path: string,
  dynamic: string,
  id: string,
): MappingError | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    for (const element of value) {
      const error = parseValue(parent, name, element, path, dynamic, id);
      if (error) return error;
    }
    return undefined;
  }
  parent.properties ??= {};
  let field = parent.properties[name];
  if (field === undefined) {
    if (dynamic === 'false') return undefined;
    if (dynamic === 'strict') return strict(name, path.slice(0, Math.max(0, path.length - name.length - 1)));
    field = dynamicMapping(value);
    parent.properties[name] = field;
  }
  if (field.type === 'flat_object') {
    if (isObject(value)) return undefined;
    return parseFailure(path, 'flat_object', id, value, {
      type: 'parsing_exception',
      reason: `[${path}] unexpected token [${typeof value === 'string' ? 'VALUE_STRING' : 'VALUE_NUMBER'}], expected [START_OBJECT]`,
    });
  }
  if (isObjectMapping(field)) {
    if (!isObject(value)) {
      return {
        type: 'mapper_parsing_exception',
        reason: `object mapping for [${path}] tried to parse field [${name}] as object, but found a concrete value`,
      };
    }
    return parseObject(field, value, path, dynamicOf(field, dynamic), id);
  }
  return checkConcrete(field, value, path, id);
}

/** A mapping's problem OpenSearch reports when a template or index is created, or undefined. */
export function mappingProblem(mapping: FieldMapping, path = ''): string | undefined {
  for (const [name, field] of Object.entries(mapping.properties ?? {})) {
    const full = path ? `${path}.${name}` : name;
    if (field.type !== undefined && !knownTypes.has(field.type)) {
      return `No handler for type [${field.type}] declared on field [${full}]`;
    }
    const inner = mappingProblem(field, full);
    if (inner) return inner;
  }
  return undefined;
}
