import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  classifyBulkResponse,
  classifyItem,
  describeError,
} from '../../../../shared/adapters/opensearch/classify';
import { offendingFields } from '../../../../shared/adapters/opensearch/quarantine';
import type { ItemVerdict } from '../../../../shared/adapters/opensearch/types';

const fixtures = join(__dirname, '..', '..', '..', 'fixtures', 'opensearch-bulk');
const text = (name: string): string => readFileSync(join(fixtures, name), 'utf8');
const json = (name: string): { items?: unknown[]; error?: unknown; status?: number } =>
  JSON.parse(text(name));

/** The `_id`s a response names, in order: what was sent, as far as the fixture says. */
const idsOf = (body: { items?: unknown[] }): string[] =>
  (body.items ?? []).map((item) => {
    const result = Object.values(item as Record<string, { _id?: string }>)[0];
    return result?._id ?? '';
  });

const kinds = (verdicts: readonly ItemVerdict[]): string[] =>
  verdicts.map((verdict) =>
    verdict.kind === 'ok'
      ? `ok${verdict.existed ? ' (existed)' : ''}`
      : verdict.kind === 'permanent'
        ? `permanent${verdict.mapping ? ' mapping' : ''}`
        : 'retry',
  );

function itemsOf(name: string, ids?: string[]): ItemVerdict[] {
  const body = json(name);
  const verdict = classifyBulkResponse({ kind: 'response', status: 200, body }, ids ?? idsOf(body));
  assert.equal(verdict.kind, 'items');
  return verdict.kind === 'items' ? [...verdict.items] : [];
}

describe('classifyBulkResponse on real _bulk responses (test/fixtures/opensearch-bulk)', () => {
  test('docs bulk example: delete 404 not_found, index 201, create 201 and update 200 are all ok', () => {
    assert.deepEqual(kinds(itemsOf('opensearch-docs__docs-bulk__response1.json')), ['ok', 'ok', 'ok', 'ok']);
  });

  test('a 404 document_missing_exception on an update is not ok (retried: an outage-like answer)', () => {
    const [verdict] = itemsOf('opensearch-docs__docs-bulk__response2.json');
    assert.equal(verdict?.kind, 'retry');
    assert.equal(verdict?.kind === 'retry' && verdict.type, 'document_missing_exception');
  });

  test('fluent retry_error: 409 on create is success, 500s retry, 400s and json_parse_exception are permanent', () => {
    assert.deepEqual(kinds(itemsOf('fluent-plugin-opensearch__test_retry_error.json')), [
      'ok', // 1: 201
      'retry', // 2: 500 some unrecognized type
      'ok (existed)', // 3: 409 on create: already indexed
      'retry', // 5: 500 without a type
      'permanent mapping', // 6: 400 mapper_parsing_exception
      'permanent', // 7: 400 unrecognized type
      'retry', // 8: 500 unrecognized type
      'permanent', // 9: 500 json_parse_exception: the body, not the cluster
    ]);
  });

  test('fluent retry_error_upsert: a 409 on an update is a real conflict, not success', () => {
    const verdicts = kinds(itemsOf('fluent-plugin-opensearch__test_retry_error_upsert.json'));
    assert.equal(verdicts[2], 'retry');
    assert.equal(verdicts[0], 'ok');
  });

  test('an out_of_memory_error item is retried alone; the rest of the chunk is judged item by item', () => {
    assert.deepEqual(
      kinds(itemsOf('fluent-plugin-opensearch__test_unrecoverable_error_included_in_responses.json')),
      [
        'ok',
        'retry',
        'ok (existed)',
        'retry',
        'retry', // 6: 500 out_of_memory_error
        'permanent',
        'retry',
      ],
    );
    assert.equal(
      itemsOf('fluent-plugin-opensearch__test_out_of_memory_responses.json', ['x'])[0]?.kind,
      'retry',
    );
  });

  test('429 rejected_execution_exception and es_rejected_execution_exception are retried', () => {
    for (const name of [
      'fluent-plugin-opensearch__test_rejected_execution_exception_responses.json',
      'fluent-plugin-opensearch__test_es_rejected_execution_exception_responses_as_not_error.json',
    ]) {
      const [verdict] = itemsOf(name, ['x']);
      assert.equal(verdict?.kind, 'retry', name);
      assert.equal(verdict?.status, 429, name);
    }
  });

  test('every 400 mapper_parsing_exception variant is permanent and repairable by quarantine', () => {
    for (const suffix of ['', '_2', '_3', '_4']) {
      const [verdict] = itemsOf(`fluent-plugin-opensearch__test_400_responses_reason_log${suffix}.json`, [
        'x',
      ]);
      assert.deepEqual(verdict, {
        kind: 'permanent',
        status: 400,
        type: 'mapper_parsing_exception',
        reason: 'failed to parse',
        mapping: true,
      });
    }
  });

  test('a 400 item with no error object is permanent, of unknown type', () => {
    const [verdict] = itemsOf('fluent-plugin-opensearch__test_dlq_400_responses.json', ['x']);
    assert.equal(verdict?.kind, 'permanent');
    assert.equal(verdict?.kind === 'permanent' && verdict.mapping, false);
  });

  test('a 503 whose error is a plain string (cluster block) is retried, the string kept as the reason', () => {
    const [verdict] = itemsOf('fluent-plugin-opensearch__test_blocked_items_responses.json', ['x']);
    assert.equal(verdict?.kind, 'retry');
    assert.match(verdict?.kind === 'retry' ? verdict.reason : '', /ClusterBlockException/);
  });

  test('an empty item ({}) has no outcome: retried, never counted as ok', () => {
    const [verdict] = itemsOf('fluent-plugin-opensearch__test_nil_items_responses.json', ['x']);
    assert.equal(verdict?.kind, 'retry');
  });

  test('items are matched by position and checked by _id: a mismatched or missing item is retried', () => {
    const body = json('fluent-plugin-opensearch__test_retry_error.json');
    const ids = idsOf(body);
    const shifted = classifyBulkResponse({ kind: 'response', status: 200, body }, ['0', ...ids]);
    assert.equal(shifted.kind, 'items');
    if (shifted.kind !== 'items') return;
    assert.equal(shifted.items.length, ids.length + 1);
    assert.ok(shifted.items.every((verdict) => verdict.kind === 'retry'));
  });

  test('the bulk-streaming example: its malformed first line is no answer; a create 409 is ok', () => {
    const [first, second, third] = text('opensearch-docs__docs-bulk-streaming__response1.json')
      .trim()
      .split('\n');
    assert.throws(() => JSON.parse(first as string));
    const unreadable = classifyBulkResponse({ kind: 'response', status: 200, body: first }, ['tt1979320']);
    assert.equal(unreadable.kind, 'failed');
    const conflict = classifyBulkResponse(
      { kind: 'response', status: 200, body: JSON.parse(second as string) },
      ['tt1392214'],
    );
    assert.deepEqual(conflict, { kind: 'items', items: [{ kind: 'ok', status: 409, existed: true }] });
    const missing = classifyBulkResponse(
      { kind: 'response', status: 200, body: JSON.parse(third as string) },
      ['tt0816711'],
    );
    assert.equal(missing.kind === 'items' && missing.items[0]?.kind, 'retry');
  });

  test('whole-request errors (top-level error objects) fail the chunk with the type in the detail', () => {
    for (const [name, type] of [
      ['opensearch-docs__docs-update-document__response1.json', 'document_missing_exception'],
      ['opensearch-docs__docs-update-document__response2.json', 'version_conflict_engine_exception'],
      ['opensearch-docs__docs-update-document__response3.json', 'illegal_argument_exception'],
      ['opensearch-docs__docs-ignore-malformed__response1.json', 'mapper_parsing_exception'],
    ] as const) {
      const body = json(name);
      const verdict = classifyBulkResponse({ kind: 'response', status: body.status ?? 0, body }, ['1']);
      assert.equal(verdict.kind, 'failed', name);
      assert.match(verdict.kind === 'failed' ? verdict.detail : '', new RegExp(type), name);
    }
  });

  test("a mapping error's field is found through its caused_by chain", () => {
    const { error } = json('opensearch-docs__docs-ignore-malformed__response1.json');
    const { type, reason } = describeError(error);
    assert.equal(type, 'mapper_parsing_exception');
    assert.match(reason, /caused by number_format_exception/);
    assert.deepEqual(offendingFields(reason), ['age']);
  });
});

