import { archiveStats } from '../../functions/archive/archive-stats';
import { archiveStep, buildArchiveDeps } from '../../functions/archive/step';
import type { ArchiveReport, ArchiveStats } from '../../functions/archive/types';
import { buildDetectDeps } from '../../functions/detect/deps';
import { detectState } from '../../functions/detect/state';
import { type DetectStepReport, detectStep } from '../../functions/detect/step';
import type { DetectDeps, DetectState, FiredAlert } from '../../functions/detect/types';
import { buildIndexDeps } from '../../functions/index/build-deps';
import { type IndexStepReport, indexStep } from '../../functions/index/step';
import type { IndexDeps } from '../../functions/index/types';
import { type SweepReport, sweep } from '../../functions/sweep/sweep';
import { startLocalStack } from '../../infra/local';
import type { LocalStack } from '../../infra/local/types';
import { createS3Client } from '../../shared/adapters/s3/client';
import { S3Bucket } from '../../shared/adapters/s3/s3-bucket';
import { S3DeadLetters } from '../../shared/adapters/s3/s3-dead-letters';
import { createSlackSender } from '../../shared/adapters/slack/create-sender';
import { resolveWebhookUrl } from '../../shared/adapters/slack/resolve-webhook';
import type { TextSink } from '../../shared/adapters/slack/terminal';
import { readBatch } from '../../shared/batch/read-batch';
import type { BatchCounts, BatchRead } from '../../shared/batch/types';
import { loadConfig, type SluiceConfig } from '../../shared/config';
import type { KafkaBatch } from '../../shared/kafka/types';
import type { KafkaStep, StepResult } from '../../shared/lambda/kafka-handler';
import { loadRules } from '../../shared/rules/load';
import { type RetryPolicy, replayRetryPolicy, withRetry } from './retry';

/** What one batch did across the three functions (design.md §4, `replay --json`). */
export interface BatchReport extends BatchCounts {
  /** null when OpenSearch is not configured. */
  readonly indexed: number | null;
  readonly archived: number;
  readonly alerts: readonly FiredAlert[];
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
  /** Install missing Debian packages for the embedded stack (root only). */
  readonly installMissing?: boolean;
  readonly log?: (line: string) => void;
}

/** The three MSK functions, the sweeper and the state readers, wired to local or named services. */
export interface LocalPipeline {
  readonly config: SluiceConfig;
  readonly stack: LocalStack;
  readonly steps: {
    readonly index: KafkaStep<IndexStepReport> | undefined;
    readonly archive: KafkaStep<ArchiveReport>;
    readonly detect: KafkaStep<DetectStepReport>;
  };
  readonly rules: DetectDeps['ruleSet'];
  /** Runs all three functions over one batch, each retried like the event source mapping would. */
  runBatch(
    batch: KafkaBatch,
    policy?: RetryPolicy,
    onRetry?: (what: string, error: unknown) => void,
  ): Promise<BatchReport>;
  sweep(): Promise<SweepReport>;
  state(): Promise<DetectState & ArchiveStats>;
  /** The alerts stored so far (claimed: sent or pending). */
  alerts(): Promise<DetectState['alerts']>;
  close(): Promise<void>;
}

/** How many records of `read` were dead-lettered for each reason. */
const countReasons = (read: BatchRead): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const { reason } of read.deadLettered) counts[reason] = (counts[reason] ?? 0) + 1;
  return counts;
};

/** Local runs have no Lambda deadline; a generous budget keeps the index path's retries bounded. */
const localBudgetMs = 60_000;

/**
 * Opens the pipeline the CLI runs: starts the embedded stack for every service the environment does
 * not name, checks the rules, and builds each function's step exactly as its Lambda handler does.
 */
export async function openLocalPipeline(options: LocalPipelineOptions = {}): Promise<LocalPipeline> {
  const baseEnv = { ...(options.env ?? process.env) };
  if (options.rulesFile !== undefined) baseEnv.SLUICE_RULES = options.rulesFile;
  const initial = loadConfig(baseEnv);
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
    const bucket = new S3Bucket(createS3Client(config), config.s3.bucket);
    const indexDeps: IndexDeps | undefined = await buildIndexDeps(config, {
      deadLetters: new S3DeadLetters(bucket, { stage: 'index' }),
    });
    const slack = createSlackSender(await resolveWebhookUrl(config.slack, { region: config.region }), {
      out: options.slackOut ?? process.stdout,
    });
    const detectDeps = await buildDetectDeps(config, rules, { slack });
    const archiveDeps = buildArchiveDeps(config);
    const steps = {
      index: indexDeps === undefined ? undefined : indexStep(config, async () => indexDeps),
      archive: archiveStep(archiveDeps),
      detect: detectStep(config, { rules, overrides: { slack, store: detectDeps.store } }),
    };
    const budget = () => {
      const deadline = Date.now() + localBudgetMs;
      return { remainingMs: () => deadline - Date.now() };
    };
    const attempt = async <R extends object>(
      step: KafkaStep<R>,
      read: BatchRead,
      policy: RetryPolicy,
      onRetry?: (what: string, error: unknown) => void,
    ): Promise<StepResult<R>> =>
      withRetry(
        `${step.name} batch`,
        () => step.run(read, budget()),
        policy,
        (_attempt, error) => onRetry?.(step.name, error),
      );

    return {
      config,
      stack,
      steps,
      rules,
      async runBatch(batch, policy = replayRetryPolicy, onRetry) {
        const read = readBatch(batch, config);
        const [index, archive, detect] = await Promise.all([
          steps.index ? attempt(steps.index, read, policy, onRetry) : undefined,
          attempt(steps.archive, read, policy, onRetry),
          attempt(steps.detect, read, policy, onRetry),
        ]);
        return {
          ...read.counts,
          indexed: index ? index.report.indexed : null,
          archived: archive.report.archived,
          alerts: detect.report.alerts,
          deadLetterReasons: countReasons(read),
        };
      },
      sweep: () => sweep(detectDeps),
      alerts: async () => (await detectState(detectDeps)).alerts,
      async state() {
        const [detect, archive] = await Promise.all([detectState(detectDeps), archiveStats(archiveDeps)]);
        return { ...detect, ...archive };
      },
      async close() {
        await indexDeps?.close();
        await stack.stop();
      },
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
