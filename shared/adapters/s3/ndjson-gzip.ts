import { gzipSync } from 'node:zlib';
import { utf8Concat } from '../../utf8-concat';

/**
 * Joins JSON lines into one NDJSON document and gzips it. Node writes a gzip header with no file name
 * and mtime 0, so equal lines and level give equal bytes: a retried batch overwrites an object with
 * itself.
 *
 * @example
 * gunzipSync(gzipNdjson(['{"a":1}'], 6)).toString(); // '{"a":1}\n'
 */
export function gzipNdjson(lines: readonly string[], level: number): Buffer {
  const parts: string[] = [];
  for (const line of lines) parts.push(line, '\n');
  return gzipSync(utf8Concat(parts), { level });
}
