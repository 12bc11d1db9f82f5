import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { base64DecodedLength, countInvalidUtf8Bytes, decodeValue } from '../../../shared/kafka/decode-value';

const b64 = (bytes: Buffer | string): string => Buffer.from(bytes).toString('base64');
const MiB = 1024 * 1024;

describe('decodeValue', () => {
  test('null and empty values are tombstones', () => {
    assert.equal(decodeValue(null, MiB).kind, 'tombstone');
    assert.equal(decodeValue('', MiB).kind, 'tombstone');
  });

  test('valid UTF-8 text decodes exactly and is not lossy', () => {
    const decoded = decodeValue(b64('{"msg":"héllo ✓ 😀"}'), MiB);
    assert.equal(decoded.kind, 'text');
    assert.ok(decoded.kind === 'text');
    assert.equal(decoded.text, '{"msg":"héllo ✓ 😀"}');
    assert.equal(decoded.lossy, false);
  });

  const undecodable = [
    'abc',
    'ab$=',
    'YWJj\n',
    'YW=j',
    '====',
    'Zm9v!A==',
    'YW-j',
    'YW_j',
    'Y Wj',
    'YWJj\nYWJj',
  ];
  for (const value of undecodable) {
    test(`"${JSON.stringify(value)}" is undecodable`, () => {
      const decoded = decodeValue(value, MiB);
      assert.equal(decoded.kind, 'deadLetter');
      assert.ok(decoded.kind === 'deadLetter');
      assert.equal(decoded.reason, 'undecodable');
    });
  }

  test('values over maxRecordBytes are oversize, exactly at the limit they are accepted', () => {
    const value = b64('x'.repeat(100));
    assert.equal(decodeValue(value, 100).kind, 'text');
    const decoded = decodeValue(value, 99);
    assert.ok(decoded.kind === 'deadLetter');
    assert.equal(decoded.reason, 'oversize');
    assert.match(decoded.detail, /100 bytes, over maxRecordBytes 99/);
  });

  test('a NUL byte makes a value binary', () => {
    const decoded = decodeValue(b64(Buffer.from([0x7b, 0x00, 0x7d])), MiB);
    assert.ok(decoded.kind === 'deadLetter');
    assert.equal(decoded.reason, 'binary');
  });

  test('more than 10 % invalid UTF-8 bytes is binary; a few are lossy text', () => {
    const mostlyText = Buffer.concat([
      Buffer.from('a'.repeat(95)),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x80]),
    ]);
    const lossy = decodeValue(b64(mostlyText), MiB);
    assert.ok(lossy.kind === 'text');
    assert.equal(lossy.lossy, true);
    assert.equal(lossy.text.slice(0, 95), 'a'.repeat(95));
    assert.ok(lossy.text.includes('\ufffd'));

    const protobufLike = Buffer.from([
      0x08, 0x96, 0x01, 0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67, 0xff, 0xfe,
    ]);
    const binary = decodeValue(b64(protobufLike), MiB);
    assert.ok(binary.kind === 'deadLetter');
    assert.equal(binary.reason, 'binary');
  });
});

describe('countInvalidUtf8Bytes', () => {
  const cases: Array<[string, number[], number]> = [
    ['ascii', [0x61, 0x62], 0],
    ['two-byte', [0xc3, 0xa9], 0],
    ['lone continuation', [0x80], 1],
    ['overlong 0xc0', [0xc0, 0xaf], 2],
    ['truncated three-byte', [0xe2, 0x82], 2],
    ['surrogate half', [0xed, 0xa0, 0x80], 3],
    ['four-byte emoji', [0xf0, 0x9f, 0x98, 0x80], 0],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 4],
    ['0xff', [0xff], 1],
  ];
  for (const [name, bytes, expected] of cases) {
    test(name, () => assert.equal(countInvalidUtf8Bytes(Uint8Array.from(bytes)), expected));
  }
});

test('base64DecodedLength matches the real decoded length', () => {
  for (let size = 0; size < 20; size += 1) {
    const value = b64(Buffer.alloc(size, 7));
    assert.equal(base64DecodedLength(value), size);
  }
});
