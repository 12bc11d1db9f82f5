import type { Types } from '@opensearch-project/opensearch';
import type { BulkDocument } from './types';

/** One document as `_bulk` NDJSON: its `create` action line and its source line, both newline-ended. */
export interface EncodedDocument {
  readonly text: string;
  /** UTF-8 size of `text`: what it adds to a request body. */
  readonly bytes: number;
}

/**
 * Encodes one document as a `create` (never `index`: a second `create` of the same `_id` is a 409, so
 * a retry cannot overwrite or duplicate).
 *
 * @example
 * encodeDocument({ index: 'logs-2026.11.22', id: 'logs-0-7', source: { message: 'hi' } }).text;
 * // '{"create":{"_index":"logs-2026.11.22","_id":"logs-0-7"}}\n{"message":"hi"}\n'
 */
export function encodeDocument(document: BulkDocument): EncodedDocument {
  const action = JSON.stringify({
    create: { _index: document.index, _id: document.id },
  } satisfies Types.Core_Bulk.OperationContainer);
  const text = `${action}\n${JSON.stringify(document.source)}\n`;
  return { text, bytes: Buffer.byteLength(text) };
}

/** Positions of documents grouped into request bodies, and those too big for any body. */
export interface ChunkPlan {
  /** Each chunk lists positions (into the input) in order; its summed size is at most the limit. */
  readonly chunks: readonly (readonly number[])[];
  /** Documents that alone exceed the limit: they can never be sent. */
  readonly oversize: readonly number[];
}

/**
 * Groups documents, in order, into bodies of at most `limitBytes` each (greedy: a chunk closes when
 * the next document would not fit).
 *
 * @example
 * planChunks([400, 400, 400, 2000], 1000); // { chunks: [[0, 1], [2]], oversize: [3] }
 */
export function planChunks(sizes: readonly number[], limitBytes: number): ChunkPlan {
  const chunks: number[][] = [];
  const oversize: number[] = [];
  let current: number[] = [];
  let currentBytes = 0;
  sizes.forEach((size, position) => {
    if (size > limitBytes) {
      oversize.push(position);
      return;
    }
    if (currentBytes + size > limitBytes && current.length > 0) {
      chunks.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(position);
    currentBytes += size;
  });
  if (current.length > 0) chunks.push(current);
  return { chunks, oversize };
}
