import { withNote } from '../../alerts/route-note';
import {
  DEFAULT_ROUTE,
  destinationKey,
  type RoutedSlack,
  type SlackPort,
  type SlackRouter,
} from '../../alerts/slack-port';
import { ConfigError } from '../../errors';
import type { ResolvedDestination } from './destinations-middleware';
import type { SlackSenders } from './senders';
import { TerminalSlack, type TextSink } from './terminal';

/** What one invocation's router is built from. */
export interface RouterInputs {
  /** The default webhook's URL as the middleware resolved it (undefined: printed). */
  readonly defaultUrl: string | undefined;
  /** The routed destinations' webhooks (by key), as the destinations middleware resolved them. */
  readonly destinations: ReadonlyMap<string, ResolvedDestination>;
  readonly senders: SlackSenders;
  /** Where a destination without any webhook is printed (local runs). */
  readonly out: TextSink;
  readonly signal: AbortSignal;
}

/**
 * One invocation's Slack ports by destination. A rule without `notify` goes to the default webhook.
 * A destination with a webhook goes there alone; one whose parameter could not be read gets a port
 * that fails every post (its alerts wait in the outbox, the other destinations post). A destination
 * the environment has no webhook for goes to the default webhook, marked so (never dropped); with no
 * webhook at all (local runs), messages are printed with the destination's name.
 *
 * @example
 * const slack = slackRouter({ defaultUrl, destinations, senders, out: process.stdout, signal });
 * await slack.to('payments').post(formatAlert(alert));
 */
export function slackRouter(inputs: RouterInputs): SlackRouter {
  const ports = new Map<string, RoutedSlack>();
  const defaultPort = routed(
    inputs.senders.forUrl(inputs.defaultUrl, inputs.signal, DEFAULT_ROUTE),
    DEFAULT_ROUTE,
  );
  const build = (destination: string): RoutedSlack => {
    const key = destinationKey(destination);
    const resolved = inputs.destinations.get(key);
    if (resolved === undefined) {
      if (defaultPort.kind === 'terminal')
        return routed(new TerminalSlack(inputs.out, destination), DEFAULT_ROUTE);
      const note = `Routed to destination ${destination}, which has no webhook here (set SLACK_WEBHOOK_URL_${key}): it came to this channel instead.`;
      return { ...defaultPort, post: (message) => defaultPort.post(withNote(message, note)) };
    }
    if (resolved.error !== undefined) return failing(resolved.error, key);
    try {
      return routed(inputs.senders.forUrl(resolved.url, inputs.signal, key), key);
    } catch (error) {
      return failing(error instanceof Error ? error : new ConfigError(String(error)), key);
    }
  };
  return {
    to(destination) {
      if (destination === undefined) return defaultPort;
      let port = ports.get(destination);
      if (!port) {
        port = build(destination);
        ports.set(destination, port);
      }
      return port;
    },
  };
}

function routed(port: SlackPort, route: string): RoutedSlack {
  return { kind: port.kind, route, post: (message) => port.post(message) };
}

/**
 * A destination whose webhook could not be resolved: every post fails, as a value whose error says
 * why (the alert's `lastError` in `sluice state`); the message names the variable and parameter,
 * never a webhook URL.
 */
function failing(error: Error, route: string): RoutedSlack {
  const permanent = error instanceof ConfigError;
  const code = permanent ? 'webhook_unavailable' : 'webhook_unreadable';
  return {
    kind: 'webhook',
    route,
    post: async () => ({ ok: false, permanent, status: 0, error: `${code}: ${error.message}` }),
  };
}
