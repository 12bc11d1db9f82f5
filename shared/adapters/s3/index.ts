export {
  Area,
  archiveKey,
  deadLetterKey,
  deadLetterReasonPrefix,
  type HourPartition,
  hourPartition,
  keyPartition,
  type ObjectPlace,
  padOffset,
} from '../../archive/keys';
export { type ArchiveLine, archiveLine, encodeArchive } from './archive-encoder';
export { createS3Client } from './client';
export {
  type DeadLetterGroup,
  decodeDeadLetterObject,
  decodeDeadLetters,
  encodeDeadLetterObject,
  encodeDeadLetters,
  groupDeadLetters,
} from './dead-letter-encoder';
export { defaultGzipLevel } from './gzip-level';
export { defaultPutConcurrency, putAll } from './put-all';
export { S3Bucket } from './s3-bucket';
export { S3DeadLetters } from './s3-dead-letters';
export { recordsMetadata, S3ObjectWriter } from './s3-object-writer';
export type { EncodedObject, ObjectInfo, ObjectStore, ObjectWriter, WriterOptions } from './types';
