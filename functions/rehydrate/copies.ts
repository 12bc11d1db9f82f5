import { type ObjectRange, objectRange } from '../../shared/archive/keys';

/**
 * Finds the second copies of records a re-split retry archived twice, exactly and in little memory.
 * A record's copies are always in the same folder (hour, topic and partition derive from the record)
 * and in objects whose offset ranges overlap. Objects are read in key order, that is first offset
 * ascending within a folder, so an offset below the first offset of the object being read can never
 * be met again: only the offsets of the current overlap are kept.
 *
 * @example
 * const copies = new CopyTracker();
 * copies.enter(key);
 * for (const line of lines) if (copies.seen(line.kafka.offset)) continue; // a copy: counted once
 */
export class CopyTracker {
  #folder: string | undefined;
  #offsets = new Set<number>();
  #highest = Number.NEGATIVE_INFINITY;

  /** Starts the next object (in key order); its offsets are then checked with `seen`. */
  enter(key: string): void {
    const range: ObjectRange | undefined = objectRange(key);
    const folder = range?.folder ?? key;
    if (folder !== this.#folder) {
      this.#folder = folder;
      this.#offsets = new Set();
      this.#highest = Number.NEGATIVE_INFINITY;
      return;
    }
    const first = range?.firstOffset ?? Number.NEGATIVE_INFINITY;
    if (this.#highest < first) this.#offsets.clear();
    else for (const offset of this.#offsets) if (offset < first) this.#offsets.delete(offset);
  }

  /** True when this offset was met before in the folder (a copy); remembers it otherwise. */
  seen(offset: number): boolean {
    if (this.#offsets.has(offset)) return true;
    this.#offsets.add(offset);
    if (offset > this.#highest) this.#highest = offset;
    return false;
  }
}

/**
 * Of the objects a checkpoint has done, those whose records a remaining object can repeat: in the
 * folder of the first remaining object, with an offset range reaching its first offset. Reading them
 * again (without indexing) before going on keeps copies counted once across a resumed run. Usually
 * none: only a re-split retry makes ranges overlap.
 *
 * @example
 * overlapping(doneKeys, firstRemaining.key); // ['archive/…/partition=3/…1000-…1999.ndjson.gz']
 */
export function overlapping(doneKeys: readonly string[], firstRemaining: string): string[] {
  const next = objectRange(firstRemaining);
  if (next === undefined) return [];
  return doneKeys.filter((key) => {
    const range = objectRange(key);
    return range !== undefined && range.folder === next.folder && range.lastOffset >= next.firstOffset;
  });
}
