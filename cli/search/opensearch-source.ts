import type { API, Types } from '@opensearch-project/opensearch';
import type { OpenSearchHttp } from '../../shared/adapters/opensearch/setup';
import { SluiceError, TransientSinkError } from '../../shared/errors';
import { compareEvents, isGlob, type SearchQuery } from './query';
import type { SearchEvent, SearchResult } from './types';

type Json = Record<string, unknown>;
/** One query clause, as the OpenSearch API specification types the query DSL. */
type Clause = Types.Common_QueryDsl.QueryContainer;

/** Escapes the characters a `wildcard` query gives a meaning (`*`, `?`, `\`). */
const escapeWildcard = (text: string): string => text.replace(/[\\*?]/g, '\\$&');

/** A keyword field equal to `pattern`, or matching it as a glob (`*` only). */
function keywordClause(field: string, pattern: string): Clause {
  if (!isGlob(pattern)) return { term: { [field]: pattern } };
  const value = pattern.split('*').map(escapeWildcard).join('*');
  return { wildcard: { [field]: { value } } };
}

/**
 * The `_search` body for a query, against the index template's mapping (infra/opensearch): `level`,
 * `pathname` and `service` are keywords (exact, or `wildcard` for a glob), `@timestamp` a date
 * (`range`, epoch ms), and the text either a phrase of the analysed `message` or a case-insensitive
 * substring of `message.keyword` (messages up to 1,024 characters). Newest first, `limit` hits.
 *
 * @example
 * searchBody({ levels: ['error'], pathname: '/app/x.py', limit: 20 });
 * // { size: 20, sort: [...], query: { bool: { filter: [{ terms: { level: ['error'] } }, { term: { pathname: '/app/x.py' } }] } } }
 */
export function searchBody(query: SearchQuery): API.Search_RequestBody {
  const filter: Clause[] = [];
  if (query.levels !== undefined) {
    // The spec's TermsQuery takes any value per field (`[key: string]: any`): `satisfies` checks the list.
    filter.push({ terms: { level: [...query.levels] satisfies Types.Common_QueryDsl.TermsQueryField } });
  }
  if (query.pathname !== undefined) filter.push(keywordClause('pathname', query.pathname));
  if (query.service !== undefined) filter.push(keywordClause('service', query.service));
  if (query.sinceMs !== undefined || query.untilMs !== undefined) {
    filter.push({
      range: {
        // The spec types date bounds as strings (DateMath): epoch ms numbers type only as a NumberRangeQuery.
        '@timestamp': {
          ...(query.sinceMs !== undefined ? { gte: query.sinceMs } : {}),
          ...(query.untilMs !== undefined ? { lt: query.untilMs } : {}),
          format: 'epoch_millis',
        },
      },
    });
  }
  if (query.text !== undefined) {
    filter.push({
      bool: {
        should: [
          { match_phrase: { message: query.text } },
          {
            wildcard: {
              'message.keyword': { value: `*${escapeWildcard(query.text)}*`, case_insensitive: true },
            },
          },
        ],
        minimum_should_match: 1,
      },
    });
  }
  return {
    size: query.limit,
    track_total_hits: true,
    sort: [{ '@timestamp': { order: 'desc' } }, { 'kafka.timestamp': { order: 'desc' } }],
    query: filter.length === 0 ? { match_all: {} } : { bool: { filter } },
  };
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The reason OpenSearch gave for refusing a request, in one line. */
function refusal(body: unknown): string {
  if (isObject(body) && isObject(body.error)) {
    const { type, reason } = body.error;
    return [type, reason].filter((part) => typeof part === 'string').join(': ');
  }
  return typeof body === 'string' ? body.slice(0, 300) : JSON.stringify(body ?? null).slice(0, 300);
}

/**
 * Runs the query against the daily indices (`<prefix>*`), missing indices allowed (an empty result,
 * not an error), and returns the hits oldest first with the total OpenSearch counted.
 *
 * @example
 * await searchOpenSearch((request) => sendRequest(client, request), 'logs-', query);
 */
export async function searchOpenSearch(
  http: OpenSearchHttp,
  indexPrefix: string,
  query: SearchQuery,
): Promise<SearchResult> {
  const pattern = `${indexPrefix}*`;
  let answer: Awaited<ReturnType<OpenSearchHttp>>;
  try {
    answer = await http({
      method: 'POST',
      path: `/${encodeURIComponent(pattern).replace(/%2A/g, '*')}/_search`,
      querystring: { ignore_unavailable: 'true', allow_no_indices: 'true' },
      body: searchBody(query),
    });
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new TransientSinkError(`OpenSearch did not answer the search (${reason})`, { cause: error });
  }
  if (answer.status < 200 || answer.status >= 300)
    throw new SluiceError(`OpenSearch refused the search (HTTP ${answer.status}): ${refusal(answer.body)}`);
  const hits = isObject(answer.body) && isObject(answer.body.hits) ? answer.body.hits : {};
  const events = (Array.isArray(hits.hits) ? hits.hits : [])
    .map((hit: unknown) => (isObject(hit) ? hit._source : undefined))
    .filter((source): source is SearchEvent => isObject(source) && isObject(source.kafka));
  const totalField = hits.total;
  const total =
    isObject(totalField) && typeof totalField.value === 'number' ? totalField.value : events.length;
  const exact = !(isObject(totalField) && totalField.relation === 'gte');
  return { source: 'opensearch', events: [...events].sort(compareEvents), total, totalExact: exact };
}
