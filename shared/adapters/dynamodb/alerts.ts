import {
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { Alert } from '../../alerts/types';
import { TransientSinkError } from '../../errors';
import { RealertDecision, realertDecision, rememberFired } from '../../rules/realert';
import {
  type AlertKey,
  AlertQueue,
  AlertStatus,
  type AlertStore,
  type ClaimOptions,
  ClaimResult,
  ResolveOutcome,
  type StoredAlert,
} from '../../rules/store';
import { get, type Item, put } from './attributes';
import { cancellationCodes, conditionFailed, dynamoError } from './errors';
import { ItemKind, keys } from './keys';
import { tableSchema } from './table-schema';
import { countAll, type DynamoTarget, queryAll } from './target';

const MAX_CLAIM_TRIES = 8;
const QUEUE_PREFIX = 'alert#';
const queueKey = (queue: AlertQueue): string => `${QUEUE_PREFIX}${queue}`;

/**
 * The alert outbox in DynamoDB. An alert item per (rule, group, window) is created by a conditional
 * write, so exactly one exists; `realert` is enforced by a per-(rule, group) item written in the same
 * transaction. While an alert waits (for delivery, or for its resolved notice) it carries `pendingPk`
 * and `pendingSk` (= due time) and so appears in the sparse `pending` index that the sweeper reads.
 *
 * @example
 * const alerts = new DynamoAlerts({ client, table: 'sluice' });
 * await alerts.claim(key, alert, { realertMs: 300_000, notifyResolved: false, leaseUntil, leaseId, now, expiresAt });
 */
export class DynamoAlerts implements AlertStore {
  readonly #target: DynamoTarget;

  constructor(target: DynamoTarget) {
    this.#target = target;
  }

  async claim(key: AlertKey, alert: Alert, options: ClaimOptions): Promise<ClaimResult> {
    const item = alertItem(key, alert, options);
    if (options.realertMs === 0) {
      try {
        await this.#target.client.send(
          new PutItemCommand({
            TableName: this.#target.table,
            Item: item,
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return ClaimResult.claimed;
      } catch (error) {
        if (conditionFailed(error)) return ClaimResult.exists;
        throw dynamoError('PutItem', this.#target.table, error);
      }
    }
    for (let attempt = 0; attempt < MAX_CLAIM_TRIES; attempt += 1) {
      const realert = await this.#get(keys.realert(key.rule, key.group));
      const fired = get.numbers(realert, 'fired');
      const decision = realertDecision(key.windowStart, fired, options.realertMs);
      if (decision === RealertDecision.already) return ClaimResult.exists;
      if (decision === RealertDecision.suppressed) return ClaimResult.suppressed;
      const version = get.n(realert, 'version');
      const { pk, sk } = keys.realert(key.rule, key.group);
      try {
        await this.#target.client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.#target.table,
                  Item: item,
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: this.#target.table,
                  Item: {
                    pk: put.s(pk),
                    sk: put.s(sk),
                    kind: put.s(ItemKind.realert),
                    fired: put.numbers(rememberFired(fired, key.windowStart)),
                    version: put.n((version ?? 0) + 1),
                    expiresAt: put.n(options.expiresAt),
                  },
                  ConditionExpression:
                    version === undefined ? 'attribute_not_exists(pk)' : '#version = :version',
                  ...(version === undefined
                    ? {}
                    : {
                        ExpressionAttributeNames: { '#version': 'version' },
                        ExpressionAttributeValues: { ':version': put.n(version) },
                      }),
                },
              },
            ],
          }),
        );
        return ClaimResult.claimed;
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes) throw dynamoError('TransactWriteItems', this.#target.table, error);
        if (codes[0] === 'ConditionalCheckFailed') return ClaimResult.exists;
        // The realert item moved (another window of this group alerted) or a transaction conflicted: decide again.
      }
    }
    throw new TransientSinkError(`alert ${key.rule}/${key.group} kept conflicting; retry the batch`);
  }

  async due(queue: AlertQueue, now: number, limit: number): Promise<StoredAlert[]> {
    const items = await queryAll(this.#target, dueQuery(queue, now), limit);
    return items.map(storedAlert);
  }

  async countDue(queue: AlertQueue, now: number): Promise<number> {
    return countAll(this.#target, dueQuery(queue, now));
  }

  async lease(
    key: AlertKey,
    queue: AlertQueue,
    now: number,
    until: number,
    leaseId: string,
  ): Promise<StoredAlert | undefined> {
    try {
      const result = await this.#update(key, {
        UpdateExpression:
          'SET #dueAt = :until, #pendingSk = :untilKey, #leaseId = :leaseId ADD #attempts :one',
        ConditionExpression: '#pendingPk = :queue AND #dueAt <= :now',
        ExpressionAttributeNames: {
          '#dueAt': 'dueAt',
          '#pendingSk': 'pendingSk',
          '#pendingPk': 'pendingPk',
          '#attempts': 'attempts',
          '#leaseId': 'leaseId',
        },
        ExpressionAttributeValues: {
          ':until': put.n(until),
          ':untilKey': put.s(keys.due(until)),
          ':one': put.n(1),
          ':queue': put.s(queueKey(queue)),
          ':now': put.n(now),
          ':leaseId': put.s(leaseId),
        },
        ReturnValues: 'ALL_NEW',
      });
      return result ? storedAlert(result) : undefined;
    } catch (error) {
      if (conditionFailed(error)) return undefined;
      throw dynamoError('UpdateItem', this.#target.table, error);
    }
  }

  async renew(key: AlertKey, queue: AlertQueue, leaseId: string, until: number): Promise<boolean> {
    try {
      await this.#update(key, {
        UpdateExpression: 'SET #dueAt = :until, #pendingSk = :untilKey',
        ConditionExpression: '#pendingPk = :queue AND #leaseId = :leaseId',
        ExpressionAttributeNames: {
          '#dueAt': 'dueAt',
          '#pendingSk': 'pendingSk',
          '#pendingPk': 'pendingPk',
          '#leaseId': 'leaseId',
        },
        ExpressionAttributeValues: {
          ':until': put.n(until),
          ':untilKey': put.s(keys.due(until)),
          ':queue': put.s(queueKey(queue)),
          ':leaseId': put.s(leaseId),
        },
      });
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw dynamoError('UpdateItem', this.#target.table, error);
    }
  }

  async retryLater(key: AlertKey, queue: AlertQueue, at: number, error: string): Promise<void> {
    await this.#updateIgnoringCondition(key, {
      UpdateExpression: 'SET #dueAt = :at, #pendingSk = :atKey, #lastError = :error',
      ConditionExpression: '#pendingPk = :queue',
      ExpressionAttributeNames: {
        '#dueAt': 'dueAt',
        '#pendingSk': 'pendingSk',
        '#pendingPk': 'pendingPk',
        '#lastError': 'lastError',
      },
      ExpressionAttributeValues: {
        ':at': put.n(at),
        ':atKey': put.s(keys.due(at)),
        ':error': put.s(error.slice(0, 500)),
        ':queue': put.s(queueKey(queue)),
      },
    });
  }

  async delivered(key: AlertKey, now: number, resolveAt: number | undefined): Promise<void> {
    const names = {
      '#status': 'status',
      '#sentAt': 'sentAt',
      '#pendingPk': 'pendingPk',
      '#pendingSk': 'pendingSk',
      '#dueAt': 'dueAt',
    };
    const values: Item = {
      ':sent': put.s(AlertStatus.sent),
      ':now': put.n(now),
      ':pending': put.s(AlertStatus.pending),
    };
    let update = 'SET #status = :sent, #sentAt = :now REMOVE #pendingPk, #pendingSk, #dueAt';
    if (resolveAt !== undefined) {
      update =
        'SET #status = :sent, #sentAt = :now, #pendingPk = :resolve, #pendingSk = :atKey, #dueAt = :at, #attempts = :zero';
      Object.assign(names, { '#attempts': 'attempts' });
      Object.assign(values, {
        ':resolve': put.s(queueKey(AlertQueue.resolve)),
        ':atKey': put.s(keys.due(resolveAt)),
        ':at': put.n(resolveAt),
        ':zero': put.n(0),
      });
    }
    await this.#updateIgnoringCondition(key, {
      UpdateExpression: update,
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
  }

  async resolved(key: AlertKey, now: number, outcome: ResolveOutcome): Promise<void> {
    await this.#updateIgnoringCondition(key, {
      UpdateExpression: 'SET #resolved = :outcome, #resolvedAt = :now REMOVE #pendingPk, #pendingSk, #dueAt',
      ConditionExpression: '#pendingPk = :queue',
      ExpressionAttributeNames: {
        '#resolved': 'resolved',
        '#resolvedAt': 'resolvedAt',
        '#pendingPk': 'pendingPk',
        '#pendingSk': 'pendingSk',
        '#dueAt': 'dueAt',
      },
      ExpressionAttributeValues: {
        ':outcome': put.s(outcome),
        ':now': put.n(now),
        ':queue': put.s(queueKey(AlertQueue.resolve)),
      },
    });
  }

  async laterAlertExists(key: AlertKey): Promise<boolean> {
    const { pk, sk } = keys.alert(key);
    try {
      const result = await this.#target.client.send(
        new QueryCommand({
          TableName: this.#target.table,
          // Alert sort keys are ISO dates (digits first); ':' sorts after every digit and before `realert`.
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :after AND :end',
          ExpressionAttributeValues: { ':pk': put.s(pk), ':after': put.s(`${sk}\u0001`), ':end': put.s(':') },
          ConsistentRead: true,
          Limit: 1,
        }),
      );
      return (result.Items ?? []).length > 0;
    } catch (error) {
      throw dynamoError('Query', this.#target.table, error);
    }
  }

  async #get(key: { pk: string; sk: string }): Promise<Item | undefined> {
    try {
      const result = await this.#target.client.send(
        new GetItemCommand({
          TableName: this.#target.table,
          Key: { pk: put.s(key.pk), sk: put.s(key.sk) },
          ConsistentRead: true,
        }),
      );
      return result.Item;
    } catch (error) {
      throw dynamoError('GetItem', this.#target.table, error);
    }
  }

  async #update(
    key: AlertKey,
    input: Omit<UpdateItemCommandInput, 'TableName' | 'Key'>,
  ): Promise<Item | undefined> {
    const { pk, sk } = keys.alert(key);
    const result = await this.#target.client.send(
      new UpdateItemCommand({
        ...input,
        TableName: this.#target.table,
        Key: { pk: put.s(pk), sk: put.s(sk) },
      }),
    );
    return result.Attributes;
  }

  /** An update whose condition only guards against a concurrent sweeper: refused means someone else did it. */
  async #updateIgnoringCondition(
    key: AlertKey,
    input: Omit<UpdateItemCommandInput, 'TableName' | 'Key'>,
  ): Promise<void> {
    try {
      await this.#update(key, input);
    } catch (error) {
      if (!conditionFailed(error)) throw dynamoError('UpdateItem', this.#target.table, error);
    }
  }
}

