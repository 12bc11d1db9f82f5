import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { readBatch } from '../batch/read-batch';
import type { BatchRead } from '../batch/types';
import type { SluiceConfig } from '../config';
import { type KafkaBatchResponse, lowestFailures } from '../kafka/batch-item-failures';
import { parseKafkaEvent } from '../kafka/event';
import type { KafkaCoordinates } from '../kafka/types';
import { createLogger, type Logger } from '../log';
import { endToEndLagMs, formatMetrics, type MetricValues } from '../metrics/emf';

/** What a sink step made of one batch. */
export interface StepResult<R extends object = Readonly<Record<string, unknown>>> {
  /** Figures for the log line (the step's own report). */
  readonly report: R;
  /** The step's CloudWatch metrics (the batch counts are added by the handler). */
  readonly metrics: MetricValues;
  /** Records not done in time (only in ReportBatchItemFailures mode; otherwise the step throws). */
  readonly failed?: readonly KafkaCoordinates[];
}

/** What a step may know about the invocation it runs in. */
export interface StepContext {
  /** Time left before the function times out, ms. */
  remainingMs(): number;
  /** The Lambda context (absent in local runs). */
  readonly lambda?: Context;
}

/** One of the three MSK functions: its name and what it does with a batch that has been read. */
export interface KafkaStep<R extends object = Readonly<Record<string, unknown>>> {
  readonly name: 'index' | 'archive' | 'detect';
  run(read: BatchRead, context: StepContext): Promise<StepResult<R>>;
}

export interface KafkaHandlerOptions {
  readonly log?: Logger;
  readonly writeMetrics?: (line: string) => void;
  readonly now?: () => number;
}

/**
 * The shape every MSK function shares: check the event, read the batch (decode and normalize), run
 * the step, log one structured line with the accounting and emit the metrics. A step that throws fails
 * the batch so the event source mapping retries it; failed records in ReportBatchItemFailures mode
 * are returned as the lowest failed offset per partition.
 *
 * @example
 * export const handler = kafkaHandler(loadConfig(), { name: 'archive', run: (read) => ... });
 */
export function kafkaHandler<R extends object>(
  config: SluiceConfig,
  step: KafkaStep<R>,
  options: KafkaHandlerOptions = {},
) {
  const log = options.log ?? createLogger({ fields: { function: step.name } });
  const writeMetrics = options.writeMetrics ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? Date.now;
  // What the error log line says about the batch in hand, per invocation (keyed by its context).
  const inHand = new WeakMap<Context, Readonly<Record<string, unknown>>>();
  return middy(async (event: unknown, context: Context): Promise<KafkaBatchResponse | undefined> => {
    const batch = parseKafkaEvent(event);
    const read = readBatch(batch, config);
    const first = batch.records[0];
    const last = batch.records[batch.records.length - 1];
    const where =
      first && last ? { topic: first.topic, firstOffset: first.offset, lastOffset: last.offset } : {};
    inHand.set(context, { ...where, ...read.counts });
    const result: StepResult<R> = await step.run(read, {
      remainingMs: () => context.getRemainingTimeInMillis(),
      lambda: context,
    });
    const finished = now();
    const lag = endToEndLagMs(batch.records, finished);
    log.info('batch done', { ...where, ...read.counts, ...result.report });
    writeMetrics(
      formatMetrics(
        {
          ...read.counts,
          ...result.metrics,
          ...(lag === undefined ? {} : { endToEndLagMs: lag }),
        },
        { functionName: context.functionName, timestamp: finished },
      ),
    );
    if (result.failed && result.failed.length > 0) return lowestFailures(result.failed);
    return config.reportBatchItemFailures ? { batchItemFailures: [] } : undefined;
  }).use({
    // Every failure ends here, the step's own and middy's early timeout alike; the error goes on.
    onError: (request) => {
      const error = request.error;
      log.error('batch failed, it will be retried', {
        ...inHand.get(request.context),
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    },
  });
}
