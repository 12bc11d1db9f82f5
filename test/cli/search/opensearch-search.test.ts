import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { searchBody, searchOpenSearch } from '../../../cli/search/opensearch-source';
import { createOpenSearchClient } from '../../../shared/adapters/opensearch/client';
import { sendRequest } from '../../../shared/adapters/opensearch/client-transport';
import { dailyIndex, documentId } from '../../../shared/adapters/opensearch/naming';
import type { OpenSearchHttp } from '../../../shared/adapters/opensearch/setup';
import { SluiceError, TransientSinkError } from '../../../shared/errors';
import type { LogEvent } from '../../../shared/logs/types';
import { OpenSearchDouble } from '../../helpers/opensearch-double';
import { makeEvent } from '../../shared/rules/make-event';

describe('searchBody', () => {
  test('no filter: every document, newest first', () => {
    assert.deepEqual(searchBody({ limit: 5 }), {
      size: 5,
      track_total_hits: true,
      sort: [{ '@timestamp': { order: 'desc' } }, { 'kafka.timestamp': { order: 'desc' } }],
      query: { match_all: {} },
    });
  });

  test('every filter in a bool filter, on the index template fields', () => {
    const body = searchBody({
      levels: ['error', 'fatal'],
      pathname: '/app/orders/checkout.py',
      service: 'pay*?',
      sinceMs: 1000,
      untilMs: 2000,
      text: 'timed *out',
      limit: 20,
    });
    assert.deepEqual(body.query, {
      bool: {
        filter: [
          { terms: { level: ['error', 'fatal'] } },
          { term: { pathname: '/app/orders/checkout.py' } },
          { wildcard: { service: { value: 'pay*\\?' } } },
          { range: { '@timestamp': { gte: 1000, lt: 2000, format: 'epoch_millis' } } },
          {
            bool: {
              should: [
                { match_phrase: { message: 'timed *out' } },
                { wildcard: { 'message.keyword': { value: '*timed \\*out*', case_insensitive: true } } },
              ],
              minimum_should_match: 1,
            },
          },
        ],
      },
    });
  });

  test('an open time range has one bound', () => {
    const body = searchBody({ sinceMs: 5, limit: 1 }) as { query: { bool: { filter: unknown[] } } };
    assert.deepEqual(body.query.bool.filter, [
      { range: { '@timestamp': { gte: 5, format: 'epoch_millis' } } },
    ]);
  });
});

describe('searchOpenSearch against the OpenSearch double', () => {
  let double: OpenSearchDouble;
  let http: OpenSearchHttp;
  const sent: Array<Parameters<OpenSearchHttp>[0]> = [];
  const events: LogEvent[] = [
    makeEvent({ '@timestamp': '2026-11-22T10:00:02.000Z', offset: 2, message: 'second' }),
    makeEvent({ '@timestamp': '2026-11-22T10:00:01.000Z', offset: 1, message: 'first' }),
    makeEvent({ '@timestamp': '2026-11-21T23:59:59.000Z', offset: 0, message: 'the day before' }),
  ];

  before(async () => {
    double = await OpenSearchDouble.start();
    const client = createOpenSearchClient({
      node: double.url,
      signing: 'none',
      region: 'us-east-1',
      requestTimeoutMs: 5_000,
      concurrency: 1,
    });
    http = (request) => {
      sent.push(request);
      return sendRequest(client, request);
    };
    const lines = events.flatMap((event) => [
      JSON.stringify({
        create: { _index: dailyIndex('logs-', event['@timestamp']), _id: documentId(event.kafka) },
      }),
      JSON.stringify(event),
    ]);
    const bulk = await sendRequest(
      client,
      { method: 'POST', path: '/_bulk', body: `${lines.join('\n')}\n` },
      { headers: { 'content-type': 'application/x-ndjson' } },
    );
    assert.equal(bulk.status, 200);
  });
  after(() => double.close());

  test('asks every daily index, missing ones allowed; hits come back oldest first', async () => {
    const result = await searchOpenSearch(http, 'logs-', { levels: ['error'], limit: 10 });
    const request = sent[sent.length - 1];
    assert.equal(request?.method, 'POST');
    assert.equal(request?.path, '/logs-*/_search');
    assert.deepEqual(request?.querystring, { ignore_unavailable: 'true', allow_no_indices: 'true' });
    assert.deepEqual(request?.body, searchBody({ levels: ['error'], limit: 10 }));
    assert.deepEqual(
      result.events.map((e) => e.message),
      ['the day before', 'first', 'second'],
    );
    assert.equal(result.source, 'opensearch');
    assert.equal(result.total, 3);
    assert.equal(result.totalExact, true);
    const search = double.requests.filter((r) => r.path.endsWith('/_search'));
    assert.equal(search.length, 1);
  });

  test('another prefix searches other indices', async () => {
    const result = await searchOpenSearch(http, 'audit-', { limit: 10 });
    assert.equal(sent[sent.length - 1]?.path, '/audit-*/_search');
    assert.deepEqual(result.events, []);
    assert.equal(result.total, 0);
  });

  test('a refusal is one line with OpenSearch reason; no answer is a transient error', async () => {
    const refusing: OpenSearchHttp = async () => ({
      status: 400,
      body: {
        error: {
          root_cause: [{ type: 'query_shard_exception', reason: 'failed to create query' }],
          type: 'search_phase_execution_exception',
          reason: 'all shards failed',
        },
        status: 400,
      },
    });
    await assert.rejects(
      searchOpenSearch(refusing, 'logs-', { limit: 1 }),
      (error: unknown) =>
        error instanceof SluiceError &&
        error.message ===
          'OpenSearch refused the search (HTTP 400): search_phase_execution_exception: all shards failed',
    );
    const closed = createOpenSearchClient({
      node: 'http://127.0.0.1:9',
      signing: 'none',
      region: 'us-east-1',
      requestTimeoutMs: 2_000,
      concurrency: 1,
    });
    await assert.rejects(
      searchOpenSearch((request) => sendRequest(closed, request), 'logs-', { limit: 1 }),
      (error: unknown) =>
        error instanceof TransientSinkError && /OpenSearch did not answer the search/.test(error.message),
    );
    await closed.close();
  });

  test('a total OpenSearch only bounds is reported as such', async () => {
    const answering: OpenSearchHttp = async () => ({
      status: 200,
      body: { hits: { total: { value: 10_000, relation: 'gte' }, hits: [{ _source: events[0] }] } },
    });
    const result = await searchOpenSearch(answering, 'logs-', { limit: 1 });
    assert.equal(result.total, 10_000);
    assert.equal(result.totalExact, false);
    assert.equal(result.events.length, 1);
  });
});
