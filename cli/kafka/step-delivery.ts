import { readBatch } from '../../shared/batch/read-batch';
import type { BatchRead } from '../../shared/batch/types';
import type { SluiceConfig } from '../../shared/config';
import { TransientSinkError } from '../../shared/errors';
import { parseKafkaEvent } from '../../shared/kafka/event';
import type { KafkaStep } from '../../shared/lambda/kafka-handler';
import { type MskEventOptions, toMskEvent } from '../sim/msk-event';
import type { DeliverBatch } from './mapping-batcher';

/** Local runs have no Lambda deadline; the function's own timeouts stay bounded by this budget. */
const localBudgetMs = 60_000;

/**
 * Delivers a batch to one function's step as Lambda would: the records become the MSK event JSON
 * Lambda receives, which is parsed and read by the shared decode step, then run. A step that reports
 * failed records (ReportBatchItemFailures mode) fails the whole batch here, so it is retried whole:
 * at least once, never skipped. `done` hears about every batch that succeeded.
 */
export function deliverToStep<R extends object>(
  step: KafkaStep<R>,
  config: Pick<SluiceConfig, 'maxRecordBytes' | 'maxClockSkewMs'>,
  event: MskEventOptions,
  done: (read: BatchRead, report: R) => void,
): DeliverBatch {
  return async (records) => {
    const read = readBatch(parseKafkaEvent(toMskEvent(records, event)), config);
    const deadline = Date.now() + localBudgetMs;
    const result = await step.run(read, { remainingMs: () => deadline - Date.now() });
    if (result.failed && result.failed.length > 0) {
      throw new TransientSinkError(`${step.name}: ${result.failed.length} records were not done in time`);
    }
    done(read, result.report);
  };
}
