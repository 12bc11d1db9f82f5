import { BatchGetItemCommand, TransactWriteItemsCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { Alert } from '../../alerts/types';
import { TransientSinkError } from '../../errors';
import { mapLimit } from '../../map-limit';
import type { AlertKey, ClaimOptions, FingerprintKey, FingerprintStore } from '../../rules/store';
import { alertItem } from './alerts';
import { get, type Item, put } from './attributes';
import { cancellationCodes, conditionFailed, dynamoError } from './errors';
import { ItemKind, keys } from './keys';
import type { DynamoTarget } from './target';

/** Keys of one BatchGetItem: DynamoDB's limit. */
const BATCH_GET_KEYS = 100;
/** BatchGetItem requests in flight at once. */
const READ_CONCURRENCY = 4;
/** Rounds for the keys DynamoDB leaves unprocessed (throttled) before the batch is retried whole. */
const MAX_UNPROCESSED_ROUNDS = 5;
/** Tries of a new fingerprint's transaction when it conflicts with a concurrent one. */
const MAX_CLAIM_TRIES = 5;
const id = (key: FingerprintKey) => `${key.rule}\u0000${key.id}`;

/**
 * Last-seen hours of the fingerprints of `type: new` rules, one item each (`F#<rule>#<id>`/`seen`):
 * a known fingerprint is raised at most once an hour by a conditional update, and a new one is
 * marked seen in the same transaction that claims its alert, so that exactly one invocation alerts.
 *
 * @example
 * const fingerprints = new DynamoFingerprints({ client, table: 'sluice' });
 * const seen = await fingerprints.lastSeen([{ rule: 'new-error', id: '617dd3e6959a4b53' }]);
 */
export class DynamoFingerprints implements FingerprintStore {
  readonly #target: DynamoTarget;

  constructor(target: DynamoTarget) {
    this.#target = target;
  }

  async lastSeen(fingerprints: readonly FingerprintKey[]): Promise<Map<string, number>> {
    const seen = new Map<string, number>();
    const chunks: FingerprintKey[][] = [];
    for (let at = 0; at < fingerprints.length; at += BATCH_GET_KEYS) {
      chunks.push(fingerprints.slice(at, at + BATCH_GET_KEYS));
    }
    // An answer names its item by key: each key's pk says which fingerprint it is.
    const byPk = new Map(fingerprints.map((key) => [keys.fingerprint(key.rule, key.id).pk, id(key)]));
    await mapLimit(chunks, READ_CONCURRENCY, async (chunk) => {
      for (const item of await this.#batchGet(chunk)) {
        const hour = get.n(item, 'lastSeen');
        const fingerprint = byPk.get(get.s(item, 'pk') ?? '');
        if (hour !== undefined && fingerprint !== undefined) seen.set(fingerprint, hour);
      }
    });
    return seen;
  }

  /** The items of up to 100 fingerprints, in one BatchGetItem (and rounds for unprocessed keys). */
  async #batchGet(chunk: readonly FingerprintKey[]): Promise<Item[]> {
    const items: Item[] = [];
    let keysLeft: Item[] = chunk.map((key) => {
      const { pk, sk } = keys.fingerprint(key.rule, key.id);
      return { pk: put.s(pk), sk: put.s(sk) };
    });
    for (let round = 0; keysLeft.length > 0; round += 1) {
      if (round === MAX_UNPROCESSED_ROUNDS) {
        throw new TransientSinkError(
          `DynamoDB left ${keysLeft.length} fingerprint reads unprocessed ${round} times (throttled?); retry the batch`,
        );
      }
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
      try {
        const result = await this.#target.client.send(
          new BatchGetItemCommand({
            RequestItems: { [this.#target.table]: { Keys: keysLeft, ConsistentRead: true } },
          }),
        );
        items.push(...(result.Responses?.[this.#target.table] ?? []));
        keysLeft = result.UnprocessedKeys?.[this.#target.table]?.Keys ?? [];
      } catch (error) {
        throw dynamoError('BatchGetItem', this.#target.table, error);
      }
    }
    return items;
  }

  async refresh(key: FingerprintKey, hour: number, expiresAt: number): Promise<void> {
    const { pk, sk } = keys.fingerprint(key.rule, key.id);
    try {
      await this.#target.client.send(
        new UpdateItemCommand({
          TableName: this.#target.table,
          Key: { pk: put.s(pk), sk: put.s(sk) },
          UpdateExpression: 'SET #lastSeen = :hour, #expiresAt = :expiresAt',
          ConditionExpression: 'attribute_exists(pk) AND #lastSeen < :hour',
          ExpressionAttributeNames: { '#lastSeen': 'lastSeen', '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: { ':hour': put.n(hour), ':expiresAt': put.n(expiresAt) },
        }),
      );
    } catch (error) {
      // Another invocation raised it as far already: nothing left to do.
      if (conditionFailed(error)) return;
      throw dynamoError('UpdateItem', this.#target.table, error);
    }
  }

  async claimNew(
    key: FingerprintKey,
    seen: { readonly hour: number; readonly staleBefore: number; readonly expiresAt: number },
    alertKey: AlertKey,
    alert: Alert,
    options: ClaimOptions,
  ): Promise<boolean> {
    const { pk, sk } = keys.fingerprint(key.rule, key.id);
    const command = new TransactWriteItemsCommand({
      TransactItems: [
        {
          Put: {
            TableName: this.#target.table,
            Item: {
              pk: put.s(pk),
              sk: put.s(sk),
              kind: put.s(ItemKind.fingerprint),
              lastSeen: put.n(seen.hour),
              expiresAt: put.n(seen.expiresAt),
            },
            ConditionExpression: 'attribute_not_exists(pk) OR #lastSeen <= :stale',
            ExpressionAttributeNames: { '#lastSeen': 'lastSeen' },
            ExpressionAttributeValues: { ':stale': put.n(seen.staleBefore) },
          },
        },
        {
          Put: {
            TableName: this.#target.table,
            Item: alertItem(alertKey, alert, options),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    });
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.#target.client.send(command);
        return true;
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes?.includes('ConditionalCheckFailed')) return false;
        // Two invocations claiming the same fingerprint at once conflict: the conditions decide on a retry.
        if (!codes?.includes('TransactionConflict') || attempt === MAX_CLAIM_TRIES)
          throw dynamoError('TransactWriteItems', this.#target.table, error);
      }
    }
  }
}
