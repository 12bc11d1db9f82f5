import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { type ScanProgress, searchArchive } from '../../../cli/search/archive-source';
import { encodeArchive } from '../../../shared/adapters/s3/archive-encoder';
import { createS3Client } from '../../../shared/adapters/s3/client';
import { putAll } from '../../../shared/adapters/s3/put-all';
import { S3Bucket } from '../../../shared/adapters/s3/s3-bucket';
import type { EncodedObject, ObjectInfo, ObjectStore } from '../../../shared/adapters/s3/types';
import type { AcceptedRecord } from '../../../shared/batch/types';
import type { LogEvent } from '../../../shared/logs/types';
import { freshBucket, testConfig } from '../../helpers/local-stack';
import { makeEvent } from '../../shared/rules/make-event';

const skew = 15 * 60_000;
const hourMs = 3_600_000;
const t0 = Date.parse('2026-11-22T08:00:00.000Z');

/** An accepted record whose Kafka time is `kafkaMs` and whose event time is `eventMs` (default the same). */
function record(
  offset: number,
  kafkaMs: number,
  fields: Partial<LogEvent> = {},
  eventMs = kafkaMs,
  partition = 0,
): AcceptedRecord {
  const event = makeEvent({ '@timestamp': new Date(eventMs).toISOString(), offset, partition, ...fields });
  const kafka = { topic: 'logs', partition, offset, timestamp: kafkaMs };
  return {
    record: { ...kafka, key: null, value: 'e30=', headers: [] },
    event: { ...event, kafka },
  };
}

