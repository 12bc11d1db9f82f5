import type middy from '@middy/core';
import ssm from '@middy/ssm';
import { getCache, getInternal, modifyCache } from '@middy/util';
import type { Context } from 'aws-lambda';
import type { SluiceConfig } from '../../config';
import {
  registerWebhookCache,
  type SlackMiddlewareOptions,
  ssmFailure,
  WEBHOOK_CACHE_MS,
} from './middleware';

/** A routed destination's webhook as resolved for one invocation: its URL, or why there is none. */
export type ResolvedDestination =
  | { readonly url: string; readonly error?: undefined }
  | { readonly url?: undefined; readonly error: Error };

/** Key on the Lambda `context` where {@link slackDestinationsMiddleware} puts the destinations' webhooks. */
export const SLACK_DESTINATIONS_CONTEXT_KEY = 'slackDestinations';

type DestinationsContext = Context & {
  [SLACK_DESTINATIONS_CONTEXT_KEY]?: ReadonlyMap<string, ResolvedDestination>;
};

const CACHE_KEY = 'sluice-slack-destinations';
/** The middy key a destination's value is kept under (letters, digits and `_`: kept as it is by middy). */
const internalKey = (destination: string): string => `slackDestination_${destination}`;

/**
 * Middy middleware that resolves the webhook of every routed destination (`SLACK_WEBHOOK_URL_<NAME>`)
 * for an invocation and puts them on `context.slackDestinations`, by destination: the direct URLs,
 * and the SSM SecureString parameters read with `@middy/ssm` (one `GetParameters` for up to ten,
 * decrypted, cached per container like the default webhook). A destination whose parameter cannot be
 * read gets its error instead of a URL, and only it: the invocation goes on, the others post, and its
 * alerts wait in the outbox; it is read again on the next invocation. Values are never logged.
 *
 * @example
 * handler.use(slackDestinationsMiddleware(config.slack.destinations, { awsClientOptions: { region } }));
 * // in run(event, context): destinationsFrom(context).get('PAYMENTS')
 */
export function slackDestinationsMiddleware(
  destinations: SluiceConfig['slack']['destinations'],
  options: SlackMiddlewareOptions = {},
): middy.MiddlewareObj<unknown, unknown, Error, Context> {
  const direct = new Map<string, ResolvedDestination>();
  const parameters = new Map<string, { parameter: string; variable: string }>();
  for (const [name, source] of Object.entries(destinations)) {
    if (source.webhookUrl !== undefined) direct.set(name, { url: source.webhookUrl });
    else if (source.webhookParameter !== undefined)
      parameters.set(name, { parameter: source.webhookParameter, variable: source.variable });
  }
  if (parameters.size === 0) {
    return {
      before: (request) => {
        (request.context as DestinationsContext)[SLACK_DESTINATIONS_CONTEXT_KEY] = direct;
      },
    };
  }
  // Forgetting one destination marks only its value stale: middy reads just that one again.
  const forget = (name: string) => () => {
    const cached = getCache(CACHE_KEY).value as Record<string, unknown> | undefined;
    if (!cached) return;
    cached[internalKey(name)] = undefined;
    modifyCache(CACHE_KEY, cached);
  };
  registerWebhookCache(CACHE_KEY, new Map([...parameters.keys()].map((name) => [name, forget(name)])));
  const fetch = ssm({
    fetchData: Object.fromEntries(
      [...parameters].map(([name, { parameter }]) => [internalKey(name), parameter]),
    ),
    setToContext: false,
    cacheKey: CACHE_KEY,
    cacheExpiry: options.cacheExpiryMs ?? WEBHOOK_CACHE_MS,
    disablePrefetch: options.prefetch === false,
    awsClientOptions: options.awsClientOptions ?? {},
  }) as middy.MiddlewareObj<unknown, unknown, Error, Context>;
  return {
    before: async (request) => {
      const resolved = new Map(direct);
      await fetch.before?.(request);
      await Promise.all(
        [...parameters].map(async ([name, { parameter, variable }]) => {
          try {
            const values = await getInternal([internalKey(name)], request);
            resolved.set(name, { url: String(Object.values(values)[0] ?? '') });
          } catch (error) {
            forget(name)();
            resolved.set(name, { error: ssmFailure(parameter, variable, error) });
          }
        }),
      );
      (request.context as DestinationsContext)[SLACK_DESTINATIONS_CONTEXT_KEY] = resolved;
    },
  };
}

/** The destinations' webhooks {@link slackDestinationsMiddleware} put on the context (none when not used). */
export function destinationsFrom(context: Context): ReadonlyMap<string, ResolvedDestination> {
  return (context as DestinationsContext)[SLACK_DESTINATIONS_CONTEXT_KEY] ?? new Map();
}
