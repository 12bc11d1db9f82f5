import type { LeafDecision, LeafGroup, LeafSplit, LeafState, LeafWrite } from './types';

/**
 * What a leaf write, a split and a decision do to a leaf, as values: the in-memory twin of the
 * DynamoDB store applies them, and the layout logic uses `afterSplit` to know a leaf after its own
 * split. The DynamoDB adapter states the same rules as condition and update expressions.
 */

/** Whether DynamoDB would accept `write` on `leaf` (undefined: no such item). */
export function writeAllowed(leaf: LeafState | undefined, write: LeafWrite): boolean {
  if (write.create) return leaf === undefined;
  const { expect } = write;
  if (expect.gen !== undefined && leaf?.gen !== expect.gen) return false;
  if (leaf?.hi !== undefined && leaf.hi <= expect.maxHash) return false;
  if (leaf !== undefined && leaf.groups.size > expect.room) return false;
  if (leaf?.redriveVersion !== expect.redriveVersion) return false;
  return write.marks.every((step) => {
    const mark = leaf?.marks.get(step.name);
    return mark === undefined || mark < step.below;
  });
}

/** The leaf after an accepted write. */
export function applyWrite(leaf: LeafState | undefined, write: LeafWrite): LeafState {
  const groups = new Map(leaf?.groups ?? []);
  for (const { hash, group, add, of, last } of write.groups) {
    const before = groups.get(hash);
    const counters: Record<string, number> = { ...before?.counters, c: (before?.counters.c ?? 0) + add };
    if (of !== undefined) counters.o = (before?.counters.o ?? 0) + of;
    // `SET l`: the writer's value, whatever is stored (it sends one only when later than it knows).
    if (last !== undefined) counters.l = last;
    groups.set(hash, { group: before?.group ?? group, counters, alert: before?.alert });
  }
  const marks = new Map(leaf?.marks ?? []);
  for (const step of write.marks) marks.set(step.name, step.mark);
  const redriven = new Map(leaf?.redriven ?? []);
  for (const { name, offsets } of write.redriven)
    redriven.set(name, new Set([...(redriven.get(name) ?? []), ...offsets]));
  const lows = write.create ? [...write.create.lows] : leaf?.lows;
  return {
    low: write.low,
    // `SET hi = if_not_exists(hi, :hi)`: only a leaf without one takes it (docs/detect.md "Splits").
    hi: leaf?.hi ?? write.hi,
    gen: leaf?.gen ?? write.gen,
    version: (leaf?.version ?? 0) + 1,
    groups,
    marks,
    redriven,
    redriveVersion: write.redriven.length > 0 ? (leaf?.redriveVersion ?? 0) + 1 : leaf?.redriveVersion,
    expiresAt: write.expiresAt,
    lows,
  };
}

/** Whether DynamoDB would accept the split's update of the split leaf. */
export function splitAllowed(leaf: LeafState | undefined, split: LeafSplit): boolean {
  return split.version === undefined ? leaf === undefined : leaf?.version === split.version;
}

/** The split leaf after its split: its lower part, its new upper bound, and (the root) the new lows. */
export function afterSplit(leaf: LeafState | undefined, split: LeafSplit): LeafState {
  const moved = new Set(split.moved);
  return {
    low: split.low,
    hi: split.hi,
    gen: leaf?.gen ?? split.gen,
    version: (leaf?.version ?? 0) + 1,
    groups: new Map([...(leaf?.groups ?? [])].filter(([hash]) => !moved.has(hash))),
    marks: leaf?.marks ?? new Map(),
    redriven: leaf?.redriven ?? new Map(),
    redriveVersion: leaf?.redriveVersion,
    expiresAt: leaf?.expiresAt ?? split.expiresAt,
    lows: leaf?.lows === undefined ? undefined : [...new Set([...leaf.lows, ...split.lows])].sort(),
  };
}

/** Whether every decided group is still in the leaf. */
export function decideAllowed(leaf: LeafState | undefined, decisions: readonly LeafDecision[]): boolean {
  return leaf !== undefined && decisions.every(({ hash }) => leaf.groups.has(hash));
}

/** The leaf with the decisions remembered. */
export function applyDecisions(leaf: LeafState, decisions: readonly LeafDecision[]): LeafState {
  const groups = new Map(leaf.groups);
  for (const { hash, alert } of decisions) {
    const group = groups.get(hash) as LeafGroup;
    groups.set(hash, { ...group, alert });
  }
  return { ...leaf, groups };
}
