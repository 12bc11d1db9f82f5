import { toBulkDocuments } from '../../shared/adapters/opensearch/to-documents';
import type { TimeBudget } from '../../shared/adapters/opensearch/types';
import type { ArchiveLine } from '../../shared/adapters/s3/archive-encoder';
import { type ArchiveObjectLines, readArchiveObject } from '../../shared/adapters/s3/archive-object';
import type { ObjectReader } from '../../shared/adapters/s3/types';
import {
  type DeadLetterEntry,
  type DeadLetterSink,
  DeadLetterStage,
  deadLetterEntry,
} from '../../shared/dead-letter/types';
import type { KafkaCoordinates } from '../../shared/kafka/types';
import type { LogEvent } from '../../shared/logs/types';
import { mapLimit } from '../../shared/map-limit';
import { noCounts, type RehydrateArgs, type RehydrateCounts } from '../../shared/rehydrate/checkpoint';
import type { CopyTracker } from './copies';
import type { DocumentWriter } from './types';

/** A record of the range that matches the filters, as read back from the archive. */
export interface SelectedRecord {
  readonly record: KafkaCoordinates;
  /** The event exactly as live indexing sent it (the archive line without `originalValue`). */
  readonly event: LogEvent;
  /** The original value bytes (base64), kept by the archive when decoding was lossy. */
  readonly originalValue?: string;
}

/** What reading the objects of a step gave. */
export interface StepRead {
  readonly counts: RehydrateCounts;
  readonly selected: readonly SelectedRecord[];
}

/** Nothing readable: a missing object (removed since it was listed) counts as one unreadable line. */
const vanished: ArchiveObjectLines = { events: [], unreadable: 1 };

async function download(store: ObjectReader, keys: readonly string[], downloads: number) {
  return mapLimit(keys, downloads, async (key) => {
    const body = await store.get(key);
    return body === undefined ? vanished : readArchiveObject(body);
  });
}

function selectedOf(line: ArchiveLine): SelectedRecord {
  if (line.originalValue === undefined) return { record: line.kafka, event: line };
  const { originalValue, ...event } = line;
  return { record: line.kafka, event, originalValue };
}

/**
 * Reads the objects of a step (downloads in parallel, lines in key order): each line is unreadable, a
 * second copy of a record, or a record, and a record is filtered out or selected.
 *
 * @example
 * const { counts, selected } = await readStep(bucket, keys, copies, matches, 8);
 */
export async function readStep(
  store: ObjectReader,
  keys: readonly string[],
  copies: CopyTracker,
  matches: (event: LogEvent) => boolean,
  downloads: number,
): Promise<StepRead> {
  const objects = await download(store, keys, downloads);
  const selected: SelectedRecord[] = [];
  let lines = 0;
  let unreadable = 0;
  let copied = 0;
  let records = 0;
  keys.forEach((key, index) => {
    const { events, unreadable: bad } = objects[index] as ArchiveObjectLines;
    copies.enter(key);
    lines += events.length + bad;
    unreadable += bad;
    for (const line of events) {
      if (copies.seen(line.kafka.offset)) {
        copied += 1;
        continue;
      }
      records += 1;
      if (matches(line)) selected.push(selectedOf(line));
    }
  });
  return {
    counts: {
      ...noCounts,
      objects: keys.length,
      lines,
      unreadable,
      copies: copied,
      records,
      filteredOut: records - selected.length,
      selected: selected.length,
    },
    selected,
  };
}

/**
 * Reads objects a checkpoint has done only to remember their offsets (see `overlapping`): nothing is
 * counted or indexed.
 *
 * @example
 * await recallOffsets(bucket, overlapping(doneKeys, next.key), copies, 8);
 */
export async function recallOffsets(
  store: ObjectReader,
  keys: readonly string[],
  copies: CopyTracker,
  downloads: number,
): Promise<void> {
  const objects = await download(store, keys, downloads);
  keys.forEach((key, index) => {
    copies.enter(key);
    for (const line of (objects[index] as ArchiveObjectLines).events) copies.seen(line.kafka.offset);
  });
}

/** The dead-letter entry of a rehydrated record: its original bytes when the archive kept them, else its archived event. */
function refusedEntry(item: SelectedRecord, reason: 'mapping_conflict' | 'oversize', detail: string) {
  const value = item.originalValue ?? Buffer.from(JSON.stringify(item.event)).toString('base64');
  return deadLetterEntry(
    { ...item.record, key: null, value, headers: null },
    reason,
    detail,
    DeadLetterStage.index,
  );
}

/** What writing a step's selected records did. */
export interface StepWrite {
  readonly counts: Pick<
    RehydrateCounts,
    'created' | 'alreadyThere' | 'quarantined' | 'deadLettered' | 'failed'
  >;
  /** The first error of a record not indexed in time, for the checkpoint's `lastError`. */
  readonly failure?: string;
}

/**
 * Indexes the selected records with the same documents live indexing builds (ids, daily indices), or
 * into `args.index`, through the bulk writer (429s and 5xx retried with backoff, mapping conflicts
 * quarantined); records OpenSearch can never take go to the dead-letter area with their reason.
 *
 * @example
 * const { counts } = await writeStep(read.selected, args, writer, deadLetters, budget);
 */
export async function writeStep(
  selected: readonly SelectedRecord[],
  args: Pick<RehydrateArgs, 'index' | 'indexPrefix'>,
  writer: DocumentWriter,
  deadLetters: DeadLetterSink,
  budget: TimeBudget,
): Promise<StepWrite> {
  const counts = { created: 0, alreadyThere: 0, quarantined: 0, deadLettered: 0, failed: 0 };
  if (selected.length === 0) return { counts };
  const documents = toBulkDocuments(selected, args.indexPrefix);
  const target = args.index;
  const { outcomes } = await writer.write(
    target === undefined ? documents : documents.map((document) => ({ ...document, index: target })),
    budget,
  );
  const refused: DeadLetterEntry[] = [];
  let failure: string | undefined;
  outcomes.forEach((outcome, position) => {
    if (outcome.kind === 'indexed') {
      if (outcome.existed) counts.alreadyThere += 1;
      else counts.created += 1;
      if (outcome.quarantined) counts.quarantined += 1;
    } else if (outcome.kind === 'deadLetter') {
      refused.push(refusedEntry(selected[position] as SelectedRecord, outcome.reason, outcome.detail));
    } else {
      counts.failed += 1;
      failure ??= outcome.detail;
    }
  });
  counts.deadLettered = refused.length;
  if (refused.length > 0) await deadLetters.write(refused);
  return failure === undefined ? { counts } : { counts, failure };
}
