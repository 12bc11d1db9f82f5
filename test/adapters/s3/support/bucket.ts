import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { S3Bucket } from '../../../../shared/adapters/s3/s3-bucket';

// PROVISIONAL: s3rver until the local stack's S3 helper lands; then this file goes.
let server: { close(): Promise<void> } | undefined;
let client: S3Client | undefined;
let counter = 0;

export async function s3Client(): Promise<S3Client> {
  if (client) return client;
  const dir = mkdtempSync(join(tmpdir(), 's3rver-'));
  const s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
  const { port } = (await s3rver.run()) as unknown as { port: number };
  server = s3rver;
  client = new S3Client({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return client;
}

/** PROVISIONAL: s3rver drops deep common prefixes; derive them from a full listing meanwhile. */
class S3rverBucket extends S3Bucket {
  override async listPrefixes(prefix: string): Promise<string[]> {
    const found = new Set<string>();
    for await (const object of this.list(prefix)) {
      const rest = object.key.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash !== -1) found.add(prefix + rest.slice(0, slash + 1));
    }
    return [...found].sort();
  }
}

/** A new empty bucket. */
export async function freshBucket(): Promise<S3Bucket> {
  const s3 = await s3Client();
  counter += 1;
  const name = `archive-test-${process.pid}-${counter}`;
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  return new S3rverBucket(s3, name);
}

export async function stopS3(): Promise<void> {
  client?.destroy();
  await server?.close();
}
