import { archiveStats } from '../../functions/archive/archive-stats';
import type { ArchiveStats } from '../../functions/archive/types';
import { detectState } from '../../functions/detect/state';
import type { DetectState, FiredAlert } from '../../functions/detect/types';
import type { SweepReport } from '../../functions/sweep/sweep';
import { startLocalStack } from '../../infra/local/stack';
import type { LocalStack } from '../../infra/local/types';
import { createDynamoClient } from '../../shared/adapters/dynamodb/client';
import { dynamoDetectListing } from '../../shared/adapters/dynamodb/listing';
import { createS3Client } from '../../shared/adapters/s3/client';
import { S3Bucket } from '../../shared/adapters/s3/s3-bucket';
import type { TextSink } from '../../shared/adapters/slack/terminal';
import type { BatchCounts, BatchRead } from '../../shared/batch/types';
import { loadConfig, type SluiceConfig } from '../../shared/config';
import type { KafkaBatch } from '../../shared/kafka/types';
import type { LineSink } from '../../shared/lambda/logger';
import { loadRules } from '../../shared/rules/load';
import type { RuleSet } from '../../shared/rules/types';
import { type LocalFunctions, localFunctions } from '../invoke/local-functions';
import { mskEventOf } from '../invoke/msk-event-of';
import { type RetryPolicy, replayRetryPolicy, withRetry } from './retry';

/** What one batch did across the three functions (`replay --json`, docs/local.md). */
export interface BatchReport extends BatchCounts {
  /** null when OpenSearch is not configured. */
  readonly indexed: number | null;
  readonly archived: number;
  readonly alerts: readonly FiredAlert[];
  /** Window counts detect did not add (`DetectReport.uncounted`). */
  readonly uncounted: number;
  /** Dead-lettered records per reason (`binary`: 2), for the lines people read; not in `--json`. */
  readonly deadLetterReasons: Readonly<Record<string, number>>;
}

export interface LocalPipelineOptions {
  /** The embedded stack's data directory (default `.sluice`). */
  readonly dataDir?: string;
  /** A rules file; default `SLUICE_RULES` or the bundled rules. */
  readonly rulesFile?: string;
  /** The environment (default `process.env`): named endpoints are used, the rest is embedded. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where alerts are printed when no Slack webhook is configured. */
  readonly slackOut?: TextSink;
  /** Where the handlers' JSON log and metric lines go (default: discarded; commands send them to a file). */
  readonly handlerLog?: LineSink;
  /** Install missing Debian packages for the embedded stack (root only). */
  readonly installMissing?: boolean;
  /** Kept on every alert detect claims, so that {@link LocalPipeline.alertsClaimedBy} lists this run's. */
  readonly claimedBy?: string;
  readonly log?: (line: string) => void;
}

/** The functions' handlers and the state readers, wired to local or named services. */
export interface LocalPipeline {
  readonly config: SluiceConfig;
  readonly stack: LocalStack;
  /** The deployed handlers of index (when OpenSearch is configured), archive, detect and sweep. */
  readonly functions: LocalFunctions;
  readonly rules: RuleSet;
  /** Runs all three Kafka functions over one batch, each retried like the event source mapping would. */
  runBatch(
    batch: KafkaBatch,
    policy?: RetryPolicy,
    onRetry?: (what: string, error: unknown) => void,
  ): Promise<BatchReport>;
  sweep(options?: { readonly inputEnded?: boolean }): Promise<SweepReport>;
  state(): Promise<DetectState & ArchiveStats>;
  /** The alerts stored so far (claimed: sent or pending). */
  alerts(): Promise<DetectState['alerts']>;
  /** The alerts claimed with `claimedBy` (this run's own, whatever other runs on the stack claimed). */
  alertsClaimedBy(claimedBy: string): Promise<DetectState['alerts']>;
  close(): Promise<void>;
}

/** How many records of `read` were dead-lettered for each reason. */
const countReasons = (read: BatchRead): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const { reason } of read.deadLettered) counts[reason] = (counts[reason] ?? 0) + 1;
  return counts;
};

/**
 * Opens the pipeline the CLI runs: checks the rules, starts the embedded stack for every service the
 * environment does not name, and builds each function's real Lambda handler for that configuration.
 */
export async function openLocalPipeline(options: LocalPipelineOptions = {}): Promise<LocalPipeline> {
  const baseEnv = { ...(options.env ?? process.env) };
  if (options.rulesFile !== undefined) baseEnv.SLUICE_RULES = options.rulesFile;
  const initial = loadConfig(baseEnv);
  // A broken rules file stops the command here, before any server starts.
  const rules = loadRules(initial.rulesFile);
  const stack = await startLocalStack(
    {
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      ...(options.installMissing ? { installMissing: true } : {}),
      ...(options.log ? { log: options.log } : {}),
    },
    initial,
  );
  try {
    const config = loadConfig({ ...baseEnv, ...stack.env });
    const functions = localFunctions(config, {
      logSink: options.handlerLog ?? (() => undefined),
      slackOut: options.slackOut ?? process.stdout,
      index: config.opensearch.url !== undefined || config.opensearch.domainName !== undefined,
      ...(options.claimedBy === undefined ? {} : { claimedBy: options.claimedBy }),
    });
    // `sluice state` reads the stores directly: reading is not a function's work.
    const readers = {
      listing: dynamoDetectListing({ client: createDynamoClient(config), table: config.dynamodb.table }),
      bucket: new S3Bucket(createS3Client(config), config.s3.bucket),
    };
    const retried = <T>(
      what: string,
      invoke: () => Promise<T>,
      policy: RetryPolicy,
      onRetry?: (what: string, error: unknown) => void,
    ): Promise<T> => withRetry(`${what} batch`, invoke, policy, (_attempt, error) => onRetry?.(what, error));

    return {
      config,
      stack,
      functions,
      rules,
      async runBatch(batch, policy = replayRetryPolicy, onRetry) {
        const event = mskEventOf(batch);
        const { index, archive, detect } = functions;
        const [indexed, archived, detected] = await Promise.all([
          index ? retried('index', () => index(event), policy, onRetry) : undefined,
          retried('archive', () => archive(event), policy, onRetry),
          retried('detect', () => detect(event), policy, onRetry),
        ]);
        return {
          ...archived.read.counts,
          indexed: indexed ? indexed.result.report.indexed : null,
          archived: archived.result.report.archived,
          alerts: detected.result.report.alerts,
          uncounted: detected.result.report.uncounted,
          deadLetterReasons: countReasons(archived.read),
        };
      },
      sweep: (options) => functions.sweep(options),
      alerts: async () => (await detectState(readers.listing)).alerts,
      alertsClaimedBy: async (claimedBy) =>
        (
          await detectState({
            listWindows: async () => [],
            listAlerts: async () =>
              (await readers.listing.listAlerts()).filter((alert) => alert.claimedBy === claimedBy),
          })
        ).alerts,
      async state() {
        const [detect, archive] = await Promise.all([
          detectState(readers.listing),
          archiveStats({ store: readers.bucket, concurrency: 16 }),
        ]);
        return { ...detect, ...archive };
      },
      async close() {
        await functions.close();
        await stack.stop();
      },
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
