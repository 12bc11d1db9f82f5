import type { Context } from 'aws-lambda';
import { readBatch } from '../batch/read-batch';
import type { BatchRead } from '../batch/types';
import type { SluiceConfig } from '../config';
import { type KafkaBatchResponse, lowestFailures } from '../kafka/batch-item-failures';
import { parseKafkaEvent } from '../kafka/event';
import type { KafkaCoordinates } from '../kafka/types';
import {
  type FunctionMiddleware,
  type FunctionTools,
  type HandlerOptions,
  lambdaHandler,
} from './function-handler';
import type { Invocation } from './invocation';
import { batchMetrics, endToEndLagMs, type MetricValues } from './metrics';

/** What a Kafka function's core made of one batch. */
export interface StepResult<R extends object = Readonly<Record<string, unknown>>> {
  /** Figures for the log line (the core's own report). */
  readonly report: R;
  /** The core's CloudWatch metrics (the batch counts and the lag are added by the handler). */
  readonly metrics: MetricValues;
  /** Records not done in time (only in ReportBatchItemFailures mode; otherwise the core throws). */
  readonly failed?: readonly KafkaCoordinates[];
}

/** One of the three MSK functions: its dependencies and what it does with a batch that has been read. */
export interface KafkaFunctionSpec<R extends object, D, X extends object> {
  readonly name: 'index' | 'archive' | 'detect';
  readonly config: SluiceConfig;
  readonly deps: () => D | Promise<D>;
  readonly use?: readonly FunctionMiddleware[];
  readonly inputs?: (context: Context, invocation: Invocation, deps: D) => X;
  readonly run: (read: BatchRead, deps: D, invocation: Invocation & X) => Promise<StepResult<R>>;
  readonly close?: (deps: D) => Promise<void>;
}

export interface KafkaHandlerOptions<R extends object> extends HandlerOptions {
  /** Sees every batch as soon as it is read, before the core runs (the fault suite's accounting checks). */
  readonly onRead?: (read: BatchRead) => void;
  /** Hears every batch the function finished, with what it read (local tools' progress and reports). */
  readonly onBatch?: (read: BatchRead, result: StepResult<R>, invocation: Invocation) => void;
  readonly now?: () => number;
}

/**
 * The Lambda handler every MSK function shares: check the event, read the batch once (decode and
 * normalize), run the core, log one structured line with the accounting and emit the metrics. A core
 * that throws fails the batch so the event source mapping retries it (the failure is logged with the
 * error and its cause chain, and the batch's topic and offsets); failed records in
 * ReportBatchItemFailures mode are returned as the lowest failed offset per partition.
 *
 * @example
 * export const handler = kafkaHandler({ name: 'archive', config, deps, run: (read, deps, invocation) => ... });
 */
export function kafkaHandler<R extends object, D, X extends object>(
  spec: KafkaFunctionSpec<R, D, X>,
  options: KafkaHandlerOptions<R> = {},
) {
  const now = options.now ?? Date.now;
  return lambdaHandler<unknown, KafkaBatchResponse | undefined, D, X>(
    {
      name: spec.name,
      deps: spec.deps,
      ...(spec.use ? { use: spec.use } : {}),
      ...(spec.inputs ? { inputs: spec.inputs } : {}),
      ...(spec.close ? { close: spec.close } : {}),
      run: async (event, deps, invocation, tools: FunctionTools) => {
        const batch = parseKafkaEvent(event);
        const read = readBatch(batch, spec.config);
        const first = batch.records[0];
        const last = batch.records[batch.records.length - 1];
        const where =
          first && last ? { topic: first.topic, firstOffset: first.offset, lastOffset: last.offset } : {};
        tools.describe({ ...where, ...read.counts });
        options.onRead?.(read);
        const result = await spec.run(read, deps, invocation);
        // Lambda already gave up on this invocation: what the core finished late is not a batch done.
        invocation.signal.throwIfAborted();
        const finished = now();
        const lag = endToEndLagMs(batch.records, finished);
        tools.log.info('batch done', { ...where, ...read.counts, ...result.report });
        tools.metrics(
          {
            ...batchMetrics(read.counts),
            ...result.metrics,
            ...(lag === undefined ? {} : { endToEndLagMs: lag }),
          },
          invocation.functionName,
        );
        options.onBatch?.(read, result, invocation);
        if (result.failed && result.failed.length > 0) return lowestFailures(result.failed);
        return spec.config.reportBatchItemFailures ? { batchItemFailures: [] } : undefined;
      },
    },
    options,
  );
}
