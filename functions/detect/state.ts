import { AlertStatus, type DetectListing } from '../../shared/rules/store';
import type { DetectState } from './types';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The detect path's state for `sluice state` (docs/contracts.md): one window per (rule, group, window
 * start) with a count above zero, and every alert with its delivery status. Sorted for stable output.
 *
 * @example
 * const { windows, alerts } = await detectState(dynamoDetectListing({ client, table }));
 */
export async function detectState(listing: DetectListing): Promise<DetectState> {
  const [windows, alerts] = await Promise.all([listing.listWindows(), listing.listAlerts()]);
  const order = (a: { rule: string; group: string; windowStart: number }, b: typeof a) =>
    a.rule.localeCompare(b.rule) || a.group.localeCompare(b.group) || a.windowStart - b.windowStart;
  return {
    windows: windows
      .filter((window) => window.count > 0)
      .sort(order)
      .map((window) => ({
        rule: window.rule,
        group: window.group,
        windowStart: iso(window.windowStart),
        windowEnd: iso(window.windowStart + window.windowMs),
        count: window.count,
      })),
    alerts: alerts
      .map((stored) => ({ ...stored.key, count: stored.alert.count, status: stored.status }))
      .sort(order)
      .map((alert) => ({
        rule: alert.rule,
        group: alert.group,
        windowStart: iso(alert.windowStart),
        count: alert.count,
        status: alert.status === AlertStatus.sent ? ('sent' as const) : ('pending' as const),
      })),
  };
}
