import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readBatch } from '../../../shared/batch/read-batch';
import { fixture, fixtureBytes, fixtureLines, mainFields, mskBatch, normalizeAt } from './helpers';

const kafkaTime = '2024-01-01T00:00:00.000Z';
const readOptions = { maxRecordBytes: 1024 * 1024, maxClockSkewMs: 15 * 60_000 };

describe('plain text lines from the corpus', () => {
  test('syslog: the line is the message, Kafka gives the time, no level word is unknown', () => {
    const text = fixtureLines('plain-text/lnav__logfile_syslog.0')[0] as string;
    assert.deepEqual(mainFields(normalizeAt(text, kafkaTime)), {
      '@timestamp': kafkaTime,
      timestampSource: 'kafka',
      level: 'unknown',
      message: 'Nov  3 09:23:38 veridian automount[7998]: lookup(file): lookup for foobar failed',
    });
  });

  test('Apache access lines are unknown-level plain text, kept whole', () => {
    for (const text of fixtureLines('plain-text/elastic-examples__apache_logs.head400.log').slice(0, 50)) {
      const event = normalizeAt(text);
      assert.equal(event.message, text);
      assert.equal(event.level, 'unknown');
      assert.deepEqual(event.attrs, {});
    }
    const malformed = normalizeAt(fixtureLines('plain-text/lnav__logfile_access_log.0')[0] as string);
    assert.match(malformed.message, /^192\.168\.202\.254 - - \[20\/Jul\/2009/);
  });

  test('Kafka broker log4j lines: the level word, and every line of a Java stack trace is error', () => {
    const lines = fixtureLines('plain-text/elastic-examples__kafka1_server.log.2016-12-19-20');
    const levels = new Map<string, number>();
    for (const text of lines) {
      const level = normalizeAt(text).level;
      levels.set(level, (levels.get(level) ?? 0) + 1);
      if (text.startsWith('\tat ')) assert.equal(level, 'error', text);
      else if (/^\[[^\]]+\] INFO /.test(text)) assert.equal(level, 'info', text);
      else if (/^\[[^\]]+\] WARN /.test(text)) assert.equal(level, 'warn', text);
      else if (/^java\.io\.IOException: /.test(text)) assert.equal(level, 'error', text);
    }
    assert.equal(levels.get('unknown'), undefined);
  });

  test('a whole multi-line Java record (header, exception, frames) is one error event', () => {
    const lines = fixtureLines('plain-text/elastic-examples__kafka1_server.log.2016-12-19-20');
    const record = lines.slice(0, 17).join('\n');
    const event = normalizeAt(record);
    assert.equal(event.level, 'error');
    assert.equal(event.message, record);
  });

  test('Spring Boot / Java application log', () => {
    assert.equal(normalizeAt(fixtureLines('plain-text/lnav__logfile_java.0')[0] as string).level, 'info');
  });

  test('CRLF line endings are dropped from the message', () => {
    const lines = fixture('plain-text/lnav__logfile_crlf.0').split('\n');
    const event = normalizeAt(`${lines[1]}\n`);
    assert.deepEqual([event.message, event.level], ['2014-10-08 16:56:38,344:WARN:foo bar baz', 'warn']);
  });
});

describe('through readBatch (the shared decode step)', () => {
  test('a line with invalid UTF-8 is accepted with replacement characters and its original bytes kept', () => {
    const bytes = fixtureBytes('plain-text/lnav__logfile_invalid_utf8.0');
    const value = bytes.toString('base64');
    const read = readBatch(mskBatch([value]), readOptions);
    assert.deepEqual(read.counts, { records: 1, accepted: 1, deadLettered: 0, skipped: 0 });
    const [accepted] = read.accepted;
    assert.equal(accepted?.originalValue, value);
    assert.equal(accepted?.event.level, 'info');
    assert.match(accepted?.event.message ?? '', /^2015-03-12T23:16:52\.071:INFO:com\.root:Response :/);
    assert.ok(accepted?.event.message.includes('\ufffd'));
  });

  test('JSON with a broken UTF-8 byte in a string is still JSON', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"msg":"caf'),
      Buffer.from([0xe9]),
      Buffer.from('","level":"warn"}'),
    ]);
    const read = readBatch(mskBatch([bytes.toString('base64')]), readOptions);
    assert.equal(read.accepted[0]?.event.message, 'caf\ufffd');
    assert.equal(read.accepted[0]?.event.level, 'warn');
  });

  test('every corpus line of every family, wrapped in one batch: records = accepted + dead-lettered + skipped', () => {
    const files = [
      'json-app/derived__powertools_logger_records.ndjson',
      'json-app/lnav__logfile_bunyan.0',
      'json-app/lnav__logfile_invalid_json.json',
      'json-app/lnav__logfile_mixed_json2.json',
      'plain-text/elastic-examples__kafka1_server.log.2016-12-19-20',
      'plain-text/lnav__logfile_syslog.0',
      'k8s-wrapped/fluent-bit_tests_runtime_data_kubernetes/log/core/core_unescaping_json.log',
    ];
    const values: (string | null)[] = files.flatMap((file) =>
      fixtureLines(file).map((line) => Buffer.from(line).toString('base64')),
    );
    values.push(null, '', 'not base64!', Buffer.from([0, 1, 2]).toString('base64'));
    const read = readBatch(mskBatch(values), readOptions);
    const { records, accepted, deadLettered, skipped } = read.counts;
    assert.equal(records, values.length);
    assert.equal(accepted + deadLettered + skipped, records);
    assert.deepEqual([deadLettered, skipped], [2, 2]);
    for (const { event } of read.accepted) assert.equal(event.attrs._normalizeError, undefined);
  });
});
