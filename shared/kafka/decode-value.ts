import { isUtf8 } from 'node:buffer';

/** Why a record can never be a log event. `mapping_conflict` is written by the index path. */
export const DeadLetterReason = {
  oversize: 'oversize',
  binary: 'binary',
  undecodable: 'undecodable',
  mappingConflict: 'mapping_conflict',
} as const;
export type DeadLetterReason = (typeof DeadLetterReason)[keyof typeof DeadLetterReason];

export type DecodedValue =
  | { readonly kind: 'text'; readonly text: string; readonly bytes: Buffer; readonly lossy: boolean }
  | { readonly kind: 'deadLetter'; readonly reason: DeadLetterReason; readonly detail: string }
  | { readonly kind: 'tombstone' };

/** Share of bytes outside valid UTF-8 above which a value is binary rather than damaged text. */
const maxInvalidShare = 0.1;

const notBase64: DecodedValue = {
  kind: 'deadLetter',
  reason: 'undecodable',
  detail: 'value is not valid base64',
};

/** Decoded size of a padded base64 string, without decoding it. */
export function base64DecodedLength(value: string): number {
  const end = value.length;
  const padding = value.charCodeAt(end - 1) !== 61 ? 0 : value.charCodeAt(end - 2) === 61 ? 2 : 1;
  return (value.length / 4) * 3 - padding;
}

/**
 * Classifies one record value (base64, as the event source mapping delivers it): a tombstone, a value
 * that can never be a log (oversize, binary, undecodable), or text. Text with a few invalid UTF-8 bytes
 * is decoded with replacement characters and flagged `lossy` so its original bytes can be archived.
 *
 * @example
 * decodeValue('aGVsbG8=', 1_048_576); // { kind: 'text', text: 'hello', lossy: false, ... }
 */
export function decodeValue(value: string | null, maxRecordBytes: number): DecodedValue {
  if (value === null || value === '') return { kind: 'tombstone' };
  if (value.length % 4 !== 0) return notBase64;
  const size = base64DecodedLength(value);
  if (size > maxRecordBytes) {
    return {
      kind: 'deadLetter',
      reason: 'oversize',
      detail: `value is ${size} bytes, over maxRecordBytes ${maxRecordBytes}`,
    };
  }
  const bytes = Buffer.from(value, 'base64');
  // Node's decoder skips what is not base64 (so the length comes out short) and also takes the
  // URL-safe alphabet; either means the value was not the standard base64 Kafka events carry.
  if (bytes.length !== size || value.indexOf('-') !== -1 || value.indexOf('_') !== -1) return notBase64;
  if (bytes.indexOf(0) !== -1)
    return { kind: 'deadLetter', reason: 'binary', detail: 'value contains a NUL byte' };
  if (isUtf8(bytes)) return { kind: 'text', text: bytes.toString('utf8'), bytes, lossy: false };
  const invalid = countInvalidUtf8Bytes(bytes);
  if (invalid > bytes.length * maxInvalidShare) {
    return {
      kind: 'deadLetter',
      reason: 'binary',
      detail: `${invalid} of ${bytes.length} bytes are not valid UTF-8`,
    };
  }
  return { kind: 'text', text: bytes.toString('utf8'), bytes, lossy: true };
}

/** Counts the bytes that are not part of a well-formed UTF-8 sequence (RFC 3629). */
export function countInvalidUtf8Bytes(bytes: Uint8Array): number {
  let invalid = 0;
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length === 0) {
      invalid += 1;
      i += 1;
    } else {
      i += length;
    }
  }
  return invalid;
}

const isContinuation = (byte: number | undefined): boolean => byte !== undefined && (byte & 0xc0) === 0x80;

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there starts none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i] ?? 0;
  if (b0 < 0x80) return 1;
  const b1 = bytes[i + 1];
  if (b0 >= 0xc2 && b0 <= 0xdf) return isContinuation(b1) ? 2 : 0;
  if (b1 === undefined) return 0;
  const b2 = bytes[i + 2];
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const low = b0 === 0xe0 ? 0xa0 : 0x80;
    const high = b0 === 0xed ? 0x9f : 0xbf;
    return b1 >= low && b1 <= high && isContinuation(b2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const low = b0 === 0xf0 ? 0x90 : 0x80;
    const high = b0 === 0xf4 ? 0x8f : 0xbf;
    return b1 >= low && b1 <= high && isContinuation(b2) && isContinuation(bytes[i + 3]) ? 4 : 0;
  }
  return 0;
}
