import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { UsageError } from '../../../cli/command';
import { runSearch } from '../../../cli/commands/search';
import { encodeArchive } from '../../../shared/adapters/s3/archive-encoder';
import { createS3Client } from '../../../shared/adapters/s3/client';
import { putAll } from '../../../shared/adapters/s3/put-all';
import { S3Bucket } from '../../../shared/adapters/s3/s3-bucket';
import { ConfigError } from '../../../shared/errors';
import type { LogEvent } from '../../../shared/logs/types';
import { freshBucket, testConfig, testStackEnv } from '../../helpers/local-stack';
import { OpenSearchDouble } from '../../helpers/opensearch-double';
import { accepted, makeEvent } from '../../shared/rules/make-event';

/** Captures what the command writes. */
function sink(isTTY = false, columns?: number) {
  const chunks: string[] = [];
  return {
    isTTY,
    ...(columns === undefined ? {} : { columns }),
    write(text: string) {
      chunks.push(text);
      return true;
    },
    text: () => chunks.join(''),
  };
}

const hourMs = 3_600_000;
const t0 = Date.parse('2026-11-22T08:00:00.000Z');

describe('sluice search (in-process)', () => {
  let env: Record<string, string | undefined>;
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-search-'));

  before(async () => {
    const bucket = await freshBucket('search-cmd');
    env = { PATH: process.env.PATH, ...(await testStackEnv()), SLUICE_BUCKET: bucket };
    const store = new S3Bucket(createS3Client(await testConfig({ bucket })), bucket);
    // Eight hours, one object each: an error on checkout.py, an info on gateway.py.
    for (let h = 0; h < 8; h += 1) {
      const events: LogEvent[] = [
        makeEvent({
          '@timestamp': new Date(t0 + h * hourMs).toISOString(),
          offset: h * 2,
          level: 'error',
          pathname: '/app/orders/checkout.py',
          lineno: 42,
          service: 'orders',
          message: `payment provider timed out after ${h} attempts and a rather long explanation of why`,
        }),
        makeEvent({
          '@timestamp': new Date(t0 + h * hourMs + 1).toISOString(),
          offset: h * 2 + 1,
          level: 'info',
          pathname: '/app/payments/gateway.py',
          service: 'payments',
          message: 'payment authorised',
        }),
      ];
      await putAll(store, encodeArchive(events.map(accepted), 6));
    }
  });

  test('--json: one JSON array of the newest matches, oldest first; the summary on stderr', async () => {
    const stdout = sink();
    const stderr = sink();
    const code = await runSearch(
      [
        '--level',
        'error',
        '--pathname',
        '/app/orders/checkout.py',
        '--limit',
        '3',
        '--json',
        '--data-dir',
        dataDir,
      ],
      { env, stdout, stderr },
    );
    assert.equal(code, 0);
    const events = JSON.parse(stdout.text()) as LogEvent[];
    assert.deepEqual(
      events.map((e) => e.kafka.offset),
      [10, 12, 14],
    );
    assert.ok(events.every((e) => e.level === 'error' && e.pathname === '/app/orders/checkout.py'));
    assert.match(stdout.text(), /^\[\n\{.*\},\n\{.*\},\n\{.*\}\n\]\n$/);
    assert.match(
      stderr.text(),
      /^sluice search: 3 newest of \d\+? matches in the archive \(\d of 8 objects read/,
    );
    assert.doesNotMatch(stderr.text(), /\r/, 'no progress line when stderr is not a terminal');
  });

  test('no match: an empty array, exit 0', async () => {
    const stdout = sink();
    const stderr = sink();
    assert.equal(
      await runSearch(['--text', 'no such text', '--json', '--data-dir', dataDir], { env, stdout, stderr }),
      0,
    );
    assert.equal(stdout.text(), '[]\n');
    assert.match(
      stderr.text(),
      /^sluice search: 0 matches in the archive \(8 of 8 objects read, 16 records\)\n$/,
    );
  });

  test('the table fits the terminal; a progress line on a terminal stderr, replaced by the summary', async () => {
    const stdout = sink(true, 100);
    const stderr = sink(true);
    await runSearch(['--service', 'orders', '--limit', '3', '--data-dir', dataDir], {
      env,
      stdout,
      stderr,
    });
    const lines = stdout.text().trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^time \(UTC\) +level +where +service +message$/);
    assert.equal(lines.length, 4, 'the header and the errors of 13:00, 14:00 and 15:00');
    assert.match(
      lines[1] ?? '',
      /^2026-11-22 13:00:00\.000 {2}ERROR {2}\/app\/orders\/checkout\.py:42 {2}orders +payment .*…$/,
    );
    for (const line of lines) assert.ok(line.length < 100);
    const clear = '\r\u001b[2K';
    assert.ok(
      stderr.text().startsWith(`${clear}scanning archive: 0/8 objects`),
      JSON.stringify(stderr.text()),
    );
    assert.ok(
      stderr
        .text()
        .endsWith(
          `${clear}sluice search: 3 newest of 8 matches in the archive (8 of 8 objects read, 16 records)\n`,
        ),
    );
  });

  test('auto uses OpenSearch when OPENSEARCH_URL is set; --source archive overrides', async () => {
    const double = await OpenSearchDouble.start();
    try {
      const withOpenSearch = { ...env, OPENSEARCH_URL: double.url };
      const stderr = sink();
      await runSearch(['--level', 'error', '--json'], { env: withOpenSearch, stdout: sink(), stderr });
      assert.equal(double.requests.filter((r) => r.path === '/logs-*/_search').length, 1);
      assert.match(stderr.text(), /^sluice search: 0 matches in OpenSearch\n$/);
      const archive = sink();
      await runSearch(['--level', 'error', '--json', '--source', 'archive', '--data-dir', dataDir], {
        env: withOpenSearch,
        stdout: archive,
        stderr: sink(),
      });
      assert.equal((JSON.parse(archive.text()) as unknown[]).length, 8);
      assert.equal(double.requests.filter((r) => r.path.endsWith('/_search')).length, 1);
    } finally {
      await double.close();
    }
  });

  test('--source opensearch without OpenSearch configured, and stray arguments, are refused', async () => {
    await assert.rejects(
      runSearch(['--source', 'opensearch'], { env, stdout: sink(), stderr: sink() }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /OpenSearch is not configured: set OPENSEARCH_URL/.test(error.message),
    );
    await assert.rejects(
      runSearch(['error'], { env, stdout: sink(), stderr: sink() }),
      (error: unknown) => error instanceof UsageError && /unexpected argument "error"/.test(error.message),
    );
  });
});
