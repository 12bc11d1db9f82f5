import type { AlertSample } from '../alerts/types';
import type { AcceptedRecord } from '../batch/types';
import type { KubernetesContext, LogEvent } from '../logs/types';
import { Counting, countingOf } from './counting';
import { groupOf } from './group';
import { isWindowedRule, type Rule, RuleType, type WindowedRule } from './types';
import { eventTimeMs, windowStarts } from './windows';

/** Samples an alert carries at most. */
export const MAX_SAMPLES = 5;
const MAX_SAMPLE_MESSAGE = 1000;
const MAX_SERVICES = 10;

/** Identity of one window of one group of one rule. */
export interface WindowKey {
  readonly rule: string;
  readonly group: string;
  /** Epoch ms, aligned to the rule's slide (or window). */
  readonly windowStart: number;
  readonly windowMs: number;
}

/** The offsets of one partition that matched a window in a batch, ascending and distinct. */
export interface PartitionOffsets {
  readonly topic: string;
  readonly partition: number;
  readonly offsets: readonly number[];
  /** Ratio rules: the offsets that `where` matches too (they count in `c`; every offset counts in `o`). */
  readonly hits?: ReadonlySet<number>;
}

/** Everything one batch adds to one window: the write unit (one write per delta, never per record). */
export interface WindowDelta extends WindowKey {
  readonly partitions: readonly PartitionOffsets[];
  /** Matching records of this batch in the window (before removing ones counted by an earlier try). */
  readonly records: number;
  /** Up to {@link MAX_SAMPLES} matching events, in batch order. */
  readonly samples: readonly AlertSample[];
  /** Distinct services of the matching events (at most 10). */
  readonly services: readonly string[];
  /** The Kubernetes fields all matching events agree on, when any. */
  readonly kubernetes: KubernetesContext | undefined;
  /** Flatline rules: the latest event time of the group in the batch (epoch ms), for "last seen". */
  readonly lastSeen?: number;
  /** Ratio rules: the deltas carry `hits` and count in `o` too. */
  readonly ratio?: boolean;
}

interface Builder {
  key: WindowKey;
  offsets: Map<string, { topic: string; partition: number; offsets: number[]; hits?: Set<number> }>;
  ratio: boolean;
  lastSeen: number | undefined;
  records: number;
  samples: AlertSample[];
  services: Set<string>;
  kubernetes: KubernetesContext | undefined;
  first: boolean;
}

/**
 * Groups a batch's accepted records by (rule, group, window) in memory: the input of the one write
 * per window key. Records are identified by their own Kafka coordinates.
 *
 * @example
 * const deltas = aggregateBatch(read.accepted, ruleSet.rules);
 * deltas.length; // distinct window keys touched by the batch
 */
export function aggregateBatch(accepted: readonly AcceptedRecord[], rules: readonly Rule[]): WindowDelta[] {
  const builders = new Map<string, Builder>();
  // Count, flatline and ratio rules have windows; new-error rules are evaluated their own way.
  const windowed = rules.filter(isWindowedRule);
  for (const { record, event } of accepted) {
    let time: number | undefined;
    for (const rule of windowed) {
      const counting = countingOf(rule, event);
      if (counting === Counting.none) continue;
      time ??= eventTimeMs(event);
      const group = groupOf(event, rule);
      for (const windowStart of windowStarts(time, rule)) {
        const id = `${rule.name}\u0000${group}\u0000${windowStart}`;
        let builder = builders.get(id);
        if (!builder) {
          builder = newBuilder({ rule: rule.name, group, windowStart, windowMs: rule.windowMs }, rule);
          builders.set(id, builder);
        }
        add(builder, record.topic, record.partition, record.offset, event, counting === Counting.hit);
        if (rule.type === RuleType.flatline && (builder.lastSeen ?? Number.NEGATIVE_INFINITY) < time)
          builder.lastSeen = time;
      }
    }
  }
  return [...builders.values()].map(finish);
}

function newBuilder(key: WindowKey, rule: WindowedRule): Builder {
  return {
    key,
    offsets: new Map(),
    ratio: rule.type === RuleType.ratio,
    lastSeen: undefined,
    records: 0,
    samples: [],
    services: new Set(),
    kubernetes: undefined,
    first: true,
  };
}

function add(
  builder: Builder,
  topic: string,
  partition: number,
  offset: number,
  event: LogEvent,
  hit: boolean,
): void {
  const id = `${topic}:${partition}`;
  let slot = builder.offsets.get(id);
  if (!slot) {
    slot = builder.ratio
      ? { topic, partition, offsets: [], hits: new Set() }
      : { topic, partition, offsets: [] };
    builder.offsets.set(id, slot);
  }
  slot.offsets.push(offset);
  if (hit) slot.hits?.add(offset);
  builder.records += 1;
  // A ratio rule's samples are the events it counts (the errors), not the rest of the group.
  if (builder.samples.length < MAX_SAMPLES && hit) builder.samples.push(sampleOf(event));
  if (event.service !== undefined && builder.services.size < MAX_SERVICES)
    builder.services.add(event.service);
  builder.kubernetes = builder.first ? event.kubernetes : common(builder.kubernetes, event.kubernetes);
  builder.first = false;
}

function finish(builder: Builder): WindowDelta {
  const slots = [...builder.offsets.values()];
  if (slots.length > 1)
    slots.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
  let records = 0;
  const partitions = slots.map(({ topic, partition, offsets, hits }): PartitionOffsets => {
    const distinct = distinctAscending(offsets);
    records += distinct.length;
    return hits ? { topic, partition, offsets: distinct, hits } : { topic, partition, offsets: distinct };
  });
  // Fields one by one, not spread: with 10,000 groups in a batch this object is built 10,000 times.
  const { key } = builder;
  const delta: { -readonly [K in keyof WindowDelta]: WindowDelta[K] } = {
    rule: key.rule,
    group: key.group,
    windowStart: key.windowStart,
    windowMs: key.windowMs,
    partitions,
    records,
    samples: builder.samples,
    services: Array.from(builder.services),
    kubernetes: builder.kubernetes,
  };
  if (builder.lastSeen !== undefined) delta.lastSeen = builder.lastSeen;
  if (builder.ratio) delta.ratio = true;
  return delta;
}

function distinctAscending(offsets: number[]): number[] {
  const sorted = offsets.every((offset, i) => i === 0 || offset > (offsets[i - 1] as number));
  return sorted ? offsets : [...new Set(offsets)].sort((a, b) => a - b);
}

function common(
  a: KubernetesContext | undefined,
  b: KubernetesContext | undefined,
): KubernetesContext | undefined {
  if (!a || !b) return undefined;
  const shared: KubernetesContext = {};
  for (const key of ['namespace', 'pod', 'container', 'host'] as const)
    if (a[key] === b[key] && a[key] !== undefined) shared[key] = a[key];
  return Object.keys(shared).length > 0 ? shared : undefined;
}

/** The part of an event an alert shows, with the message cut to a size that keeps items small. */
export function sampleOf(event: LogEvent): AlertSample {
  const sample: AlertSample = {
    timestamp: event['@timestamp'],
    message:
      event.message.length > MAX_SAMPLE_MESSAGE
        ? `${event.message.slice(0, MAX_SAMPLE_MESSAGE)}…`
        : event.message,
    level: event.level,
  };
  if (event.pathname !== undefined) sample.pathname = event.pathname;
  if (event.lineno !== undefined) sample.lineno = event.lineno;
  if (event.service !== undefined) sample.service = event.service;
  if (event.kubernetes !== undefined) sample.kubernetes = event.kubernetes;
  return sample;
}
