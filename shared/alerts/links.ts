/**
 * Builds an OpenSearch Dashboards Discover URL showing the group's records in the window.
 *
 * @example
 * discoverUrl({ dashboardsUrl: 'https://dash.example', groupBy: 'pathname', group: 'app/db.py',
 *   from: '2024-05-01T12:00:00.000Z', to: '2024-05-01T12:00:10.000Z' });
 */
export function discoverUrl(options: {
  dashboardsUrl: string;
  groupBy: string;
  group: string;
  from: string;
  to: string;
  indexPattern?: string;
}): string {
  void options;
  throw new Error('discoverUrl: not implemented yet');
}
