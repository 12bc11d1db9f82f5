import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { withAbortSignal } from '../../shared/adapters/dynamodb/abortable';
import { createDynamoClient } from '../../shared/adapters/dynamodb/client';
import { DynamoCheckpoints } from '../../shared/adapters/dynamodb/rehydrate-checkpoints';
import { type InvokeAsync, lambdaInvoker } from '../../shared/adapters/lambda/invoke-async';
import { OpenSearchBulkWriter } from '../../shared/adapters/opensearch/bulk-writer';
import { clientForConfig } from '../../shared/adapters/opensearch/client';
import { clientBulkTransport } from '../../shared/adapters/opensearch/client-transport';
import { type DescribeDomain, resolveConfiguredEndpoint } from '../../shared/adapters/opensearch/endpoint';
import { indexExists } from '../../shared/adapters/opensearch/index-exists';
import { createS3Client } from '../../shared/adapters/s3/client';
import { S3DeadLetters } from '../../shared/adapters/s3/s3-dead-letters';
import { S3ObjectReader } from '../../shared/adapters/s3/s3-object-reader';
import type { ObjectReader, ObjectWriter } from '../../shared/adapters/s3/types';
import { ObjectOrigin } from '../../shared/archive/keys';
import type { SluiceConfig } from '../../shared/config';
import { DeadLetterStage } from '../../shared/dead-letter/types';
import { type HandlerOptions, lambdaHandler } from '../../shared/lambda/function-handler';
import type { CheckpointStore, RunCheckpoint } from '../../shared/rehydrate/checkpoint';
import { parseRehydrateEvent, runIdOf } from './request';
import { runRehydrate } from './run';
import {
  type DocumentWriter,
  defaultRehydrateSettings,
  type RehydrateCore,
  type RehydrateResult,
  type RehydrateSettings,
} from './types';

export interface RehydrateHandlerOptions extends HandlerOptions {
  /** The archive bucket (the bench's in-memory one); default S3 `config.s3.bucket`. */
  readonly store?: ObjectReader & ObjectWriter;
  /** Where checkpoints are kept; default the sluice table (`config.dynamodb.table`). */
  readonly checkpoints?: CheckpointStore;
  /** The document writer (the bench's counting one); default the bulk writer on the configured OpenSearch. */
  readonly writer?: DocumentWriter;
  /** How the run sends itself the event to go on; default an asynchronous Lambda invocation of this function. */
  readonly invoke?: InvokeAsync;
  readonly settings?: Partial<RehydrateSettings>;
  /** A local run asked to stop (Ctrl-C): checked between steps. */
  readonly shouldStop?: () => boolean;
  /** Hears the checkpoint after every step (local progress). */
  readonly onProgress?: (checkpoint: RunCheckpoint) => void;
  readonly now?: () => number;
  /** Injected for tests: the domain lookup and SigV4 credentials. */
  readonly describeDomain?: DescribeDomain;
  readonly getCredentials?: () => Promise<AwsCredentialIdentity>;
}

/** Builds the OpenSearch client and bulk writer once per container, as the index function does. */
async function openSearchDeps(config: SluiceConfig, options: RehydrateHandlerOptions) {
  const node = await resolveConfiguredEndpoint(config, options.describeDomain);
  if (node === undefined) return { client: undefined, writer: options.writer };
  const client = clientForConfig(
    config,
    node,
    options.getCredentials ? { getCredentials: options.getCredentials } : {},
  );
  const { chunkBytes, concurrency, requestTimeoutMs } = config.opensearch;
  const writer =
    options.writer ??
    new OpenSearchBulkWriter({
      transport: clientBulkTransport(client),
      chunkBytes,
      concurrency,
      requestTimeoutMs,
    });
  return { client, writer };
}

/**
 * The rehydrate function's Lambda handler (`serverless invoke -f rehydrate --data '{"since": ...,
 * "until": ...}'`, and `sluice rehydrate` locally): puts the archived logs of a time range back into
 * OpenSearch with the ids and daily indices of live indexing, in steps within its time limit,
 * re-invoking itself with its checkpoint until done. Logs one line and emits its metrics per
 * invocation; returns what it did.
 *
 * @example
 * const handler = createRehydrateHandler(loadConfig());
 * await handler({ since: '2026-11-22T10:00Z', until: '2026-11-22T12:00Z' }, context);
 */
export function createRehydrateHandler(config: SluiceConfig, options: RehydrateHandlerOptions = {}) {
  const now = options.now ?? Date.now;
  return lambdaHandler(
    {
      name: 'rehydrate',
      async deps() {
        const opensearch = await openSearchDeps(config, options);
        return {
          ...opensearch,
          s3: createS3Client(config),
          dynamo: createDynamoClient(config),
          invoke: options.invoke ?? lambdaInvoker(config),
        };
      },
      async run(event: unknown, deps, invocation, { log, metrics, describe }): Promise<RehydrateResult> {
        const request = parseRehydrateEvent(event, config.opensearch.indexPrefix);
        const runId = runIdOf(request.args);
        describe({ runId, since: request.args.since, until: request.args.until });
        const bucket =
          options.store ?? new S3ObjectReader(deps.s3, config.s3.bucket, { signal: invocation.signal });
        const { client } = deps;
        const core: RehydrateCore = {
          store: bucket,
          checkpoints:
            options.checkpoints ??
            new DynamoCheckpoints(
              { client: withAbortSignal(deps.dynamo, invocation.signal), table: config.dynamodb.table },
              now,
            ),
          writer: deps.writer,
          deadLetters: new S3DeadLetters(bucket, {
            stage: DeadLetterStage.index,
            origin: ObjectOrigin.rehydrate,
          }),
          indexExists: async (name) =>
            client !== undefined && (await indexExists(client, name, invocation.signal)),
          continueWith: (next) => deps.invoke(invocation.functionName, next, invocation.signal),
          settings: {
            ...defaultRehydrateSettings,
            maxClockSkewMs: config.maxClockSkewMs,
            ...options.settings,
          },
          now,
          shouldStop: options.shouldStop ?? (() => false),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        };
        const result = await runRehydrate(request, core, invocation);
        const { checkpoint, invocation: done } = result;
        log.info('rehydrate invocation done', {
          runId,
          outcome: result.outcome,
          ...done,
          objectsLeft: result.objectsLeft,
          ...(checkpoint
            ? {
                status: checkpoint.status,
                objectsDone: checkpoint.counts.objects,
                objectsTotal: checkpoint.total.objects,
                cursor: checkpoint.cursor,
                ...(checkpoint.lastError ? { lastError: checkpoint.lastError } : {}),
              }
            : {}),
        });
        metrics(
          {
            objectsRead: done.objects,
            objectsLeft: result.objectsLeft,
            records: done.records,
            filteredOut: done.filteredOut,
            indexed: done.created,
            alreadyIndexed: done.alreadyThere,
            deadLettered: done.deadLettered,
            notIndexed: done.failed,
          },
          invocation.functionName,
        );
        return result;
      },
      close: async (deps) => {
        deps.s3.destroy();
        deps.dynamo.destroy();
        await deps.client?.close();
      },
    },
    options,
  );
}
