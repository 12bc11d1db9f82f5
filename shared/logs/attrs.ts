import type { KeyList } from './key-list';
import { AttrLimits, depthMarker, truncate, truncatedFlag } from './limits';
import { createPlainObject } from './plain-object';

type JsonObject = Record<string, unknown>;

const { maxDepth, maxEntries, maxStringLength, maxKeyLength } = AttrLimits;

/** Assigns an own property, also for the key `__proto__` (which plain assignment would not create). */
export function setOwn(target: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/**
 * Collects the fields of a log that no normalized field took, bounded by `AttrLimits`: values are
 * reused as they are when within bounds and copied only where something must be cut. Objects nested
 * deeper than `maxDepth` become `depthMarker`, entries past `maxEntries` are dropped, long strings and
 * keys are cut; when anything was, `attrs._truncated` is `true`. Recursion is bounded by `maxDepth`,
 * so no input can exhaust the stack.
 *
 * One builder serves many records in turn (`begin` ... `finish`), so a batch allocates no builders.
 *
 * @example
 * const attrs = new AttrsBuilder();
 * attrs.begin();
 * attrs.addFields({ msg: 'hi', user: 'ann' }, used); // used: a KeyList holding 'msg'
 * attrs.finish(); // { user: 'ann' }
 */
export class AttrsBuilder {
  private attrs: JsonObject = {};
  private entries = 0;
  private truncated = false;

  /** Starts the attrs of a new record. */
  begin(): void {
    this.attrs = createPlainObject();
    this.entries = 0;
    this.truncated = false;
  }

  /**
   * Adds every field of `log` (a parsed JSON object: its fields are all its own) except the `skip` keys;
   * a later field with the same key wins. `for...in` rather than Object.keys: no array per record.
   */
  addFields(log: JsonObject, skip: KeyList): void {
    let toSkip = skip.size;
    for (const key in log) {
      // Each skipped key is in the log once: when all are passed, stop looking.
      if (toSkip > 0 && skip.has(key)) {
        toSkip -= 1;
        continue;
      }
      const value = log[key];
      // Fast path for the common field: a short key and a scalar or a short string.
      if (
        this.entries < maxEntries &&
        key.length <= maxKeyLength &&
        key !== '__proto__' &&
        (typeof value !== 'object' || value === null) &&
        (typeof value !== 'string' || value.length <= maxStringLength)
      ) {
        this.entries += 1;
        this.attrs[key] = value;
      } else {
        this.add(key, value);
      }
    }
  }

  /** Adds one field. */
  add(key: string, value: unknown): void {
    if (this.entries >= maxEntries) {
      this.truncated = true;
      return;
    }
    this.entries += 1;
    setOwn(this.attrs, this.boundKey(key), this.bound(value, 1));
  }

  /** The bounded attrs, flagged when something was cut. */
  finish(): JsonObject {
    if (this.truncated) this.attrs[truncatedFlag] = true;
    return this.attrs;
  }

  private boundKey(key: string): string {
    if (key.length <= maxKeyLength) return key;
    this.truncated = true;
    return truncate(key, maxKeyLength);
  }

  /** `value` at nesting `level` (a field of attrs is at level 1), or a bounded copy of it. */
  private bound(value: unknown, level: number): unknown {
    if (typeof value === 'string') {
      if (value.length <= maxStringLength) return value;
      this.truncated = true;
      return truncate(value, maxStringLength);
    }
    if (typeof value !== 'object' || value === null) return value;
    if (level > maxDepth) {
      this.truncated = true;
      return depthMarker;
    }
    return Array.isArray(value)
      ? this.boundArray(value, level)
      : this.boundObject(value as JsonObject, level);
  }

  private boundArray(items: unknown[], level: number): unknown[] {
    let copy: unknown[] | undefined;
    for (let i = 0; i < items.length; i++) {
      if (this.entries >= maxEntries) {
        this.truncated = true;
        return copy ?? items.slice(0, i);
      }
      this.entries += 1;
      const item = items[i];
      const bounded = this.bound(item, level + 1);
      if (copy !== undefined) copy.push(bounded);
      else if (bounded !== item) {
        copy = items.slice(0, i);
        copy.push(bounded);
      }
    }
    return copy ?? items;
  }

  private boundObject(object: JsonObject, level: number): JsonObject {
    let copy: JsonObject | undefined;
    let index = 0;
    for (const key in object) {
      if (this.entries >= maxEntries) {
        this.truncated = true;
        return copy ?? copyFirst(object, index);
      }
      this.entries += 1;
      const value = object[key];
      const bounded = this.bound(value, level + 1);
      const boundedKey = this.boundKey(key);
      if (copy !== undefined) setOwn(copy, boundedKey, bounded);
      else if (bounded !== value || boundedKey !== key) {
        copy = copyFirst(object, index);
        setOwn(copy, boundedKey, bounded);
      }
      index += 1;
    }
    return copy ?? object;
  }
}

/** A new plain object with the first `count` fields of `object`. */
function copyFirst(object: JsonObject, count: number): JsonObject {
  const copy = createPlainObject();
  let index = 0;
  for (const key in object) {
    if (index === count) break;
    setOwn(copy, key, object[key]);
    index += 1;
  }
  return copy;
}
