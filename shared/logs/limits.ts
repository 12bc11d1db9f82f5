/**
 * Bounds that keep one normalized event small and safe to index, whatever a service logs.
 * docs/normalization.md explains each one; change them there too.
 */
export const AttrLimits = {
  /** Objects and arrays nest at most this many levels inside `attrs`; deeper ones become a marker string. */
  maxDepth: 8,
  /** At most this many entries (object members and array items, counted at every level) in `attrs`. */
  maxEntries: 500,
  /** Strings inside `attrs` longer than this (UTF-16 code units) are cut, marker included. */
  maxStringLength: 8192,
  /** Keys inside `attrs` longer than this are cut. */
  maxKeyLength: 256,
} as const;

/** `pathname`, `service` and the Kubernetes fields become alert groups and DynamoDB keys: keep them short. */
export const FieldLimits = {
  maxLength: 512,
} as const;
const maxFieldLength = FieldLimits.maxLength;

/** Appended to a cut string (counted in its bounded length). */
export const truncationMarker = '…[truncated]';

/** Replaces an object or array nested deeper than `AttrLimits.maxDepth`. */
export const depthMarker = '[truncated: nested too deep]';

/** Set to `true` in `attrs` when anything in it was cut, dropped or replaced by a marker. */
export const truncatedFlag = '_truncated';

/** `value` cut to `FieldLimits.maxLength`, for the fields that become alert groups and keys. */
export function boundField(value: string): string {
  return value.length > maxFieldLength ? truncate(value, maxFieldLength) : value;
}

/** Cuts `value` to at most `max` code units (marker included) without splitting a surrogate pair. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  let keep = max - truncationMarker.length;
  const last = value.charCodeAt(keep - 1);
  if (last >= 0xd800 && last <= 0xdbff) keep -= 1;
  return value.slice(0, keep) + truncationMarker;
}
