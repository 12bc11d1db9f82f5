import type { BatchRead } from '../../shared/batch/types';
import type { KafkaInvoker } from '../invoke/local-functions';
import { type MskEventOptions, toMskEvent } from '../sim/msk-event';
import type { DeliverBatch } from './mapping-batcher';

/**
 * Delivers a batch to one function as Lambda would: the records become the MSK event JSON Lambda
 * receives, and the function's own handler is invoked with it. A failed invocation, or one that
 * reports failed records (ReportBatchItemFailures mode), fails the whole batch here, so it is retried
 * whole: at least once, never skipped. `done` hears about every batch that succeeded.
 */
export function deliverToHandler<R extends object>(
  invoke: KafkaInvoker<R>,
  event: MskEventOptions,
  done: (read: BatchRead, report: R) => void,
): DeliverBatch {
  return async (records) => {
    const { read, result } = await invoke(toMskEvent(records, event));
    done(read, result.report);
  };
}
