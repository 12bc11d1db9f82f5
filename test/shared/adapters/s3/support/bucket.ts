import { S3Bucket } from '../../../../../shared/adapters/s3/s3-bucket';
import { freshBucket as freshBucketName, testS3Client } from '../../../../helpers/local-stack';

/** A new empty bucket on the test stack's S3 server (Swift), as the adapter sluice uses. */
export async function freshBucket(): Promise<S3Bucket> {
  return new S3Bucket(await testS3Client(), await freshBucketName('archive'));
}

/** A bucket adapter for a name that may not exist. */
export async function bucketNamed(name: string): Promise<S3Bucket> {
  return new S3Bucket(await testS3Client(), name);
}
