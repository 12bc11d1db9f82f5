// Issue 11's scenario, end to end with the real `sluice` command: 30 errors in one window, one of them
// dead-lettered as oversize; `sluice redrive --reason oversize` under a raised limit makes the window
// count 30, and redriving the record again (the dead-letter entry back, as after a run that counted it
// but failed before moving it) leaves it at 30.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { toMskEvent } from '../../cli/sim/msk-event';
import { freshBucket, freshTable, testS3Client, testStackEnv } from '../helpers/local-stack';
import { runSluice } from '../helpers/sluice-process';

// DynamoDB Local applies TTL on the real clock: the window is in the current hour.
const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000;
const PATHNAME = '/app/redrive.py';

interface StateView {
  windows: Array<{ rule: string; group: string; count: number }>;
}

/** 30 errors of one source file within one 10 s window; the 8th is 2 MiB (over the default 1 MiB). */
function stormEvent(): string {
  const records = Array.from({ length: 30 }, (_, i) => {
    const log = {
      timestamp: new Date(T0 + i * 100).toISOString(),
      level: 'error',
      message: i === 7 ? `boom ${'x'.repeat(2 * 1024 * 1024)}` : `boom ${i}`,
      pathname: PATHNAME,
      lineno: 10,
      service: 'api',
    };
    return {
      topic: 'logs',
      partition: 0,
      offset: 100 + i,
      timestamp: T0 + i * 100,
      value: JSON.stringify(log),
    };
  });
  return JSON.stringify(toMskEvent(records));
}

test('a redriven record is counted in its window once, even when redriven again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-redrive-detect-'));
  const file = join(dir, 'storm.json');
  writeFileSync(file, stormEvent());
  const bucket = await freshBucket('redrive-detect');
  const env = {
    ...(await testStackEnv()),
    SLUICE_BUCKET: bucket,
    SLUICE_TABLE: await freshTable('redrive-detect'),
  };
  const sluice = async (args: string[], extra: Record<string, string> = {}) => {
    const run = await runSluice([...args, '--data-dir', join(dir, '.sluice')], { ...env, ...extra });
    assert.equal(run.code, 0, run.stderr);
    return run.stdout;
  };
  const count = async (): Promise<number | undefined> => {
    const state = JSON.parse(await sluice(['state', '--json'])) as StateView;
    return state.windows.find((w) => w.rule === 'error-burst' && w.group === PATHNAME)?.count;
  };
  const raised = { SLUICE_MAX_RECORD_BYTES: '4194304' };

  const replay = JSON.parse(await sluice(['replay', file, '--json'])) as { deadLettered: number };
  assert.equal(replay.deadLettered, 1);
  assert.equal(await count(), 29, 'the oversize record is dead-lettered, not counted');

  // The dead-letter area as it is now, to put it back after the first redrive.
  const s3 = await testS3Client();
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'dead-letter/' }));
  const deadLetters = await Promise.all(
    (listed.Contents ?? []).map(async ({ Key }) => {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
      return { Key, Body: await object.Body?.transformToByteArray() };
    }),
  );
  assert.equal(deadLetters.length, 1);

  const first = JSON.parse(await sluice(['redrive', '--reason', 'oversize', '--json'], raised));
  assert.equal(first.accepted, 1);
  assert.equal(await count(), 30, 'the redriven record is counted');

  // As if that redrive had counted the record and then failed before moving it out of the area.
  for (const object of deadLetters) await s3.send(new PutObjectCommand({ Bucket: bucket, ...object }));
  const again = JSON.parse(await sluice(['redrive', '--reason', 'oversize', '--json'], raised));
  assert.equal(again.accepted, 1, 'the same record went through detect a second time');
  assert.equal(await count(), 30, 'and was not counted again');

  const nothing = JSON.parse(await sluice(['redrive', '--reason', 'oversize', '--json'], raised));
  assert.equal(nothing.accepted, 0);
  assert.equal(await count(), 30);
});