/** The store, counting what the search lists and downloads. */
class CountingStore implements ObjectStore {
  readonly gets: string[] = [];
  readonly lists: string[] = [];
  constructor(private readonly inner: ObjectStore) {}
  put(object: EncodedObject) {
    return this.inner.put(object);
  }
  list(prefix: string): AsyncIterable<ObjectInfo> {
    this.lists.push(prefix);
    return this.inner.list(prefix);
  }
  listPrefixes(prefix: string) {
    return this.inner.listPrefixes(prefix);
  }
  records(key: string) {
    return this.inner.records(key);
  }
  get(key: string) {
    this.gets.push(key);
    return this.inner.get(key);
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
}

async function store(): Promise<CountingStore> {
  const config = await testConfig();
  return new CountingStore(new S3Bucket(createS3Client(config), await freshBucket('search')));
}

describe('searchArchive on the test stack S3', () => {
  let bucket: CountingStore;
  const errorAt = (offset: number, ms: number, pathname = '/app/a.py', eventMs = ms) =>
    record(offset, ms, { level: 'error', pathname, message: `boom ${offset}` }, eventMs);

  before(async () => {
    bucket = await store();
    // Hour 08: errors and infos; a retried batch archived offsets 3..6 again in another object.
    const hour8 = [
      errorAt(1, t0 + 60_000),
      record(2, t0 + 61_000, { level: 'info', message: 'fine' }),
      errorAt(3, t0 + 62_000, '/app/b.py'),
      errorAt(4, t0 + 63_000),
      errorAt(5, t0 + 64_000),
      errorAt(6, t0 + 65_000),
    ];
    await putAll(bucket, encodeArchive(hour8.slice(0, 4), 6));
    await putAll(bucket, encodeArchive(hour8.slice(2), 6));
    // Hour 09: one error whose log time is 10 minutes earlier than its Kafka time (within the skew).
    await putAll(
      bucket,
      encodeArchive([errorAt(10, t0 + hourMs + 5 * 60_000, '/app/a.py', t0 + hourMs - 5 * 60_000)], 6),
    );
    // A day later, far outside the ranges below; and a redrive object in hour 08.
    await putAll(bucket, encodeArchive([errorAt(20, t0 + 24 * hourMs)], 6));
    await putAll(bucket, encodeArchive([errorAt(30, t0 + 70_000, '/app/c.py')], 6, 'redrive'));
    // An object with a line that is not an event.
    await bucket.put({
      key: 'archive/dt=2026-11-22/hour=08/topic=logs/partition=1/00000000000000000000-00000000000000000001.ndjson.gz',
      body: gzipSync(
        `${JSON.stringify(record(0, t0 + 80_000, { level: 'error' }, t0 + 80_000, 1).event)}\nnot json\n`,
      ),
      records: 2,
    });
    // And one that is not gzip at all.
    await bucket.put({
      key: 'archive/dt=2026-11-22/hour=08/topic=logs/partition=2/00000000000000000000-00000000000000000000.ndjson.gz',
      body: Buffer.from('{"not":"gzip"}\n'),
      records: 1,
    });
  });

  test('every match once, oldest first, with what was read', async () => {
    const result = await searchArchive(bucket, { levels: ['error'], limit: 100 }, { maxClockSkewMs: skew });
    assert.deepEqual(
      result.events.map((e) => `${e.kafka.partition}/${e.kafka.offset}`),
      ['0/1', '0/3', '0/4', '0/5', '0/6', '0/30', '1/0', '0/10', '0/20'],
    );
    assert.equal(result.total, 9);
    assert.equal(result.totalExact, true);
    assert.deepEqual(result.scanned, { objects: 7, listed: 7, records: 12, duplicates: 2, unreadable: 2 });
  });

  test('filters: pathname glob, text, service', async () => {
    const found = await searchArchive(
      bucket,
      { pathname: '*/b.py', text: 'BOOM', service: 'api', limit: 10 },
      { maxClockSkewMs: skew },
    );
    assert.deepEqual(
      found.events.map((e) => e.kafka.offset),
      [3],
    );
  });

  test('a time range lists only the hours that can hold it (with the clock-skew margin)', async () => {
    bucket.lists.length = 0;
    bucket.gets.length = 0;
    // 08:50 to 09:00 by event time: the hour-09 record logged at 08:55 is in; the day after is never listed.
    const result = await searchArchive(
      bucket,
      { levels: ['error'], sinceMs: t0 + 50 * 60_000, untilMs: t0 + hourMs, limit: 10 },
      { maxClockSkewMs: skew },
    );
    assert.deepEqual(
      result.events.map((e) => e.kafka.offset),
      [10],
    );
    assert.deepEqual(bucket.lists.sort(), [
      'archive/dt=2026-11-22/hour=08/',
      'archive/dt=2026-11-22/hour=09/',
    ]);
    assert.ok(bucket.gets.every((key) => !key.includes('dt=2026-11-23')));
  });

  test('stops once older hours cannot hold newer matches; reports progress', async () => {
    const many = await store();
    // Six hours, five errors each, one object per hour.
    for (let h = 0; h < 6; h += 1) {
      const records = Array.from({ length: 5 }, (_, i) => errorAt(h * 10 + i, t0 + h * hourMs + i * 1000));
      await putAll(many, encodeArchive(records, 6));
    }
    const seen: ScanProgress[] = [];
    const result = await searchArchive(
      many,
      { levels: ['error'], limit: 3 },
      { maxClockSkewMs: skew, concurrency: 1, onProgress: (p) => seen.push(p) },
    );
    assert.deepEqual(
      result.events.map((e) => e.kafka.offset),
      [52, 53, 54],
    );
    assert.equal(result.totalExact, false);
    assert.equal(result.scanned?.listed, 6);
    assert.ok((result.scanned?.objects ?? 6) < 6, `read ${result.scanned?.objects} of 6`);
    assert.equal(many.gets.length, result.scanned?.objects);
    assert.deepEqual(seen[0], { listed: 6, objects: 0, records: 0, matches: 0 });
    assert.equal(seen[seen.length - 1]?.objects, result.scanned?.objects);
  });

  test('an empty archive finds nothing', async () => {
    const result = await searchArchive(await store(), { limit: 5 }, { maxClockSkewMs: skew });
    assert.deepEqual(result, {
      source: 'archive',
      events: [],
      total: 0,
      totalExact: true,
      scanned: { objects: 0, listed: 0, records: 0, duplicates: 0, unreadable: 0 },
    });
  });
});
