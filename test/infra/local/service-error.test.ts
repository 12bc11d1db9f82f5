// Errors a new user meets first, when an endpoint is wrong or credentials are missing: each names the
// service, the endpoint and the variable it came from, and says what to do.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freshBucket, freshTable, testStackEnv } from '../../helpers/local-stack';
import { runSluice } from '../../helpers/sluice-process';

const home = mkdtempSync(join(tmpdir(), 'sluice-home-'));
after(() => rmSync(home, { recursive: true, force: true }));

/** No credentials anywhere: not in the environment, not in ~/.aws. */
const bare = { HOME: home, AWS_REGION: 'us-east-1' };
const keys = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' };

describe('errors that name the service, the endpoint and the variable', () => {
  let notS3: Server;
  let notS3Url = '';
  before(async () => {
    // Something that answers HTTP, but not as S3 or DynamoDB do (a proxy, a web server).
    notS3 = createServer((_request, response) => response.writeHead(404).end());
    await new Promise<void>((resolve) => notS3.listen(0, '127.0.0.1', resolve));
    notS3Url = `http://127.0.0.1:${(notS3.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => notS3.close(() => resolve())));

  test('a custom endpoint without credentials: what to set', async () => {
    const run = await runSluice(['state'], {
      ...bare,
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:1',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:1',
    });
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^sluice state: S3 at http:\/\/127\.0\.0\.1:1 \(AWS_ENDPOINT_URL_S3\), creating bucket sluice-logs: no credentials to sign requests with: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/,
    );
    assert.match(
      run.stderr,
      /DynamoDB at http:\/\/127\.0\.0\.1:1 \(AWS_ENDPOINT_URL_DYNAMODB\), creating table sluice: no credentials/,
    );
    assert.doesNotMatch(run.stderr, /Could not load credentials from any providers/);
  });

  test('nothing listening: connection refused, with the service and the variable', async () => {
    const run = await runSluice(['state'], {
      ...bare,
      ...keys,
      AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
    });
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr,
      'sluice state: S3 at http://127.0.0.1:1 (AWS_ENDPOINT_URL), creating bucket sluice-logs: connection refused: ' +
        'nothing listens there (is the server running?); DynamoDB at http://127.0.0.1:1 (AWS_ENDPOINT_URL), ' +
        'creating table sluice: connection refused: nothing listens there (is the server running?)\n',
    );
  });

  test('something that is not S3 answers: the status, not "UnknownError"', async () => {
    const run = await runSluice(['search', '--level', 'error'], {
      ...bare,
      ...keys,
      AWS_ENDPOINT_URL_S3: notS3Url,
      AWS_ENDPOINT_URL_DYNAMODB: notS3Url,
    });
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      new RegExp(
        `^sluice search: S3 at ${notS3Url} \\(AWS_ENDPOINT_URL_S3\\), creating bucket sluice-logs: answered HTTP 404, not as S3 does: is it the right address\\?`,
      ),
    );
    assert.doesNotMatch(run.stderr, /UnknownError/);
  });

  test('a replay that dead-letters records says why, with the count of each reason', async () => {
    const env = {
      ...(await testStackEnv()),
      SLUICE_BUCKET: await freshBucket('reasons'),
      SLUICE_TABLE: await freshTable('reasons'),
    };
    const run = await runSluice(['replay', 'test/events/msk', '--data-dir', join(home, 'data')], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /^replayed 18 files: 33 records = 18 accepted \+ 15 dead-lettered \(15 binary\) \+ 0 skipped;/m,
    );
    // Each file's line names its reasons too (which file holds which record depends on the offset order).
    assert.match(
      run.stderr,
      /\.json(?: \(reordered\))?: \d+ records?, \d+ accepted, (\d+) dead-lettered \(\1 binary\), 0 skipped/,
    );
  });
});
