import type { PartitionOffsets } from './aggregate';

/**
 * The exactness rule of window counts (docs/detect.md): a window remembers, per Kafka partition, the
 * highest offset it has counted (its mark). A write adds only the offsets above the mark and raises
 * the mark, on the condition that the stored mark is still below the lowest offset it adds.
 */

const markNames = new Map<string, string[]>();

/** Name of the attribute that holds a partition's mark in a window item (built once per partition). */
export function markName(topic: string, partition: number): string {
  let names = markNames.get(topic);
  if (!names) {
    names = [];
    markNames.set(topic, names);
  }
  let name = names[partition];
  if (name === undefined) {
    name = `hw:${topic}:${partition}`;
    // Kafka topics have a few thousand partitions at most; beyond, names are built each time.
    if (partition < 100_000) names[partition] = name;
  }
  return name;
}

/** What one partition contributes to a write. */
export interface PartitionStep {
  /** Mark attribute name. */
  readonly name: string;
  /** Condition: the stored mark is absent or below this (the lowest offset counted). */
  readonly below: number;
  /** The new mark: the highest offset counted. */
  readonly mark: number;
  readonly add: number;
}

/** One conditional write: add `add` to the count and move the marks of `steps`. */
export interface WritePlan {
  readonly add: number;
  readonly steps: readonly PartitionStep[];
}

/**
 * Plans the write of a window's offsets given the marks known for it. With no marks known (the
 * optimistic first try) every offset counts; after a conflict, the marks read from the item decide.
 * A partition with nothing above its mark is left out (marks never go down, so no condition is needed).
 *
 * @example
 * planWrite([{ topic: 'logs', partition: 0, offsets: [5, 6, 7] }], (name) => 6);
 * // { add: 1, steps: [{ name: 'hw:logs:0', below: 7, mark: 7, add: 1 }] }
 */
export function planWrite(
  partitions: readonly PartitionOffsets[],
  markOf: (name: string) => number | undefined = () => undefined,
): WritePlan {
  const steps: PartitionStep[] = [];
  let add = 0;
  for (const { topic, partition, offsets } of partitions) {
    const name = markName(topic, partition);
    const mark = markOf(name);
    const counted = mark === undefined ? offsets : offsets.filter((offset) => offset > mark);
    const lowest = counted[0];
    const highest = counted[counted.length - 1];
    if (lowest === undefined || highest === undefined) continue;
    steps.push({ name, below: lowest, mark: highest, add: counted.length });
    add += counted.length;
  }
  return { add, steps };
}

/** Splits a plan so that no write carries more than `maxSteps` partition conditions (expression size). */
export function splitPlan(plan: WritePlan, maxSteps: number): WritePlan[] {
  if (plan.steps.length <= maxSteps) return [plan];
  const parts: WritePlan[] = [];
  for (let i = 0; i < plan.steps.length; i += maxSteps) {
    const steps = plan.steps.slice(i, i + maxSteps);
    parts.push({ add: steps.reduce((sum, step) => sum + step.add, 0), steps });
  }
  return parts;
}
