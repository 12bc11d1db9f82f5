import type { Types } from '@opensearch-project/opensearch';
import type { BulkDocument } from './types';

/** One document as `_bulk` NDJSON: its `create` action line and its source line, both newline-ended. */
export interface EncodedDocument {
  /** The action line, newline-ended. */
  readonly action: string;
  /** The source as JSON (no newline). */
  readonly source: string;
  /** UTF-8 size of the two lines: what the document adds to a request body. */
  readonly bytes: number;
}

/** Index names and ids that need no JSON escaping (the usual ones): their action line is built as text. */
const plain = /^[\w.+-]*$/;

/**
 * Encodes one document as a `create` (never `index`: a second `create` of the same `_id` is a 409, so
 * a retry cannot overwrite or duplicate). The source is serialized once; bodies are built from the
 * parts by {@link encodeDocuments}.
 *
 * @example
 * documentText(encodeDocument({ index: 'logs-2026.11.22', id: 'logs-0-7', source: { message: 'hi' } }));
 * // '{"create":{"_index":"logs-2026.11.22","_id":"logs-0-7"}}\n{"message":"hi"}\n'
 */
export function encodeDocument(document: BulkDocument): EncodedDocument {
  const action = actionLine(document);
  const source = JSON.stringify(document.source);
  return { action, source, bytes: Buffer.byteLength(action) + Buffer.byteLength(source) + 1 };
}

function actionLine(document: BulkDocument): string {
  const action = {
    create: { _index: document.index, _id: document.id },
  } satisfies Types.Core_Bulk.OperationContainer;
  // The same line as JSON.stringify(action) when neither name needs escaping (a test holds them equal).
  return plain.test(document.index) && plain.test(document.id)
    ? `{"create":{"_index":"${document.index}","_id":"${document.id}"}}\n`
    : `${JSON.stringify(action)}\n`;
}

/** The document's two NDJSON lines as one string. */
export function documentText(encoded: EncodedDocument): string {
  return `${encoded.action}${encoded.source}\n`;
}

/** Documents encoded as one `_bulk` NDJSON buffer: document `i` is bytes `ends[i - 1] ?? 0` to `ends[i]`. */
export interface EncodedBatch {
  readonly ndjson: Buffer;
  readonly ends: readonly number[];
}

/**
 * Encodes documents, in order, straight into one NDJSON buffer (each source serialized once, no
 * per-document measuring): request bodies are then slices of it.
 *
 * @example
 * const { ndjson, ends } = encodeDocuments(documents);
 * ndjson.subarray(0, ends[1]); // the body of the first two documents
 */
export function encodeDocuments(documents: readonly BulkDocument[]): EncodedBatch {
  // About a kilobyte a document (the bench's are 700 bytes): most batches never grow the buffer.
  let ndjson = Buffer.allocUnsafe(Math.max(1 << 16, documents.length * 1024));
  let offset = 0;
  const ends: number[] = new Array(documents.length);
  documents.forEach((document, i) => {
    const action = actionLine(document);
    const source = JSON.stringify(document.source);
    // UTF-8 takes at most 3 bytes per UTF-16 code unit: with this much room nothing is cut.
    const room = 3 * (action.length + source.length) + 1;
    if (offset + room > ndjson.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * ndjson.length, offset + room));
      ndjson.copy(grown, 0, 0, offset);
      ndjson = grown;
    }
    offset += ndjson.write(action, offset);
    offset += ndjson.write(source, offset);
    ndjson[offset++] = 0x0a;
    ends[i] = offset;
  });
  return { ndjson: ndjson.subarray(0, offset), ends };
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
