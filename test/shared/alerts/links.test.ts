import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { discoverUrl, groupQuery, s3ConsoleUrl } from '../../../shared/alerts/links';

/** Decodes the `_g` and `_a` params of a Discover URL back to rison text. */
function state(url: string): { path: string; g: string; a: string } {
  const [path, hash] = url.split('#');
  const params = new URLSearchParams(hash?.replace(/^\/\?/, '') ?? '');
  return { path: path ?? '', g: params.get('_g') ?? '', a: params.get('_a') ?? '' };
}

describe('discoverUrl', () => {
  test('time range in _g, DQL query for the group in _a', () => {
    const url = discoverUrl({
      dashboardsUrl: 'https://search.example/_dashboards/',
      groupBy: 'pathname',
      group: 'app/db.py',
      from: '2024-05-01T12:00:00.000Z',
      to: '2024-05-01T12:00:10.000Z',
    });
    const { path, g, a } = state(url);
    assert.equal(path, 'https://search.example/_dashboards/app/discover');
    assert.equal(
      g,
      "(filters:!(),refreshInterval:(pause:!t,value:0),time:(from:'2024-05-01T12:00:00.000Z',to:'2024-05-01T12:00:10.000Z'))",
    );
    assert.equal(a, `(columns:!(_source),filters:!(),query:(language:kuery,query:'pathname:"app/db.py"'))`);
    assert.ok(!/[\s<>|]/.test(url), 'URL must be safe inside a Slack link');
  });

  test('quotes, backslashes and rison specials in the group are escaped', () => {
    const { a } = state(
      discoverUrl({
        dashboardsUrl: 'https://d',
        groupBy: 'kubernetes.container',
        group: `it's "odd"\\ !`,
        from: 'f',
        to: 't',
        indexPattern: 'logs-*',
      }),
    );
    assert.equal(
      a,
      `(columns:!(_source),filters:!(),index:'logs-*',query:(language:kuery,query:'kubernetes.container:"it!'s \\"odd\\"\\\\ !!"'))`,
    );
  });

  test('a lone surrogate (from a JSON escape) becomes U+FFFD in the URL instead of throwing', () => {
    const url = discoverUrl({
      dashboardsUrl: 'https://d',
      groupBy: 'pathname\udc00',
      group: 'app\ud83d.py',
      indexPattern: '\ud83d',
      from: '2024-05-01T12:00:00.000Z',
      to: '2024-05-01T12:00:10.000Z',
    });
    assert.ok(state(url).a.includes('pathname\ufffd:"app\ufffd.py"'), state(url).a);
    assert.ok(state(url).a.includes("index:'\ufffd'"), state(url).a);
    assert.equal(
      s3ConsoleUrl('s3://b/x\ud83d/', 'eu\udc00'),
      'https://s3.console.aws.amazon.com/s3/buckets/b?prefix=x%EF%BF%BD%2F&region=eu%EF%BF%BD',
    );
  });

  test('the unknown group also matches records without the field', () => {
    assert.equal(groupQuery('pathname', 'unknown'), '(pathname:"unknown" or not pathname:*)');
    assert.equal(groupQuery('pathname', 'a.py'), 'pathname:"a.py"');
  });
});

describe('s3ConsoleUrl', () => {
  const cases: Array<[string, string | undefined, string | undefined]> = [
    [
      's3://b/p/q=1/',
      'eu-west-1',
      'https://s3.console.aws.amazon.com/s3/buckets/b?prefix=p%2Fq%3D1%2F&region=eu-west-1',
    ],
    ['s3://b/p/', undefined, 'https://s3.console.aws.amazon.com/s3/buckets/b?prefix=p%2F'],
    ['s3://b', undefined, 'https://s3.console.aws.amazon.com/s3/buckets/b'],
    ['https://example.com/x', undefined, undefined],
    ['s3:///nobucket', undefined, undefined],
  ];
  for (const [uri, region, expected] of cases) {
    test(`${uri} ${region ?? ''}`, () => assert.equal(s3ConsoleUrl(uri, region), expected));
  }
});
