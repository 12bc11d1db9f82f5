import type { SlackMessage } from './types';

/**
 * Outcome of one post, as a value. `permanent` means a retry of the same message cannot succeed
 * (bad payload, revoked webhook, archived channel); otherwise retry, not before `retryAfterMs` when set.
 */
export type SlackPostResult =
  | { ok: true }
  | {
      ok: false;
      /** From `Retry-After` on a 429, in ms. */
      retryAfterMs?: number;
      permanent: boolean;
      /** HTTP status; 0 when no response arrived (timeout, connection refused or reset). */
      status: number;
      /** Slack's error string (`invalid_payload`, `rate_limited`...) or a short description. Never holds the webhook URL. */
      error: string;
      /**
       * No answer came after the request was sent (a timeout, a connection reset): Slack may have
       * posted the message. A retry may repeat it, so it waits longer than after a refusal.
       */
      unknownOutcome?: true;
    };

/**
 * What the core needs from Slack: post a message and say what happened, as a value. The webhook
 * adapter and the terminal printer (local runs) implement it; a handler gives the core the one its
 * middleware resolved for the invocation.
 */
export interface SlackPort {
  /** Short name for logs and progress output: `webhook` or `terminal`. Never the URL. */
  readonly kind: 'webhook' | 'terminal';
  post(message: SlackMessage): Promise<SlackPostResult>;
}

/** The route of the default webhook (`SLACK_WEBHOOK_URL`): alerts of rules without `notify`. */
export const DEFAULT_ROUTE = '';

/**
 * A destination's key: its name upper-cased with `-` as `_`, the suffix of its variable
 * (`payments` → `PAYMENTS`, read from `SLACK_WEBHOOK_URL_PAYMENTS`).
 *
 * @example
 * destinationKey('team-search'); // 'TEAM_SEARCH'
 */
export const destinationKey = (name: string): string => name.toUpperCase().replaceAll('-', '_');

/** A destination's Slack port, and which webhook it posts to. */
export interface RoutedSlack extends SlackPort {
  /**
   * The webhook it posts to: {@link DEFAULT_ROUTE}, or a destination's key. The Slack budget, digests
   * and a sweep's stop after a failure are per route: one webhook's outage holds up no other.
   */
  readonly route: string;
}

/**
 * What the core needs from Slack when alerts go to several channels: the port of each destination a
 * rule names (`notify: { slack: payments }`), undefined for the default webhook.
 */
export interface SlackRouter {
  to(destination: string | undefined): RoutedSlack;
}

/**
 * A router from a caller that has one port for every destination (local tools, tests): every alert
 * goes to it, under the default route's budget.
 *
 * @example
 * const slack = routerOf(invocation.slack); // a SlackPort or a SlackRouter
 * slack.to('payments').route; // '' when given a single port
 */
export function routerOf(slack: SlackPort | SlackRouter): SlackRouter {
  if ('to' in slack) return slack;
  const port: RoutedSlack = {
    kind: slack.kind,
    route: DEFAULT_ROUTE,
    post: (message) => slack.post(message),
  };
  return { to: () => port };
}

/**
 * Items grouped by the webhook (route) their destination posts to, routes in the order they first
 * appear: what shares a route shares its Slack budget and its outage.
 *
 * @example
 * for (const [route, alerts] of byRoute(router, fired, (alert) => alert.destination)) ...
 */
export function byRoute<T>(
  router: SlackRouter,
  items: readonly T[],
  destinationOf: (item: T) => string | undefined,
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const route = router.to(destinationOf(item)).route;
    const group = groups.get(route);
    if (group) group.push(item);
    else groups.set(route, [item]);
  }
  return groups;
}