/** The `pending` index query of the items of `queue` due by `now`, oldest due first. */
function dueQuery(queue: AlertQueue, now: number) {
  const index = tableSchema.pendingIndex;
  return {
    IndexName: index.name,
    KeyConditionExpression: '#qk = :queue AND #due <= :now',
    ExpressionAttributeNames: { '#qk': index.partitionKey, '#due': index.sortKey },
    ExpressionAttributeValues: { ':queue': put.s(queueKey(queue)), ':now': put.s(keys.due(now)) },
  };
}

/** The outbox item of a claimed alert: pending in the deliver queue, leased to its claimer. */
export function alertItem(key: AlertKey, alert: Alert, options: ClaimOptions): Item {
  const { pk, sk } = keys.alert(key);
  return {
    pk: put.s(pk),
    sk: put.s(sk),
    kind: put.s(ItemKind.alert),
    rule: put.s(key.rule),
    group: put.s(key.group),
    windowStart: put.n(key.windowStart),
    windowMs: put.n(key.windowMs),
    count: put.n(alert.count),
    payload: put.s(JSON.stringify(alert)),
    status: put.s(AlertStatus.pending),
    attempts: put.n(1),
    createdAt: put.n(options.now),
    notifyResolved: put.bool(options.notifyResolved),
    pendingPk: put.s(queueKey(AlertQueue.deliver)),
    pendingSk: put.s(keys.due(options.leaseUntil)),
    dueAt: put.n(options.leaseUntil),
    leaseId: put.s(options.leaseId),
    expiresAt: put.n(options.expiresAt),
    ...(options.destination === undefined ? {} : { destination: put.s(options.destination) }),
    ...(options.claimedBy === undefined ? {} : { claimedBy: put.s(options.claimedBy) }),
  };
}

