import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { athenaTables, renderAthenaTable } from '../../../infra/athena/render';
import { archiveKey, deadLetterKey } from '../../../shared/archive/keys';

const options = {
  bucket: 'acme-sluice-logs',
  topics: ['logs', 'audit.v1'],
  partitions: 12,
  firstDay: '2026-01-01',
};

/** Fills the projection's storage.location.template the way Athena does. */
function location(ddl: string, values: Record<string, string>): string {
  const template = /'storage\.location\.template' = '([^']+)'/.exec(ddl)?.[1];
  assert.ok(template, 'no storage.location.template');
  return template.replace(/\$\{(\w+)\}/g, (_, name: string) => values[name] ?? `<${name}?>`);
}

const dir = (key: string): string => `s3://acme-sluice-logs/${key.slice(0, key.lastIndexOf('/') + 1)}`;

describe('Athena DDL', () => {
  test('every placeholder is filled', () => {
    for (const file of athenaTables) {
      const ddl = renderAthenaTable(file, options);
      assert.doesNotMatch(ddl, /\{\{/);
      assert.match(ddl, /'projection\.topic\.values' = 'logs,audit\.v1'/);
      assert.match(ddl, /'projection\.kafka_partition\.range' = '0,11'/);
      assert.match(ddl, /'projection\.dt\.range' = '2026-01-01,NOW'/);
    }
  });

  test('the projected locations are where the writers put objects', () => {
    const place = {
      dt: '2026-03-04',
      hour: '07',
      topic: 'audit.v1',
      partition: 11,
      firstOffset: 5,
      lastOffset: 9,
    };
    const values = {
      dt: '2026-03-04',
      hour: '07',
      topic: 'audit.v1',
      kafka_partition: '11',
      reason: 'oversize',
    };
    assert.equal(location(renderAthenaTable('logs.sql', options), values), dir(archiveKey(place)));
    assert.equal(
      location(renderAthenaTable('dead-letters.sql', options), values),
      dir(deadLetterKey('oversize', place)),
    );
  });

  test('values that would break the statement are refused', () => {
    assert.throws(() => renderAthenaTable('logs.sql', { ...options, bucket: "x'; DROP" }), /bucket/);
    assert.throws(() => renderAthenaTable('logs.sql', { ...options, topics: ["a'b"] }), /topic/);
    assert.throws(() => renderAthenaTable('logs.sql', { ...options, topics: [] }), /topic/);
    assert.throws(() => renderAthenaTable('logs.sql', { ...options, partitions: 0 }), /partitions/);
  });
});
