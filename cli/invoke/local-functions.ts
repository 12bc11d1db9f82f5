import { createArchiveHandler } from '../../functions/archive/create-handler';
import type { ArchiveReport } from '../../functions/archive/types';
import { createDetectHandler, type DetectStepReport } from '../../functions/detect/create-handler';
import { createIndexHandler, type IndexStepReport } from '../../functions/index/create-handler';
import { createSweepHandler } from '../../functions/sweep/create-handler';
import type { SweepReport } from '../../functions/sweep/sweep';
import type { TextSink } from '../../shared/adapters/slack/terminal';
import type { BatchRead } from '../../shared/batch/types';
import type { SluiceConfig } from '../../shared/config';
import { TransientSinkError } from '../../shared/errors';
import type { KafkaBatchResponse } from '../../shared/kafka/batch-item-failures';
import type { StepResult } from '../../shared/lambda/kafka-function';
import type { LineSink } from '../../shared/lambda/logger';
import { localContext } from './lambda-context';

/** Each function's timeout as deployed (serverless.yml `functions.<fn>.timeout`; a test keeps them in step). */
export const deployedTimeoutsMs = {
  index: 120_000,
  archive: 300_000,
  detect: 60_000,
  sweep: 55_000,
  notify: 30_000,
  rehydrate: 900_000,
} as const;

/** One finished invocation of a Kafka function: what it read and what its core reported. */
export interface KafkaRun<R extends object> {
  readonly read: BatchRead;
  readonly result: StepResult<R>;
}

/**
 * Invokes a Kafka function's handler once with an MSK event, as its event source mapping would.
 * Rejects when the invocation failed or returned item failures: the caller retries the batch whole.
 */
export type KafkaInvoker<R extends object> = (event: unknown) => Promise<KafkaRun<R>>;

export interface LocalFunctionsOptions {
  /** Where the handlers' JSON log lines and EMF metrics go (a log file, or stderr with --verbose). */
  readonly logSink: LineSink;
  /** Where alerts are printed when no Slack webhook is configured. */
  readonly slackOut: TextSink;
  /** Build the index function (OpenSearch is configured). */
  readonly index: boolean;
  /** Kept on every alert detect claims (`sluice replay`'s run id). */
  readonly claimedBy?: string;
}

/** The deployed functions' handlers, built for this machine's configuration, and how to invoke them. */
export interface LocalFunctions {
  readonly index: KafkaInvoker<IndexStepReport> | undefined;
  readonly archive: KafkaInvoker<ArchiveReport>;
  readonly detect: KafkaInvoker<DetectStepReport>;
  /** One run of the sweep function, as its schedule triggers it; `inputEnded`: the end of a replay. */
  sweep(options?: { readonly inputEnded?: boolean }): Promise<SweepReport>;
  /** Lets go of what the handlers hold open (sockets). */
  close(): Promise<void>;
}

/** A scheduled event like EventBridge's one-minute rule sends the sweeper. */
function scheduledEvent(): Record<string, unknown> {
  return {
    version: '0',
    id: 'local',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'local',
    resources: [],
    detail: {},
  };
}

type Handler = (event: unknown, context: ReturnType<typeof localContext>) => Promise<unknown>;

/**
 * Invocations of one Kafka function's handler, each matched with the batch report the handler
 * announces through its `onBatch` option.
 *
 * @example
 * const archive = kafkaInvoker('archive', (onBatch) => createArchiveHandler(config, { onBatch }));
 * const { read, result } = await archive(mskEvent);
 */
export function kafkaInvoker<R extends object>(
  name: keyof typeof deployedTimeoutsMs,
  build: (
    onBatch: (read: BatchRead, result: StepResult<R>, invocation: { requestId: string }) => void,
  ) => Handler,
): KafkaInvoker<R> {
  const waiting = new Map<string, KafkaRun<R>>();
  const handler = build((read, result, invocation) => waiting.set(invocation.requestId, { read, result }));
  return async (event) => {
    const context = localContext(name, deployedTimeoutsMs[name]);
    try {
      const response = (await handler(event, context)) as KafkaBatchResponse | undefined;
      const failures = response?.batchItemFailures.length ?? 0;
      if (failures > 0) {
        const partitions = `${failures} partition${failures === 1 ? '' : 's'}`;
        throw new TransientSinkError(`${name}: records of ${partitions} were not done in time`);
      }
      const run = waiting.get(context.awsRequestId);
      if (!run) throw new TransientSinkError(`${name}: the invocation ended without finishing its batch`);
      return run;
    } finally {
      waiting.delete(context.awsRequestId);
    }
  };
}

/**
 * The index, archive, detect and sweep functions' real Lambda handlers (the objects `serverless
 * deploy` ships), for local runs: each invocation gets a Lambda-shaped context, so the handler's log
 * line, metrics, failure response and error handling run exactly as deployed.
 *
 * @example
 * const functions = localFunctions(config, { logSink, slackOut: process.stdout, index: false });
 * const { result } = await functions.archive(mskEvent);
 */
export function localFunctions(config: SluiceConfig, options: LocalFunctionsOptions): LocalFunctions {
  const common = { logSink: options.logSink };
  const slack = { out: options.slackOut };
  const handlers: { close(): Promise<void> }[] = [];
  const keep = <H extends { close(): Promise<void> }>(handler: H): H => {
    handlers.push(handler);
    return handler;
  };
  const claimedBy = options.claimedBy === undefined ? {} : { claimedBy: options.claimedBy };
  const sweepHandler = keep(createSweepHandler(config, { ...common, slack, ...claimedBy }));
  return {
    index: options.index
      ? kafkaInvoker<IndexStepReport>('index', (onBatch) =>
          keep(createIndexHandler(config, { ...common, onBatch })),
        )
      : undefined,
    archive: kafkaInvoker<ArchiveReport>('archive', (onBatch) =>
      keep(createArchiveHandler(config, { ...common, onBatch })),
    ),
    detect: kafkaInvoker<DetectStepReport>('detect', (onBatch) =>
      keep(
        createDetectHandler(config, {
          ...common,
          slack,
          onBatch,
          ...claimedBy,
        }),
      ),
    ),
    sweep: (options = {}) =>
      sweepHandler(
        options.inputEnded === true ? { ...scheduledEvent(), inputEnded: true } : scheduledEvent(),
        localContext('sweep', deployedTimeoutsMs.sweep),
      ),
    close: async () => {
      await Promise.all(handlers.map((handler) => handler.close()));
    },
  };
}
