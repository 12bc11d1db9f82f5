import type { WindowKey } from '../../rules/aggregate';
import { ROOT_LOW } from '../../rules/leaves/layout';
import type { WindowId } from '../../rules/leaves/types';

/**
 * Keys of the sluice table (one table, string pk/sk). The leaves of a window share its partition key
 * (rule, window start in ISO 8601, window size: a rule whose window changes starts new items instead
 * of mixing sizes); alerts of one (rule, group) share theirs, sorted by window start.
 */
export const ItemKind = {
  leaf: 'leaf',
  /** The per-(rule, group) window items of the layout before leaves (docs/detect.md "Upgrade"). */
  window: 'window',
  alert: 'alert',
  realert: 'realert',
  over: 'over',
  budget: 'budget',
  fingerprint: 'fingerprint',
  watermark: 'watermark',
  cursor: 'cursor',
  cleared: 'cleared',
} as const;
export type ItemKind = (typeof ItemKind)[keyof typeof ItemKind];

const iso = (ms: number): string => new Date(ms).toISOString();

export const keys = {
  /** A leaf of a window: the root has one sort key, other leaves are named by generation and low. */
  leaf: (window: WindowId, gen: string, low: string) => ({
    pk: `W#${window.rule}#${iso(window.windowStart)}/${window.windowMs}`,
    sk: low === ROOT_LOW ? `L#${ROOT_LOW}` : `L#${low}#${gen}`,
  }),
  alert: (key: WindowKey) => ({
    pk: `A#${key.rule}#${key.group}`,
    sk: `${iso(key.windowStart)}/${key.windowMs}`,
  }),
  /** The realert state of a (rule, group): sorts after every alert of the same partition key. */
  realert: (rule: string, group: string) => ({ pk: `A#${rule}#${group}`, sk: 'realert' }),
  /** The latest window of a (rule, group) over its threshold, per window size (for resolved notices). */
  over: (rule: string, group: string, windowMs: number) => ({
    pk: `A#${rule}#${group}`,
    sk: `over/${windowMs}`,
  }),
  /** A webhook's Slack budget of one minute: the default webhook's (route `''`), or a destination's. */
  budget: (minuteStart: number, route = '') => ({
    pk: route === '' ? 'S#slack-budget' : `S#slack-budget#${route}`,
    sk: iso(minuteStart),
  }),
  /** When a fingerprint of a `type: new` rule was last seen. */
  fingerprint: (rule: string, id: string) => ({ pk: `F#${rule}#${id}`, sk: 'seen' }),
  /** A partition's watermark: all partitions share one partition key, read with one Query. */
  watermark: (topic: string, partition: number) => ({ pk: 'P#watermarks', sk: `${topic}#${partition}` }),
  /** The next window of a rule the sweeper evaluates, per window size. */
  cursor: (rule: string, windowMs: number) => ({ pk: `R#${rule}`, sk: `cursor/${windowMs}` }),
  /** The latest window in which an alerted (rule, group) cleared (logging again, back under the ratio). */
  cleared: (rule: string, group: string, windowMs: number) => ({
    pk: `A#${rule}#${group}`,
    sk: `cleared/${windowMs}`,
  }),
  /** Sort key of the `pending` index: when the item is due. */
  due: (at: number): string => iso(at),
};
