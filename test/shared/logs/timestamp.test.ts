import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kafkaTimeMs, parseTimestamp, readLogTime, toIsoTimestamp } from '../../../shared/logs/timestamp';

const utc = (iso: string): number => Date.parse(iso);

describe('parseTimestamp', () => {
  const readable: ReadonlyArray<readonly [unknown, string]> = [
    // python logging's asctime, read as UTC; with the offsets Powertools adds
    ['2018-08-19 16:41:41,123', '2018-08-19T16:41:41.123Z'],
    ['2022-07-01 07:09:46,330+0000', '2022-07-01T07:09:46.330Z'],
    ['2023-10-09 17:33:55,734-0400', '2023-10-09T21:33:55.734Z'],
    ['2024-09-08 03:04:11,316-0400', '2024-09-08T07:04:11.316Z'],
    // ISO 8601 with any offset, any fraction length
    ['2024-07-01T13:00:37.934+02:00', '2024-07-01T11:00:37.934Z'],
    ['2022-10-28T14:35:03.210+00:00', '2022-10-28T14:35:03.210Z'],
    ['2019-04-01T17:58:33.598656444Z', '2019-04-01T17:58:33.598Z'],
    ['2013-09-06T20:00:48.124817Z', '2013-09-06T20:00:48.124Z'],
    ['2013-09-06 22:01:00Z', '2013-09-06T22:01:00.000Z'],
    ['2013-09-06t22:01:00.5z', '2013-09-06T22:01:00.500Z'],
    ['2013-09-06T22:01+0530', '2013-09-06T16:31:00.000Z'],
    ['2013-09-06T22:01:00-03', '2013-09-07T01:01:00.000Z'],
    ['2013-09-06', '2013-09-06T00:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    // epoch numbers, told apart by magnitude
    [1534696901, '2018-08-19T16:41:41.000Z'],
    [1534696901.5, '2018-08-19T16:41:41.500Z'],
    [1534696901123, '2018-08-19T16:41:41.123Z'],
    [1534696901123456, '2018-08-19T16:41:41.123Z'],
    [1534696901123456000, '2018-08-19T16:41:41.123Z'],
    ['1534696901123', '2018-08-19T16:41:41.123Z'],
    ['1534696901.25', '2018-08-19T16:41:41.250Z'],
  ];
  for (const [input, expected] of readable) {
    test(`reads ${JSON.stringify(input)}`, () => {
      assert.equal(parseTimestamp(input), utc(expected));
    });
  }

  const unreadable: readonly unknown[] = [
    'xxx',
    '10/28/2022 02:35:03 PM',
    '2013-13-01T00:00:00Z',
    '2023-02-29',
    '2013-04-31',
    '2013-09-06T24:00:00Z',
    '2013-09-06T22:61:00Z',
    '2013-09-06T22:01:00Zjunk',
    '2013-09-06T22:01:00+2',
    '2013-09-06T22:01:00.Z',
    '0099-01-01T00:00:00Z',
    '10000-01-01T00:00:00Z',
    '12.34.56',
    '',
    -5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
    null,
    undefined,
    {},
    [1534696901],
  ];
  for (const input of unreadable) {
    test(`refuses ${String(JSON.stringify(input))}`, () => {
      assert.equal(parseTimestamp(input), undefined);
    });
  }
});

describe('toIsoTimestamp', () => {
  test('matches Date#toISOString across the whole representable range', () => {
    const samples = [0, 1, 999, 86_399_999, 86_400_000, 951_782_400_000, 253_402_300_799_999];
    let seed = 7;
    for (let i = 0; i < 20_000; i += 1) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      samples.push(Math.floor((seed / 2_147_483_648) * 253_402_300_799_999));
    }
    for (const ms of samples) assert.equal(toIsoTimestamp(ms), new Date(ms).toISOString());
  });

  test('drops sub-millisecond fractions like Date does', () => {
    assert.equal(toIsoTimestamp(1534696901123.9), '2018-08-19T16:41:41.123Z');
  });
});

describe('readLogTime', () => {
  const kafka = utc('2024-01-01T00:00:00Z');
  const skew = 15 * 60_000;

  test('takes the keys in the order timestamp, @timestamp, time, ts, asctime, and consumes the one used', () => {
    const consumed: string[] = [];
    const log = {
      asctime: '2024-01-01 00:00:04,000',
      ts: 1704067203,
      time: 'not a time',
      '@timestamp': '2024-01-01T00:00:02Z',
    };
    assert.equal(readLogTime(log, consumed, kafka, skew), utc('2024-01-01T00:00:02Z'));
    assert.deepEqual(consumed, ['@timestamp']);
  });

  test('refuses a time more than the allowed skew away from Kafka, and leaves it unconsumed', () => {
    const consumed: string[] = [];
    assert.equal(readLogTime({ time: '2024-01-01T00:15:00.001Z' }, consumed, kafka, skew), undefined);
    assert.equal(readLogTime({ time: '2023-12-31T23:45:00.000Z' }, consumed, kafka, skew), kafka - skew);
    assert.deepEqual(consumed, ['time']);
  });

  test('trusts the log when the Kafka timestamp is unusable (-1)', () => {
    assert.equal(readLogTime({ ts: 1534696901 }, [], kafkaTimeMs(-1), skew), utc('2018-08-19T16:41:41Z'));
  });
});
