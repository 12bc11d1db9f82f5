import type { IndexTemplateBody } from '../../shared/adapters/opensearch/assets';

/**
 * The index template for `logs-*`, before `renderOpenSearchAssets` sets the pattern and the hash.
 * Checked against the OpenSearch API specification's type when it is compiled (a JSON import could
 * not be: TypeScript widens every `"type": "date"` of a JSON module to `string`), and written out as
 * index-template.json for a by-hand `PUT _index_template` (a test keeps the two equal).
 *
 * @example
 * indexTemplate.template.mappings.properties.attrs; // { type: 'flat_object' }
 */
export const indexTemplate = {
  index_patterns: ['logs-*'],
  priority: 200,
  template: {
    settings: {
      'index.number_of_shards': 1,
      'index.number_of_replicas': 1,
      'index.refresh_interval': '5s',
      'index.mapping.total_fields.limit': 200,
    },
    mappings: {
      dynamic: false,
      properties: {
        '@timestamp': { type: 'date' },
        timestampSource: { type: 'keyword' },
        level: { type: 'keyword' },
        message: {
          type: 'text',
          fields: { keyword: { type: 'keyword', ignore_above: 1024 } },
        },
        pathname: { type: 'keyword', ignore_above: 1024 },
        lineno: { type: 'integer' },
        service: { type: 'keyword', ignore_above: 256 },
        kubernetes: {
          properties: {
            namespace: { type: 'keyword', ignore_above: 256 },
            pod: { type: 'keyword', ignore_above: 256 },
            container: { type: 'keyword', ignore_above: 256 },
            host: { type: 'keyword', ignore_above: 256 },
          },
        },
        kafka: {
          properties: {
            topic: { type: 'keyword' },
            partition: { type: 'keyword' },
            offset: { type: 'keyword' },
            timestamp: { type: 'date', format: 'epoch_millis' },
          },
        },
        attrs: { type: 'flat_object' },
        quarantine: {
          properties: {
            reason: { type: 'text' },
            fields: {
              properties: {
                path: { type: 'keyword', ignore_above: 1024 },
                value: {
                  type: 'text',
                  fields: { keyword: { type: 'keyword', ignore_above: 1024 } },
                },
              },
            },
          },
        },
      },
    },
  },
} as const satisfies IndexTemplateBody;
