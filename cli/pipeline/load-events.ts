import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '../../shared/errors';
import { parseKafkaEvent } from '../../shared/kafka/event';
import type { KafkaBatch } from '../../shared/kafka/types';
import { naturalCompare } from './natural-order';

/** A recorded event file, parsed and checked. */
export interface RecordedEvent {
  readonly file: string;
  readonly batch: KafkaBatch;
}

/**
 * Expands files and directories into event files: a directory's `*.json` files, recursively, in natural
 * order (`batch-2.json` before `batch-10.json`); files named on the command line stay in their order.
 */
export function expandEventPaths(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    let stats: ReturnType<typeof statSync>;
    try {
      stats = statSync(path);
    } catch {
      throw new InvalidInputError(`${path}: no such file or directory`);
    }
    if (!stats.isDirectory()) return [path];
    const found = readdirSync(path, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.json'))
      .sort(naturalCompare)
      .map((name) => join(path, name))
      .filter((file) => statSync(file).isFile());
    if (found.length === 0) throw new InvalidInputError(`${path}: no .json event files in this directory`);
    return found;
  });
}

/**
 * Reads and checks every event file before anything runs, so a bad file stops the command with one
 * line that names it, and never half-way through a replay.
 */
export function loadRecordedEvents(paths: readonly string[]): RecordedEvent[] {
  return expandEventPaths(paths).map((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new InvalidInputError(
        `${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new InvalidInputError(`${file}: not valid JSON, is the file truncated? (${reason})`);
    }
    try {
      return { file, batch: parseKafkaEvent(json) };
    } catch (error) {
      throw new InvalidInputError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}
