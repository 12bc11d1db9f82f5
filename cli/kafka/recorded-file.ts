import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MSKEvent } from 'aws-lambda';

/**
 * Writes a recorded MSK event as the JSON Lambda would receive (one line, as compact as the real
 * payload), creating the folder; resolves to its size in bytes. `sluice replay FILE` and
 * `serverless invoke local -p FILE` read it as it is.
 */
export function writeRecordedEvent(file: string, event: MSKEvent): number {
  const text = `${JSON.stringify(event)}\n`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return Buffer.byteLength(text);
}