describe('classifyBulkResponse on whole-request outcomes', () => {
  test('413 is "too large" (smaller bodies may pass), with the cluster message', () => {
    const verdict = classifyBulkResponse(
      { kind: 'response', status: 413, body: { Message: 'Request size exceeded 10485760 bytes' } },
      ['a'],
    );
    assert.deepEqual(verdict, { kind: 'tooLarge', detail: '413 Request size exceeded 10485760 bytes' });
  });

  test('no answer, 429 and 5xx fail the chunk (every item may be retried)', () => {
    assert.equal(
      classifyBulkResponse({ kind: 'network', detail: 'TimeoutError: Request timed out' }, ['a']).kind,
      'failed',
    );
    assert.equal(classifyBulkResponse({ kind: 'response', status: 429, body: '' }, ['a']).kind, 'failed');
    assert.equal(classifyBulkResponse({ kind: 'response', status: 503, body: '' }, ['a']).kind, 'failed');
  });
});

describe('classifyItem', () => {
  test('a 409 on create is ok and marked as already there; on index it is retried', () => {
    assert.deepEqual(classifyItem({ create: { _id: 'a', status: 409 } }, 'a'), {
      kind: 'ok',
      status: 409,
      existed: true,
    });
    assert.equal(classifyItem({ index: { _id: 'a', status: 409 } }, 'a').kind, 'retry');
  });

  test('403 (a write block) and 404 (index missing) are retried, never dead-lettered', () => {
    assert.equal(
      classifyItem({ create: { status: 403, error: { type: 'cluster_block_exception' } } }).kind,
      'retry',
    );
    assert.equal(
      classifyItem({ create: { status: 404, error: { type: 'index_not_found_exception' } } }).kind,
      'retry',
    );
  });
});
