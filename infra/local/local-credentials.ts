/**
 * The credential pair the local stack exports (not a secret). One pair must serve every service,
 * since tools read a single AWS_ACCESS_KEY_ID: DynamoDB Local takes any key made of letters and
 * digits only, so the key cannot be tempauth's `test:tester`. Swift accepts this key as an alias of
 * its user `test:tester` (whose key `testing` works as well); s3rver is taught both at start.
 */
export const localCredentials = { accessKeyId: 'sluicelocal', secretAccessKey: 'testing' } as const;

/** The Swift tempauth user, usable directly against the S3 server (not against DynamoDB Local). */
export const swiftUser = { accessKeyId: 'test:tester', secretAccessKey: 'testing' } as const;

/** Region the local stack signs for when the configuration names none. */
export const localRegion = 'us-east-1';
