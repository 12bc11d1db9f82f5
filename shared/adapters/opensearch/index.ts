export type { BulkWriterOptions } from './bulk-writer';
export {
  DEFAULT_CHUNK_BYTES,
  DEFAULT_GZIP_LEVEL,
  MAX_CHUNK_BYTES,
  OpenSearchBulkWriter,
} from './bulk-writer';
export type { ChunkVerdict } from './classify';
export { classifyBulkResponse, classifyItem, describeError } from './classify';
export type { OpenSearchClientOptions } from './client';
export { clientForConfig, createOpenSearchClient } from './client';
export { clientBulkTransport, sendRequest } from './client-transport';
export { encodeDocument, planChunks } from './encode';
export type { DescribeDomain } from './endpoint';
export { endpointUrl, resolveConfiguredEndpoint, resolveOpenSearchUrl, sdkDescribeDomain } from './endpoint';
export { OpenSearchSetupError } from './errors';
export { nextQuarantine, QuarantineLevel } from './escalate';
export { dailyIndex, documentId, indexPrefixProblem } from './naming';
export { CORE_FIELDS, offendingFields, QUARANTINE_FIELD, quarantineSource } from './quarantine';
export type { RetryPolicy } from './retry-policy';
export { attemptTimeout, backoffDelay, defaultRetryPolicy } from './retry-policy';
export type { OpenSearchHttp, SetupStep } from './setup';
export { applyIndexTemplate, applyIsmPolicy, importDashboards, SetupAction } from './setup';
export * from './types';
