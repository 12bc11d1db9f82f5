import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dailyIndex } from '../../../../shared/adapters/opensearch/naming';
import { toBulkDocuments } from '../../../../shared/adapters/opensearch/to-documents';
import { accepted, makeEvent } from '../../rules/make-event';

test('each record goes to the daily index of its event time, as dailyIndex says, whatever the order', () => {
  const times = [
    '2026-11-22T23:59:59.999Z',
    '2026-11-23T00:00:00.000Z',
    '2026-11-22T00:00:00.000Z',
    '2026-11-23T12:00:00.000Z',
    'not a time',
    '+010000-01-01T00:00:00.000Z',
  ];
  const records = times.map((time, offset) => {
    const event = makeEvent({ '@timestamp': time, offset });
    return accepted({ ...event, kafka: { ...event.kafka, timestamp: Date.UTC(2026, 0, offset + 1) } });
  });
  const documents = toBulkDocuments(records, 'logs-');
  assert.deepEqual(
    documents.map((d) => d.index),
    records.map(({ event, record }) => dailyIndex('logs-', event['@timestamp'], record.timestamp)),
  );
  assert.deepEqual(
    documents.map((d) => d.index),
    [
      'logs-2026.11.22',
      'logs-2026.11.23',
      'logs-2026.11.22',
      'logs-2026.11.23',
      'logs-2026.01.05',
      'logs-2026.01.06',
    ],
  );
  assert.deepEqual(
    documents.map((d) => d.id),
    times.map((_, offset) => `logs-0-${offset}`),
  );
});
