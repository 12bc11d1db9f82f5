export { ensureTable } from './dynamodb-table';
export { endpointAnswers } from './endpoint-answers';
export { LocalStackError } from './errors';
export { localCredentials, localRegion, swiftUser } from './local-credentials';
export { ensureBucket } from './s3-bucket';
export { stackSource, startLocalStack } from './stack';
export { type LocalStack, type LocalStackOptions, type RunningService, S3Server } from './types';
