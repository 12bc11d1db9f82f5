import { ConfigError, type SluiceError, TransientSinkError } from '../../errors';
import type { Item } from './attributes';

const nameOf = (error: unknown): string => (error instanceof Error ? error.name : 'Error');

/** True for a refused condition; `item` is the stored item when the request asked for it (ALL_OLD). */
export function conditionFailed(error: unknown): error is Error & { Item?: Item } {
  return nameOf(error) === 'ConditionalCheckFailedException';
}

/** Per-action cancellation codes of a refused transaction (`ConditionalCheckFailed`, `None`...); undefined otherwise. */
export function cancellationCodes(error: unknown): Array<string | undefined> | undefined {
  if (nameOf(error) !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code);
}

/**
 * The error a DynamoDB failure becomes: a missing table is configuration; anything else (throttling,
 * outage, timeout) fails the batch so that the event source mapping retries it.
 */
export function dynamoError(operation: string, table: string, error: unknown): SluiceError {
  const name = nameOf(error);
  if (name === 'ResourceNotFoundException') {
    return new ConfigError(`DynamoDB table "${table}" does not exist (SLUICE_TABLE); create it first`, {
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new TransientSinkError(`DynamoDB ${operation} on "${table}" failed: ${name}: ${message}`, {
    cause: error,
  });
}
