export type { BuildIndexOptions } from './build-deps';
export { buildIndexDeps } from './build-deps';
export { indexBatch } from './index-batch';
export { toBulkDocuments } from './to-documents';
export type { BulkWriter, IndexDeps, IndexReport } from './types';
