import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The simulated topic's next offset per partition, kept in the data dir so a new run never reuses an
 * offset: the detect path would rightly treat a reused offset as a redelivery and not count it.
 */
export function readTopicOffsets(file: string): number[] {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { next?: unknown };
    return Array.isArray(parsed.next)
      ? parsed.next.filter((n): n is number => Number.isInteger(n) && n >= 0)
      : [];
  } catch {
    return [];
  }
}

export function writeTopicOffsets(file: string, next: readonly number[]): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ next })}\n`);
}
