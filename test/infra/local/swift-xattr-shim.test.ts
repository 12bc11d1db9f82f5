import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { localCredentials } from '../../../infra/local/local-credentials';
import { startSwift } from '../../../infra/local/swift';
import type { RunningService } from '../../../infra/local/types';
import { createS3Client } from '../../../shared/adapters/s3/client';
import { loadConfig } from '../../../shared/config';

// Where the filesystem has no user xattrs, Swift keeps object metadata in files named after the
// object file's inode. Forced on here, it must behave like the xattr path.
let swift: RunningService;
let s3: S3Client;
before(async () => {
  swift = await startSwift({ region: 'us-east-1', xattrShim: true });
  s3 = createS3Client(loadConfig({ AWS_ENDPOINT_URL_S3: swift.endpoint }), localCredentials);
  await s3.send(new CreateBucketCommand({ Bucket: 'shim' }));
});
after(async () => {
  s3.destroy();
  await swift.stop();
});

test('objects keep body and metadata through overwrite and delete without xattrs', async () => {
  const put = (body: string, records: string) =>
    s3.send(new PutObjectCommand({ Bucket: 'shim', Key: 'a/b.txt', Body: body, Metadata: { records } }));
  await put('first', '1');
  await put('second, longer', '2');
  const got = await s3.send(new GetObjectCommand({ Bucket: 'shim', Key: 'a/b.txt' }));
  assert.equal(await got.Body?.transformToString(), 'second, longer');
  assert.equal(got.Metadata?.records, '2');
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'shim' }));
  assert.deepEqual(
    listed.Contents?.map((object) => [object.Key, object.Size]),
    [['a/b.txt', 14]],
  );
  await s3.send(new DeleteObjectCommand({ Bucket: 'shim', Key: 'a/b.txt' }));
  await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: 'shim', Key: 'a/b.txt' })), {
    name: 'NotFound',
  });
  // A new object may get a recycled inode: it must not inherit the deleted one's metadata.
  await s3.send(new PutObjectCommand({ Bucket: 'shim', Key: 'c.txt', Body: 'new' }));
  const fresh = await s3.send(new HeadObjectCommand({ Bucket: 'shim', Key: 'c.txt' }));
  assert.deepEqual(fresh.Metadata, {});
});
