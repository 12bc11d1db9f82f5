/** Where the field readers record the keys they took, so that attrs leaves them out. */
export interface ConsumedKeys {
  push(key: string): unknown;
}

/**
 * The keys a log's normalized fields were taken from: a short list, reused from record to record
 * (cleared by resetting a count, with no array to shrink or allocate).
 *
 * @example
 * const used = new KeyList();
 * used.push('msg');
 * used.has('msg'); // true
 */
export class KeyList implements ConsumedKeys {
  private readonly keys: string[] = [];
  /** How many keys are in the list. */
  size = 0;

  push(key: string): void {
    this.keys[this.size] = key;
    this.size += 1;
  }

  has(key: string): boolean {
    for (let i = 0; i < this.size; i++) if (this.keys[i] === key) return true;
    return false;
  }

  clear(): void {
    this.size = 0;
  }
}
