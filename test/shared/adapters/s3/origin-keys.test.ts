import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { groupDeadLetters } from '../../../../shared/adapters/s3/dead-letter-encoder';
import { archiveKey, ObjectOrigin, objectRange } from '../../../../shared/archive/keys';
import { deadLetterEntry } from '../../../../shared/dead-letter/types';

const place = { dt: '2024-05-06', hour: '12', topic: 'logs', partition: 3, firstOffset: 7, lastOffset: 9 };

describe('object origin and range', () => {
  test('a rehydrate dead-letter object never has the key of the index function’s one for the same records', () => {
    const entries = [7, 9].map((offset) =>
      deadLetterEntry(
        {
          topic: 'logs',
          partition: 3,
          offset,
          timestamp: Date.UTC(2024, 4, 6, 12),
          key: null,
          value: 'eA==',
          headers: [],
        },
        'mapping_conflict',
        'mapper_parsing_exception',
        'index',
      ),
    );
    const [live] = groupDeadLetters(entries);
    const [rehydrate] = groupDeadLetters(entries, undefined, ObjectOrigin.rehydrate);
    assert.equal(
      live?.key,
      'dead-letter/reason=mapping_conflict/dt=2024-05-06/hour=12/topic=logs/partition=3/00000000000000000007-00000000000000000009.ndjson.gz',
    );
    assert.equal(live?.key.replace('.ndjson.gz', '-rehydrate.ndjson.gz'), rehydrate?.key);
  });

  test('objectRange reads the folder and offsets of plain, redrive and rehydrate keys', () => {
    const folder = 'archive/dt=2024-05-06/hour=12/topic=logs/partition=3/';
    for (const origin of [undefined, ObjectOrigin.redrive, ObjectOrigin.rehydrate]) {
      const key = archiveKey(origin === undefined ? place : { ...place, origin });
      assert.deepEqual(objectRange(key), { folder, firstOffset: 7, lastOffset: 9 }, key);
    }
    assert.equal(objectRange(`${folder}notes.txt`), undefined);
    assert.equal(objectRange('archive/dt=2024-05-06/'), undefined);
  });
});
