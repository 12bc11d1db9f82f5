import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { closingSentence, resolvedSentence } from '../../../shared/alerts/closing-text';
import { formatAlert } from '../../../shared/alerts/format-alert';
import { formatDigest } from '../../../shared/alerts/format-digest';
import { formatResolved } from '../../../shared/alerts/format-resolved';
import type { Alert, ResolvedNotice } from '../../../shared/alerts/types';

const flatline: Alert = {
  rule: 'service-silent',
  group: 'orders',
  groupBy: 'service',
  windowStart: '2024-05-01T10:03:00.000Z',
  windowEnd: '2024-05-01T10:04:00.000Z',
  count: 0,
  threshold: 0,
  samples: [],
  type: 'flatline',
  lastSeen: '2024-05-01T10:02:41.000Z',
};
const ratio: Alert = {
  rule: 'error-ratio',
  group: 'payments',
  groupBy: 'service',
  windowStart: '2024-05-01T10:05:00.000Z',
  windowEnd: '2024-05-01T10:06:00.000Z',
  count: 81,
  threshold: 5,
  samples: [],
  type: 'ratio',
  of: 1024,
};

describe('flatline and ratio alerts in words', () => {
  test('the issue examples', () => {
    assert.equal(closingSentence(flatline), 'orders: no logs from 10:03 to 10:04 UTC, last seen 10:02:41');
    assert.equal(
      closingSentence(ratio),
      'payments: 7.9 % errors (81 of 1,024) in 10:05–10:06 UTC, above 5 %',
    );
    assert.equal(closingSentence({ ...flatline, type: undefined }), undefined);
    // Seconds on both ends when either has some.
    assert.match(
      closingSentence({
        ...ratio,
        windowStart: '2024-05-01T10:05:00.000Z',
        windowEnd: '2024-05-01T10:05:10.000Z',
      }) ?? '',
      / in 10:05:00–10:05:10 UTC/,
    );
  });

  test('a flatline threshold above 0 says how few; the alert, its fallback text and a digest say it', () => {
    assert.match(closingSentence({ ...flatline, count: 2, threshold: 3 }) ?? '', /^orders: only 2 logs from/);
    const message = formatAlert(ratio);
    assert.match(message.text, /7\.9 % errors \(81 of 1,024\)/);
    assert.match(JSON.stringify(message.blocks), /7\.9 % errors/);
    assert.match(formatAlert(flatline).text, /no logs from 10:03 to 10:04 UTC/);
    assert.match(JSON.stringify(formatDigest([flatline, ratio]).blocks), /no logs from 10:03/);
  });

  test('log text in a group is escaped, as in count alerts', () => {
    const sentence = closingSentence({ ...flatline, group: '<!channel> & co' }) ?? '';
    assert.ok(sentence.startsWith('&lt;!channel&gt; &amp; co: no logs'), sentence);
    assert.doesNotMatch(formatAlert({ ...ratio, group: '<!here>' }).text, /<!here>/);
  });

  test('resolved notices: logging again; back under the percentage, or too few events to judge', () => {
    const notice: ResolvedNotice = {
      rule: 'service-silent',
      group: 'orders',
      groupBy: 'service',
      threshold: 0,
      windowStart: '2024-05-01T10:07:00.000Z',
      windowEnd: '2024-05-01T10:08:00.000Z',
      count: 42,
      type: 'flatline',
    };
    assert.equal(resolvedSentence(notice), 'orders: logging again, 42 logs in 10:07–10:08 UTC');
    assert.match(formatResolved(notice).text, /logging again, 42 logs/);
    const under = { ...notice, type: 'ratio' as const, threshold: 5, count: 3, of: 1200 };
    assert.equal(
      resolvedSentence(under),
      'orders: 0.3 % errors (3 of 1,200) in 10:07–10:08 UTC, at or under 5 %',
    );
    assert.match(resolvedSentence({ ...under, count: 3, of: 10 }) ?? '', /too few events to judge$/);
  });
});
