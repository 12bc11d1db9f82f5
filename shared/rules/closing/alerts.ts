import type { Alert } from '../../alerts/types';
import type { FlatlineRule, RatioRule } from '../types';
import type { Silence } from './flatline';
import type { GroupCounts } from './store';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The alert of a silent group in a closed window of a flatline rule.
 *
 * @example
 * flatlineAlert(rule, windowStart, { group: 'orders', count: 0, lastSeen }); // { type: 'flatline', count: 0, lastSeen: '…', ... }
 */
export function flatlineAlert(rule: FlatlineRule, windowStart: number, silence: Silence): Alert {
  return {
    rule: rule.name,
    group: silence.group,
    groupBy: rule.groupBy,
    windowStart: iso(windowStart),
    windowEnd: iso(windowStart + rule.windowMs),
    count: silence.count,
    threshold: rule.threshold,
    samples: [],
    type: 'flatline',
    lastSeen: iso(silence.lastSeen),
  };
}

/**
 * The alert of a group over a ratio rule's percentage in a closed window.
 *
 * @example
 * ratioAlert(rule, windowStart, { group: 'payments', count: 81, of: 1024, lastSeen: undefined }); // { type: 'ratio', count: 81, of: 1024, threshold: 5, ... }
 */
export function ratioAlert(rule: RatioRule, windowStart: number, counts: GroupCounts): Alert {
  return {
    rule: rule.name,
    group: counts.group,
    groupBy: rule.groupBy,
    windowStart: iso(windowStart),
    windowEnd: iso(windowStart + rule.windowMs),
    count: counts.count,
    threshold: rule.threshold,
    samples: [],
    type: 'ratio',
    of: counts.of,
  };
}
