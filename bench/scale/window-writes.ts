/**
 * Expected distinct groups among `draws` records spread evenly over `groups` groups.
 *
 * @example
 * distinctGroups(100, 1); // 1
 * distinctGroups(1, 100); // 1: one group can only show once
 */
export function distinctGroups(groups: number, draws: number): number {
  if (groups <= 0 || draws <= 0) return 0;
  return groups * (1 - (1 - 1 / groups) ** draws);
}

/** What a batch writes to the detect windows. */
export interface WindowWriteInput {
  /** Records of the batch that a count rule matches. */
  readonly matching: number;
  /** Event time the batch spans (ms). */
  readonly spanMs: number;
  readonly ruleWindowsMs: readonly number[];
  /** Distinct groups in the load. */
  readonly groups: number;
  /** Groups one write (one item) carries. */
  readonly groupsPerWrite: number;
}

/**
 * Window writes of one batch: per rule, the windows its event time spans (one, plus the boundaries it
 * crosses), times the items its groups fall in. An upper bound: a batch that crosses a boundary splits
 * its groups between two windows.
 *
 * @example
 * windowWritesPerBatch({ matching: 60, spanMs: 200, ruleWindowsMs: [10_000], groups: 3, groupsPerWrite: 1 });
 * // 3.06: 1.02 windows × 3 groups
 */
export function windowWritesPerBatch(input: WindowWriteInput): number {
  const inBatch = distinctGroups(input.groups, input.matching);
  if (inBatch === 0) return 0;
  const items = Math.ceil(inBatch / input.groupsPerWrite - 1e-9);
  return input.ruleWindowsMs.reduce((sum, windowMs) => sum + (1 + input.spanMs / windowMs) * items, 0);
}

/** The busiest window item: who writes it and how big it is. */
export interface HotItemInput {
  readonly groups: number;
  readonly groupsPerWrite: number;
  /** Matching records per batch. */
  readonly matching: number;
  /** Batches a second, all partitions together. */
  readonly batchesPerSecond: number;
  readonly partitions: number;
  readonly baseBytes: number;
  readonly bytesPerGroup: number;
  readonly bytesPerMark: number;
  readonly writeUnitBytes: number;
}

export interface HotItem {
  readonly writesPerSecond: number;
  readonly itemBytes: number;
  /** Write units one write of it costs (billed by the whole item). */
  readonly unitsPerWrite: number;
  readonly unitsPerSecond: number;
}

/**
 * The hottest window item: every batch whose records include one of its groups writes it once, and it
 * holds its groups and one mark per partition that wrote it.
 *
 * @example
 * hotItem({ groups: 3, groupsPerWrite: 1, matching: 600, batchesPerSecond: 120, partitions: 12,
 *   baseBytes: 200, bytesPerGroup: 60, bytesPerMark: 20, writeUnitBytes: 1024 });
 * // { writesPerSecond: 120, itemBytes: 500, unitsPerWrite: 1, unitsPerSecond: 120 }
 */
export function hotItem(input: HotItemInput): HotItem {
  const perItem = Math.min(input.groups, input.groupsPerWrite);
  const touch = input.groups <= 0 ? 0 : 1 - (1 - perItem / input.groups) ** input.matching;
  const writesPerSecond = input.batchesPerSecond * touch;
  const itemBytes = input.baseBytes + perItem * input.bytesPerGroup + input.partitions * input.bytesPerMark;
  const unitsPerWrite = Math.ceil(itemBytes / input.writeUnitBytes);
  return { writesPerSecond, itemBytes, unitsPerWrite, unitsPerSecond: writesPerSecond * unitsPerWrite };
}
