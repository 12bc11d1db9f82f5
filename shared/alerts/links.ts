// Links in alert messages: OpenSearch Dashboards Discover for a group and window, and the archive.

/**
 * `encodeURIComponent` of text that may hold a lone surrogate (a log's or an event's JSON escape),
 * which becomes U+FFFD instead of throwing a URIError.
 *
 * @example
 * encodeUriText('a\ud83d'); // 'a%EF%BF%BD'
 */
export function encodeUriText(text: string): string {
  return encodeURIComponent(text.toWellFormed());
}

/** A rison string literal (the URL state format of OpenSearch Dashboards): `!` and `'` are escaped with `!`. */
function risonString(text: string): string {
  return `'${text.replace(/!/g, '!!').replace(/'/g, "!'")}'`;
}

/** A DQL (kuery) quoted value: `\` and `"` are escaped with a backslash. */
function kqlString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * The DQL query selecting one group. The detect path groups records that lack the field as
 * `unknown`, so that group also matches documents without the field.
 *
 * @example
 * groupQuery('pathname', 'app/db.py'); // 'pathname:"app/db.py"'
 */
export function groupQuery(groupBy: string, group: string): string {
  const match = `${groupBy}:${kqlString(group)}`;
  return group === 'unknown' ? `(${match} or not ${groupBy}:*)` : match;
}

export interface DiscoverLinkOptions {
  /** Dashboards base URL, e.g. `https://domain/_dashboards` (a trailing slash is ignored). */
  dashboardsUrl: string;
  groupBy: string;
  group: string;
  /** ISO 8601 start of the time range. */
  from: string;
  /** ISO 8601 end of the time range. */
  to: string;
  /** Index pattern id; when absent Discover opens the default index pattern. */
  indexPattern?: string;
}

/**
 * Builds an OpenSearch Dashboards Discover URL showing the group's records in the window: global
 * state `_g` holds the absolute time range, app state `_a` the DQL query (and index pattern). It uses
 * the `/app/discover#/` route, which Dashboards 2.10+ forwards to the new Discover with its state.
 *
 * @example
 * discoverUrl({ dashboardsUrl: 'https://dash.example', groupBy: 'pathname', group: 'app/db.py',
 *   from: '2024-05-01T12:00:00.000Z', to: '2024-05-01T12:00:10.000Z' });
 */
export function discoverUrl(options: DiscoverLinkOptions): string {
  const base = options.dashboardsUrl.replace(/\/+$/, '');
  const g = `(filters:!(),refreshInterval:(pause:!t,value:0),time:(from:${risonString(options.from)},to:${risonString(options.to)}))`;
  const query = `query:(language:kuery,query:${risonString(groupQuery(options.groupBy, options.group))})`;
  const index = options.indexPattern === undefined ? '' : `,index:${risonString(options.indexPattern)}`;
  const a = `(columns:!(_source),filters:!()${index},${query})`;
  return `${base}/app/discover#/?_g=${encodeUriText(g)}&_a=${encodeUriText(a)}`;
}

/**
 * The S3 console URL for an `s3://bucket/prefix` URI (and the region, when known); `undefined` for
 * anything that is not an s3:// URI.
 *
 * @example
 * s3ConsoleUrl('s3://logs/dt=2024-05-01/', 'eu-west-1');
 * // 'https://s3.console.aws.amazon.com/s3/buckets/logs?prefix=dt%3D2024-05-01%2F&region=eu-west-1'
 */
export function s3ConsoleUrl(uri: string, region?: string): string | undefined {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match?.[1]) return undefined;
  const bucket = encodeUriText(match[1]);
  const prefix = match[2] ? `prefix=${encodeUriText(match[2])}` : '';
  const regionParam = region ? `region=${encodeUriText(region)}` : '';
  const query = [prefix, regionParam].filter(Boolean).join('&');
  return `https://s3.console.aws.amazon.com/s3/buckets/${bucket}${query ? `?${query}` : ''}`;
}
