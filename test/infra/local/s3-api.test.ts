import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { freshBucket, testConfig, testS3Client } from '../../helpers/local-stack';

async function putAll(s3: S3Client, bucket: string, keys: readonly string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 25) {
    await Promise.all(
      keys.slice(i, i + 25).map((Key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }))),
    );
  }
}

async function listAll(s3: S3Client, bucket: string, prefix: string): Promise<ListObjectsV2CommandOutput[]> {
  const pages: ListObjectsV2CommandOutput[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    pages.push(page);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return pages;
}

describe('the S3 server of the test stack', () => {
  let s3: S3Client;
  before(async () => {
    s3 = await testS3Client();
  });

  test('the stack created its bucket', async () => {
    const config = await testConfig();
    const head = await s3.send(new HeadBucketCommand({ Bucket: config.s3.bucket }));
    assert.equal(head.$metadata.httpStatusCode, 200);
  });

  test('an object comes back byte for byte, with its metadata', async () => {
    const bucket = await freshBucket('bytes');
    const body = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256));
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'dt=2024-01-01/hour=00/part.json.gz',
        Body: body,
        ContentEncoding: 'gzip',
        Metadata: { records: '42' },
      }),
    );
    const got = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'dt=2024-01-01/hour=00/part.json.gz' }),
    );
    assert.deepEqual(Buffer.from(await (got.Body?.transformToByteArray() ?? new Uint8Array())), body);
    assert.equal(got.Metadata?.records, '42');
    assert.equal(got.ContentEncoding, 'gzip');
  });

  describe('listing 1,030 objects under deep prefixes', () => {
    let bucket: string;
    const keys = Array.from(
      { length: 1_030 },
      (_, i) =>
        `archive/dt=2024-01-0${1 + (i % 3)}/hour=${String(i % 24).padStart(2, '0')}/obj-${String(i).padStart(5, '0')}.gz`,
    );
    const other = ['dead-letter/dt=2024-01-01/x.gz', 'top.txt'];

    before(async () => {
      bucket = await freshBucket('paging');
      await putAll(s3, bucket, [...keys, ...other]);
    });

    test('ListObjectsV2 pages past 1,000 keys and returns each key exactly once, in order', async () => {
      const pages = await listAll(s3, bucket, 'archive/');
      assert.equal(pages.length, 2);
      assert.equal(pages[0]?.Contents?.length, 1000);
      const listed = pages.flatMap((page) => (page.Contents ?? []).map((object) => object.Key));
      assert.deepEqual(listed, [...keys].sort());
    });

    test('a delimiter gives the common prefixes at each depth', async () => {
      const days = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: 'archive/', Delimiter: '/' }),
      );
      assert.deepEqual(
        days.CommonPrefixes?.map((prefix) => prefix.Prefix),
        ['archive/dt=2024-01-01/', 'archive/dt=2024-01-02/', 'archive/dt=2024-01-03/'],
      );
      assert.equal(days.KeyCount, 3);
      assert.equal(days.Contents, undefined);
      const day = 'archive/dt=2024-01-02/';
      const hours = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: day, Delimiter: '/' }));
      const expectedHours = new Set(
        keys
          .filter((key) => key.startsWith(day))
          .map((key) => key.slice(0, key.indexOf('/', day.length) + 1)),
      );
      assert.deepEqual(
        hours.CommonPrefixes?.map((prefix) => prefix.Prefix),
        [...expectedHours].sort(),
      );
      const root = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/' }));
      assert.deepEqual(
        root.CommonPrefixes?.map((prefix) => prefix.Prefix),
        ['archive/', 'dead-letter/'],
      );
      assert.deepEqual(
        root.Contents?.map((object) => object.Key),
        ['top.txt'],
      );
    });

    test('StartAfter and MaxKeys page as S3 does', async () => {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: 'archive/', StartAfter: keys[5], MaxKeys: 3 }),
      );
      const after = [...keys].sort().filter((key) => key > (keys[5] as string));
      assert.deepEqual(
        page.Contents?.map((object) => object.Key),
        after.slice(0, 3),
      );
      assert.equal(page.IsTruncated, true);
    });

    test('DeleteObjects removes 1,000 keys in one call', async () => {
      const doomed = [...keys].sort().slice(0, 1000);
      const result = await s3.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: doomed.map((Key) => ({ Key })) } }),
      );
      assert.equal(result.Errors, undefined);
      assert.equal(result.Deleted?.length, 1000);
      const left = (await listAll(s3, bucket, 'archive/')).flatMap((page) => page.Contents ?? []);
      assert.deepEqual(
        left.map((object) => object.Key),
        [...keys].sort().slice(1000),
      );
    });
  });
});
