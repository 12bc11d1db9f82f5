import type { WindowKey } from '../../rules/aggregate';

/**
 * Keys of the sluice table (one table, string pk/sk). Windows and alerts of one (rule, group) share a
 * partition key prefix; the sort key is the window start in ISO 8601 (sorts in time order) and the
 * window size (a rule whose window changes starts new items instead of mixing sizes).
 */
export const ItemKind = { window: 'window', alert: 'alert', realert: 'realert', budget: 'budget' } as const;
export type ItemKind = (typeof ItemKind)[keyof typeof ItemKind];

const iso = (ms: number): string => new Date(ms).toISOString();

export const keys = {
  window: (key: WindowKey) => ({
    pk: `W#${key.rule}#${key.group}`,
    sk: `${iso(key.windowStart)}/${key.windowMs}`,
  }),
  alert: (key: WindowKey) => ({
    pk: `A#${key.rule}#${key.group}`,
    sk: `${iso(key.windowStart)}/${key.windowMs}`,
  }),
  /** The realert state of a (rule, group): sorts after every alert of the same partition key. */
  realert: (rule: string, group: string) => ({ pk: `A#${rule}#${group}`, sk: 'realert' }),
  windowsFrom: (rule: string, group: string, fromStart: number) => ({
    pk: `W#${rule}#${group}`,
    sk: iso(fromStart),
  }),
  budget: (minuteStart: number) => ({ pk: 'S#slack-budget', sk: iso(minuteStart) }),
  /** Sort key of the `pending` index: when the item is due. */
  due: (at: number): string => iso(at),
};
