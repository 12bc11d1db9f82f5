import type { Types } from '@opensearch-project/opensearch';
import type { BulkHttpResult, ItemVerdict } from './types';

/** Error types that say the document does not fit the index mapping; quarantine can repair these. */
const mappingErrorTypes: ReadonlySet<string> = new Set([
  'mapper_parsing_exception',
  'document_parsing_exception',
  'strict_dynamic_mapping_exception',
  'mapper_exception',
  'illegal_argument_exception',
  'max_bytes_length_exceeded_exception',
]);

/** Error types that are about the document whatever the status (a 500 `json_parse_exception` too). */
const documentErrorTypes: ReadonlySet<string> = new Set([
  ...mappingErrorTypes,
  'json_parse_exception',
  'x_content_parse_exception',
]);

const operations = [
  'create',
  'index',
  'update',
  'delete',
] as const satisfies readonly (keyof Types.Core_Bulk.Item)[];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A response part with the spec's field names and values not yet checked. A real `_bulk` body does
 * not fit the spec's types as they are: `filter_path` drops the required `_index`, an item may be
 * `{}`, and a cluster block answers `error` as a plain string, not an `ErrorCause`.
 */
type Unchecked<T> = { readonly [K in keyof T]?: unknown };

/** `type` and `reason` of an OpenSearch error, which may be an object, a plain string, or absent. */
export function describeError(error: unknown): { type: string; reason: string } {
  if (typeof error === 'string') return { type: 'unknown', reason: error };
  if (!isObject(error)) return { type: 'unknown', reason: '' };
  const type = typeof error.type === 'string' ? error.type : 'unknown';
  let reason = typeof error.reason === 'string' ? error.reason : '';
  // Keep the chain: the field a mapping error is about is sometimes named only in `caused_by`.
  for (
    let cause = error.caused_by, depth = 0;
    isObject(cause) && depth < 4;
    cause = cause.caused_by, depth += 1
  ) {
    if (typeof cause.reason === 'string') reason += ` (caused by ${String(cause.type)}: ${cause.reason})`;
  }
  return { type, reason };
}

/**
 * Classifies one `_bulk` response item as a value: `ok` (stored, or already stored: a 409 on a
 * `create`), `retry` (429, 5xx, 401/403/404 and other outages, an item missing or not matching what
 * was sent), or `permanent` (400 and document errors, with `mapping` set when quarantine can help).
 *
 * @example
 * classifyItem({ create: { _id: 'logs-0-7', status: 409 } }, 'logs-0-7'); // { kind: 'ok', status: 409, existed: true }
 */
export function classifyItem(item: unknown, expectedId?: string): ItemVerdict {
  const operation = isObject(item) ? operations.find((name) => isObject(item[name])) : undefined;
  const result: Unchecked<Types.Core_Bulk.ResponseItem> | undefined =
    operation && isObject(item) && isObject(item[operation]) ? item[operation] : undefined;
  if (operation === undefined || result === undefined || typeof result.status !== 'number') {
    return {
      kind: 'retry',
      status: 0,
      type: 'missing_item',
      reason: 'the response has no result for this document',
    };
  }
  const status = result.status;
  if (expectedId !== undefined && typeof result._id === 'string' && result._id !== expectedId) {
    return {
      kind: 'retry',
      status,
      type: 'mismatched_item',
      reason: `the response item is for _id ${result._id}, expected ${expectedId}`,
    };
  }
  const { type, reason } = describeError(result.error);
  if (status >= 200 && status < 300) return { kind: 'ok', status, existed: false };
  if (status === 409 && operation === 'create') return { kind: 'ok', status, existed: true };
  if (status === 404 && operation === 'delete' && result.error === undefined)
    return { kind: 'ok', status, existed: false };
  if (status === 400 || documentErrorTypes.has(type)) {
    return { kind: 'permanent', status, type, reason, mapping: mappingErrorTypes.has(type) };
  }
  return { kind: 'retry', status, type, reason };
}

/** The outcome of one `_bulk` request as a whole. */
export type ChunkVerdict =
  /** OpenSearch answered item by item (in the order sent). */
  | { readonly kind: 'items'; readonly items: readonly ItemVerdict[] }
  /** 413: the body is too big for this cluster; smaller bodies may pass. */
  | { readonly kind: 'tooLarge'; readonly detail: string }
  /** Nothing is known about any item (no answer, a whole-request error): every item may be retried. */
  | { readonly kind: 'failed'; readonly status: number; readonly detail: string };

/**
 * Classifies a whole `_bulk` exchange. Items are matched to the documents sent by position (the order
 * of the request), checked against `ids` where the response names them.
 *
 * @example
 * classifyBulkResponse({ kind: 'response', status: 429, body: '' }, ['logs-0-7']).kind; // 'failed'
 */
export function classifyBulkResponse(result: BulkHttpResult, ids: readonly string[]): ChunkVerdict {
  if (result.kind === 'network') return { kind: 'failed', status: 0, detail: result.detail };
  const { status, body } = result;
  if (status === 413) return { kind: 'tooLarge', detail: `413 ${summarize(body)}` };
  if (status < 200 || status >= 300)
    return { kind: 'failed', status, detail: `${status} ${summarize(body)}` };
  const response: Unchecked<Types.Core_Bulk.BulkResponse> | undefined = isObject(body) ? body : undefined;
  if (!Array.isArray(response?.items)) {
    return { kind: 'failed', status, detail: `${status} with no readable items: ${summarize(body)}` };
  }
  const items: readonly unknown[] = response.items;
  // Checked item by item even when `errors` is false: a short or mismatched list must not pass as ok.
  return { kind: 'items', items: ids.map((id, position) => classifyItem(items[position], id)) };
}

function summarize(body: unknown): string {
  if (isObject(body) && body.error !== undefined) {
    const { type, reason } = describeError(body.error);
    return `${type}: ${reason}`.slice(0, 500);
  }
  if (isObject(body) && typeof body.Message === 'string') return body.Message.slice(0, 500);
  if (typeof body === 'string') return body.slice(0, 200);
  return JSON.stringify(body ?? null).slice(0, 200);
}
