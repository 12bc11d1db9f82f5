/**
 * One OpenSearch Dashboards saved object, as the saved-objects import API takes it. sluice's own type:
 * the OpenSearch API specification (and so the client's types) does not cover the Dashboards API.
 */
export interface SavedObject {
  readonly id: string;
  readonly type: 'index-pattern' | 'search' | 'visualization';
  readonly attributes: Record<string, unknown>;
  readonly references: readonly { readonly id: string; readonly name: string; readonly type: string }[];
}

const errorsQuery = 'level:(error or fatal)';

/** A stacked bar chart: error count per time bucket, split by pathname (top 10, then "Other"). */
function errorsPerPathnameVisState(title: string): Record<string, unknown> {
  return {
    title,
    type: 'histogram',
    aggs: [
      { id: '1', enabled: true, type: 'count', params: {}, schema: 'metric' },
      {
        id: '2',
        enabled: true,
        type: 'date_histogram',
        params: {
          field: '@timestamp',
          useNormalizedOpenSearchInterval: true,
          interval: 'auto',
          drop_partials: false,
          min_doc_count: 1,
          extended_bounds: {},
        },
        schema: 'segment',
      },
      {
        id: '3',
        enabled: true,
        type: 'terms',
        params: {
          field: 'pathname',
          orderBy: '1',
          order: 'desc',
          size: 10,
          otherBucket: true,
          otherBucketLabel: 'Other',
          missingBucket: true,
          missingBucketLabel: 'unknown',
        },
        schema: 'group',
      },
    ],
    params: {
      type: 'histogram',
      grid: { categoryLines: false },
      categoryAxes: [
        {
          id: 'CategoryAxis-1',
          type: 'category',
          position: 'bottom',
          show: true,
          style: {},
          scale: { type: 'linear' },
          labels: { show: true, filter: true, truncate: 100 },
          title: {},
        },
      ],
      valueAxes: [
        {
          id: 'ValueAxis-1',
          name: 'LeftAxis-1',
          type: 'value',
          position: 'left',
          show: true,
          style: {},
          scale: { type: 'linear', mode: 'normal' },
          labels: { show: true, rotate: 0, filter: false, truncate: 100 },
          title: { text: 'Errors' },
        },
      ],
      seriesParams: [
        {
          show: true,
          type: 'histogram',
          mode: 'stacked',
          data: { label: 'Errors', id: '1' },
          valueAxis: 'ValueAxis-1',
          drawLinesBetweenPoints: true,
          lineWidth: 2,
          showCircles: true,
        },
      ],
      addTooltip: true,
      addLegend: true,
      legendPosition: 'right',
      times: [],
      addTimeMarker: false,
      labels: { show: false },
    },
  };
}

/**
 * The Dashboards objects for one index prefix: an index pattern on `${prefix}*` (time field
 * `@timestamp`), a saved search of errors (level error or fatal), and a visualization of errors per
 * pathname over time built on that search. Ids derive from `base`, so a re-import overwrites them.
 *
 * @example
 * dashboardsObjects('logs-', 'sluice-logs').map((object) => object.id);
 * // ['sluice-logs', 'sluice-logs-errors', 'sluice-logs-errors-per-pathname']
 */
export function dashboardsObjects(prefix: string, base: string): SavedObject[] {
  const patternId = base;
  const searchId = `${base}-errors`;
  const visualizationTitle = `sluice: errors per pathname (${prefix}*)`;
  return [
    {
      id: patternId,
      type: 'index-pattern',
      attributes: { title: `${prefix}*`, timeFieldName: '@timestamp' },
      references: [],
    },
    {
      id: searchId,
      type: 'search',
      attributes: {
        title: `sluice: errors (${prefix}*)`,
        description: 'Logs at level error or fatal, newest first.',
        columns: ['level', 'service', 'pathname', 'lineno', 'message'],
        sort: [['@timestamp', 'desc']],
        kibanaSavedObjectMeta: {
          searchSourceJSON: JSON.stringify({
            query: { query: errorsQuery, language: 'kuery' },
            filter: [],
            indexRefName: 'kibanaSavedObjectMeta.searchSourceJSON.index',
          }),
        },
      },
      references: [
        { id: patternId, name: 'kibanaSavedObjectMeta.searchSourceJSON.index', type: 'index-pattern' },
      ],
    },
    {
      id: `${base}-errors-per-pathname`,
      type: 'visualization',
      attributes: {
        title: visualizationTitle,
        description: 'Error count per time bucket, stacked by pathname.',
        visState: JSON.stringify(errorsPerPathnameVisState(visualizationTitle)),
        uiStateJSON: '{}',
        savedSearchRefName: 'search_0',
        kibanaSavedObjectMeta: {
          searchSourceJSON: JSON.stringify({ query: { query: '', language: 'kuery' }, filter: [] }),
        },
      },
      references: [{ id: searchId, name: 'search_0', type: 'search' }],
    },
  ];
}
