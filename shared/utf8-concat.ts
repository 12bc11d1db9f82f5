/**
 * Concatenates strings into one UTF-8 Buffer, each written straight into place: no joined string is
 * built and flattened first (for a 5 MB `_bulk` or NDJSON body that copy cost as much as the encoding).
 * `totalBytes`, when the caller already knows it, saves measuring the parts.
 *
 * @example
 * utf8Concat(['{"a":1}', '\n', '{"b":"é"}', '\n']).toString(); // '{"a":1}\n{"b":"é"}\n'
 */
export function utf8Concat(parts: readonly string[], totalBytes?: number): Buffer {
  let total = totalBytes ?? 0;
  if (totalBytes === undefined) for (const part of parts) total += Buffer.byteLength(part);
  const buffer = Buffer.allocUnsafe(total);
  let offset = 0;
  for (const part of parts) offset += buffer.write(part, offset);
  if (offset !== total) throw new Error(`utf8Concat: wrote ${offset} bytes, expected ${total}`);
  return buffer;
}
