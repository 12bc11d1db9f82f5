import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { mapLimit } from '../../map-limit';
import type { WindowKey } from '../../rules/aggregate';
import { groupCountsOf } from '../../rules/closing/groups';
import type {
  ClearedWindow,
  ClosingStore,
  GroupCounts,
  PartitionProgress,
  PartitionWatermark,
} from '../../rules/closing/store';
import type { WindowId } from '../../rules/leaves/types';
import { get, type Item, put } from './attributes';
import { conditionFailed, dynamoError } from './errors';
import { Placeholders } from './expression';
import { ItemKind, keys } from './keys';
import { DynamoLeafRequests } from './leaf-requests';
import { type DynamoTarget, queryAll } from './target';

const asKey = ({ pk, sk }: { pk: string; sk: string }): Item => ({ pk: put.s(pk), sk: put.s(sk) });

/**
 * What closing windows stores on the table (docs/rules.md "Closed windows"): a watermark item per
 * partition (`P#watermarks` / `<topic>#<partition>`: `wm`, `firstAt`, `seenAt`, `startedAt`), a cursor per rule
 * (`R#<rule>` / `cursor/<windowMs>`: `next`) and a cleared marker per alerted (rule, group)
 * (`A#<rule>#<group>` / `cleared/<windowMs>`).
 *
 * @example
 * const closing = new DynamoClosing({ client, table: 'sluice' });
 * await closing.advance(progressOf(read), Date.now(), expiresAt);
 */
export class DynamoClosing implements ClosingStore {
  readonly #target: DynamoTarget;
  readonly #leaves: DynamoLeafRequests;

  constructor(target: DynamoTarget) {
    this.#target = target;
    this.#leaves = new DynamoLeafRequests(target);
  }

  async advance(progress: readonly PartitionProgress[], now: number, expiresAt: number): Promise<number> {
    const writes = await mapLimit(progress, 16, async ({ topic, partition, watermark, first }) => {
      const expr = new Placeholders();
      const wm = expr.name('wm');
      const value = expr.value(put.n(watermark));
      const firstAt = expr.name('firstAt');
      const startedAt = expr.name('startedAt');
      const sets = [
        `${wm}=${value}`,
        `${expr.name('seenAt')}=${expr.value(put.n(now))}`,
        `${firstAt}=if_not_exists(${firstAt},${expr.value(put.n(first))})`,
        `${startedAt}=if_not_exists(${startedAt},${expr.value(put.n(now))})`,
        `${expr.name('topic')}=${expr.value(put.s(topic))}`,
        `${expr.name('partition')}=${expr.value(put.n(partition))}`,
        `${expr.name('kind')}=${expr.value(put.s(ItemKind.watermark))}`,
        `${expr.name('expiresAt')}=${expr.value(put.n(expiresAt))}`,
      ];
      const key = asKey(keys.watermark(topic, partition));
      // Max semantics: a redelivered batch of older records never lowers the watermark.
      const raised = await this.#update(
        key,
        `SET ${sets.join(',')}`,
        `attribute_not_exists(${wm}) OR ${wm}<=${value}`,
        expr,
      );
      if (raised) return 1;
      // Still, the partition is being worked on: its consumer is redelivering (docs/rules.md "Lag and idleness").
      const seen = new Placeholders();
      await this.#update(key, `SET ${seen.name('seenAt')}=${seen.value(put.n(now))}`, undefined, seen);
      return 2;
    });
    return writes.reduce((sum, n) => sum + n, 0);
  }

  async watermarks(): Promise<PartitionWatermark[]> {
    const items = await queryAll(this.#target, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': put.s(keys.watermark('', 0).pk) },
      ConsistentRead: true,
    });
    return items.map((item) => ({
      topic: get.s(item, 'topic') ?? '',
      partition: get.n(item, 'partition') ?? 0,
      watermark: get.n(item, 'wm') ?? 0,
      firstAt: get.n(item, 'firstAt') ?? 0,
      seenAt: get.n(item, 'seenAt') ?? 0,
      startedAt: get.n(item, 'startedAt') ?? 0,
    }));
  }

  async groupsOf(window: WindowId): Promise<GroupCounts[]> {
    return groupCountsOf(await this.#leaves.readWindow(window));
  }

  async cursor(rule: string, windowMs: number): Promise<number | undefined> {
    return get.n(await this.#get(asKey(keys.cursor(rule, windowMs))), 'next');
  }

  async moveCursor(
    rule: string,
    windowMs: number,
    from: number | undefined,
    to: number,
    expiresAt: number,
  ): Promise<boolean> {
    const expr = new Placeholders();
    const next = expr.name('next');
    const update = `SET ${next}=${expr.value(put.n(to))},${expr.name('kind')}=${expr.value(put.s(ItemKind.cursor))},${expr.name('expiresAt')}=${expr.value(put.n(expiresAt))}`;
    const condition =
      from === undefined ? `attribute_not_exists(${next})` : `${next}=${expr.value(put.n(from))}`;
    return this.#update(asKey(keys.cursor(rule, windowMs)), update, condition, expr);
  }

  async markCleared(
    key: WindowKey,
    counts: { count: number; of: number },
    since: number,
    expiresAt: number,
  ): Promise<void> {
    const expr = new Placeholders();
    const start = expr.name('windowStart');
    const value = expr.value(put.n(key.windowStart));
    const update = [
      `${start}=${value}`,
      `${expr.name('count')}=${expr.value(put.n(counts.count))}`,
      `${expr.name('of')}=${expr.value(put.n(counts.of))}`,
      `${expr.name('kind')}=${expr.value(put.s(ItemKind.cleared))}`,
      `${expr.name('expiresAt')}=${expr.value(put.n(expiresAt))}`,
    ];
    // The earliest clearing after the alert is kept; one recorded for an earlier alert is replaced.
    await this.#update(
      asKey(keys.cleared(key.rule, key.group, key.windowMs)),
      `SET ${update.join(',')}`,
      `attribute_not_exists(${start}) OR ${start}<=${expr.value(put.n(since))} OR ${start}>${value}`,
      expr,
    );
  }

  async cleared(rule: string, group: string, windowMs: number): Promise<ClearedWindow | undefined> {
    const item = await this.#get(asKey(keys.cleared(rule, group, windowMs)));
    const windowStart = get.n(item, 'windowStart');
    if (windowStart === undefined) return undefined;
    return { windowStart, count: get.n(item, 'count') ?? 0, of: get.n(item, 'of') ?? 0 };
  }

  /** One UpdateItem; false when its condition refused it. */
  async #update(
    key: Item,
    update: string,
    condition: string | undefined,
    expr: Placeholders,
  ): Promise<boolean> {
    try {
      await this.#target.client.send(
        new UpdateItemCommand({
          TableName: this.#target.table,
          Key: key,
          UpdateExpression: update,
          ...(condition === undefined ? {} : { ConditionExpression: condition }),
          ...expr.attributes(),
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw dynamoError('UpdateItem', this.#target.table, error);
    }
  }

  async #get(key: Item): Promise<Item | undefined> {
    try {
      const result = await this.#target.client.send(
        new GetItemCommand({ TableName: this.#target.table, Key: key, ConsistentRead: true }),
      );
      return result.Item;
    } catch (error) {
      throw dynamoError('GetItem', this.#target.table, error);
    }
  }
}
