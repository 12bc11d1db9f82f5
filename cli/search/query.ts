import { compileEventFilter, type EventFilter } from '../../shared/logs/event-filter';
import { eventTimeMs } from '../../shared/rules/windows';
import type { SearchEvent } from './types';

// The level and glob readers are shared with `sluice rehydrate` (and its function).
export { globRegex, isGlob, parseLevels } from '../../shared/logs/event-filter';

/** What `sluice search` looks for: the shared event filter, plus a text. Every field given must match (AND). */
export interface SearchQuery extends EventFilter {
  /** Case-insensitive substring of the message. */
  readonly text?: string;
  /** The newest this many matches are returned. */
  readonly limit: number;
}

/**
 * Compiles a query into a predicate over archived events (the archive search applies it to every
 * line; OpenSearch is asked the same question in its own terms, see `searchBody`).
 *
 * @example
 * const matches = compileQuery({ levels: ['error'], text: 'timed out', limit: 10 });
 * matches(event); // true for an error whose message contains "Timed Out"
 */
export function compileQuery(query: SearchQuery): (event: SearchEvent) => boolean {
  const filter = compileEventFilter(query);
  const text = query.text?.toLowerCase();
  return (event) =>
    filter(event) &&
    (text === undefined ||
      String(event.message ?? '')
        .toLowerCase()
        .includes(text));
}

/** Chronological order: event time, then Kafka topic, partition and offset (a total, stable order). */
export function compareEvents(a: SearchEvent, b: SearchEvent): number {
  return (
    eventTimeMs(a) - eventTimeMs(b) ||
    (a.kafka.topic < b.kafka.topic ? -1 : a.kafka.topic > b.kafka.topic ? 1 : 0) ||
    a.kafka.partition - b.kafka.partition ||
    a.kafka.offset - b.kafka.offset
  );
}

/** The identity of a Kafka record: a record archived twice (a retried batch) is one result. */
export const recordId = (event: SearchEvent): string =>
  `${event.kafka.topic}\u0000${event.kafka.partition}\u0000${event.kafka.offset}`;
