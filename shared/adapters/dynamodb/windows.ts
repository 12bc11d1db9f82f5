import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { TransientSinkError } from '../../errors';
import type { PartitionOffsets, WindowDelta, WindowKey } from '../../rules/aggregate';
import { planWrite, type WritePlan } from '../../rules/plan-write';
import { WindowAlert, type WindowRecord, type WindowStore, type WindowWrite } from '../../rules/store';
import { get, type Item, put } from './attributes';
import { conditionFailed, dynamoError } from './errors';
import { ItemKind, keys } from './keys';
import { type DynamoTarget, queryAll } from './target';

/** Partitions per write: keeps the condition expression far below DynamoDB's 4 KB limit. */
export const MAX_PARTITIONS_PER_WRITE = 40;
/** Re-plans after refused conditions before giving up (the batch is then retried). */
const MAX_CONFLICTS = 8;

const NAMES = {
  '#kind': 'kind',
  '#rule': 'rule',
  '#group': 'group',
  '#ws': 'windowStart',
  '#wms': 'windowMs',
  '#count': 'count',
  '#alert': 'alert',
  '#exp': 'expiresAt',
};

/**
 * Window counts in DynamoDB, exact under redelivery: each window item holds its count and, per Kafka
 * partition, the highest offset counted (`hw:<topic>:<partition>`). One conditional UpdateItem per
 * window and batch adds the offsets above the marks; partitions never conflict with each other since
 * each condition reads only its own mark and `ADD` is atomic (docs/detect.md).
 *
 * @example
 * const windows = new DynamoWindows({ client, table: 'sluice' });
 * const write = await windows.apply(delta, expiresAt);
 */
export class DynamoWindows implements WindowStore {
  readonly #target: DynamoTarget;

  constructor(target: DynamoTarget) {
    this.#target = target;
  }

  async apply(delta: WindowDelta, expiresAt: number): Promise<WindowWrite> {
    let total: WindowWrite | undefined;
    for (let i = 0; i < delta.partitions.length; i += MAX_PARTITIONS_PER_WRITE) {
      const part = await this.#applyPartitions(
        delta,
        delta.partitions.slice(i, i + MAX_PARTITIONS_PER_WRITE),
        expiresAt,
      );
      total = total
        ? {
            ...part,
            added: total.added + part.added,
            writes: total.writes + part.writes,
            conflicts: total.conflicts + part.conflicts,
          }
        : part;
    }
    return total ?? { ...keyOf(delta), count: 0, alert: WindowAlert.none, added: 0, writes: 0, conflicts: 0 };
  }

  async #applyPartitions(
    key: WindowKey,
    partitions: readonly PartitionOffsets[],
    expiresAt: number,
  ): Promise<WindowWrite> {
    let plan = planWrite(partitions);
    for (let conflicts = 0; conflicts <= MAX_CONFLICTS; conflicts += 1) {
      try {
        const item = await this.#update(key, plan, expiresAt);
        return { ...recordOf(key, item), added: plan.add, writes: 1, conflicts };
      } catch (error) {
        if (!conditionFailed(error)) throw dynamoError('UpdateItem', this.#target.table, error);
        const stored = error.Item ?? (await this.#read(key));
        plan = planWrite(partitions, (name) => get.n(stored, name));
        if (plan.steps.length === 0)
          return { ...recordOf(key, stored), added: 0, writes: 0, conflicts: conflicts + 1 };
      }
    }
    throw new TransientSinkError(
      `window ${key.rule}/${key.group} kept changing under ${MAX_CONFLICTS} writes; retry the batch`,
    );
  }

  async #update(key: WindowKey, plan: WritePlan, expiresAt: number): Promise<Item | undefined> {
    const names: Record<string, string> = { ...NAMES };
    const values: Item = {
      ':kind': put.s(ItemKind.window),
      ':rule': put.s(key.rule),
      ':group': put.s(key.group),
      ':ws': put.n(key.windowStart),
      ':wms': put.n(key.windowMs),
      ':none': put.s(WindowAlert.none),
      ':exp': put.n(expiresAt),
      ':add': put.n(plan.add),
    };
    const sets = [
      '#kind = :kind',
      '#rule = :rule',
      '#group = :group',
      '#ws = :ws',
      '#wms = :wms',
      '#exp = :exp',
    ];
    sets.push('#alert = if_not_exists(#alert, :none)');
    const conditions: string[] = [];
    plan.steps.forEach((step, i) => {
      names[`#m${i}`] = step.name;
      values[`:b${i}`] = put.n(step.below);
      values[`:h${i}`] = put.n(step.mark);
      sets.push(`#m${i} = :h${i}`);
      conditions.push(`(attribute_not_exists(#m${i}) OR #m${i} < :b${i})`);
    });
    const { pk, sk } = keys.window(key);
    const result = await this.#target.client.send(
      new UpdateItemCommand({
        TableName: this.#target.table,
        Key: { pk: put.s(pk), sk: put.s(sk) },
        UpdateExpression: `SET ${sets.join(', ')} ADD #count :add`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return result.Attributes;
  }

  async #read(key: WindowKey): Promise<Item | undefined> {
    const { pk, sk } = keys.window(key);
    try {
      const result = await this.#target.client.send(
        new GetItemCommand({
          TableName: this.#target.table,
          Key: { pk: put.s(pk), sk: put.s(sk) },
          ConsistentRead: true,
        }),
      );
      return result.Item;
    } catch (error) {
      throw dynamoError('GetItem', this.#target.table, error);
    }
  }

  async setAlert(key: WindowKey, alert: WindowAlert): Promise<void> {
    const { pk, sk } = keys.window(key);
    try {
      await this.#target.client.send(
        new UpdateItemCommand({
          TableName: this.#target.table,
          Key: { pk: put.s(pk), sk: put.s(sk) },
          UpdateExpression: 'SET #alert = :alert',
          ExpressionAttributeNames: { '#alert': 'alert' },
          ExpressionAttributeValues: { ':alert': put.s(alert) },
        }),
      );
    } catch (error) {
      throw dynamoError('UpdateItem', this.#target.table, error);
    }
  }

  async windowsOf(rule: string, group: string, fromStart: number): Promise<WindowRecord[]> {
    const { pk, sk } = keys.windowsFrom(rule, group, fromStart);
    const items = await queryAll(this.#target, {
      KeyConditionExpression: 'pk = :pk AND sk >= :sk',
      ExpressionAttributeValues: { ':pk': put.s(pk), ':sk': put.s(sk) },
      ConsistentRead: true,
    });
    return items.map(storedRecord).sort((a, b) => a.windowStart - b.windowStart);
  }
}

const keyOf = (key: WindowKey): WindowKey => ({
  rule: key.rule,
  group: key.group,
  windowStart: key.windowStart,
  windowMs: key.windowMs,
});

function recordOf(key: WindowKey, item: Item | undefined): WindowRecord {
  const alert = get.s(item, 'alert');
  return {
    ...keyOf(key),
    count: get.n(item, 'count') ?? 0,
    alert: alert === WindowAlert.claimed || alert === WindowAlert.suppressed ? alert : WindowAlert.none,
  };
}

/** A window item as its record (for the listing too). */
export function storedRecord(item: Item): WindowRecord {
  const key = {
    rule: get.s(item, 'rule') ?? '',
    group: get.s(item, 'group') ?? '',
    windowStart: get.n(item, 'windowStart') ?? 0,
    windowMs: get.n(item, 'windowMs') ?? 0,
  };
  return recordOf(key, item);
}