/** An alert item as stored (for the listing too). */
export function storedAlert(item: Item): StoredAlert {
  const queue = get.s(item, 'pendingPk')?.slice(QUEUE_PREFIX.length);
  const resolved = get.s(item, 'resolved');
  const destination = get.s(item, 'destination');
  const claimedBy = get.s(item, 'claimedBy');
  return {
    key: {
      rule: get.s(item, 'rule') ?? '',
      group: get.s(item, 'group') ?? '',
      windowStart: get.n(item, 'windowStart') ?? 0,
      windowMs: get.n(item, 'windowMs') ?? 0,
    },
    alert: JSON.parse(get.s(item, 'payload') ?? '{}') as Alert,
    status: get.s(item, 'status') === AlertStatus.sent ? AlertStatus.sent : AlertStatus.pending,
    queue: queue === AlertQueue.deliver || queue === AlertQueue.resolve ? queue : undefined,
    dueAt: get.n(item, 'dueAt'),
    attempts: get.n(item, 'attempts') ?? 0,
    notifyResolved: get.bool(item, 'notifyResolved') ?? false,
    resolved:
      resolved === ResolveOutcome.sent || resolved === ResolveOutcome.superseded ? resolved : undefined,
    lastError: get.s(item, 'lastError'),
    leaseId: get.s(item, 'leaseId'),
    ...(destination === undefined ? {} : { destination }),
    ...(claimedBy === undefined ? {} : { claimedBy }),
  };
}
