import {
  GetItemCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { WindowKey } from '../../rules/aggregate';
import { ROOT_LOW } from '../../rules/leaves/layout';
import type {
  LeafDecision,
  LeafRequests,
  LeafSplit,
  LeafState,
  LeafWrite,
  LeafWriteResult,
  ListedLeaf,
  WindowId,
} from '../../rules/leaves/types';
import { get, type Item, put } from './attributes';
import { cancellationCodes, conditionFailed, dynamoError } from './errors';
import { Placeholders } from './expression';
import { ItemKind, keys } from './keys';
import {
  groupAttribute,
  LeafAttr,
  leafIdentity,
  leafItem,
  leafOf,
  numberSet,
  windowOfLeaf,
} from './leaf-item';
import { type DynamoTarget, queryAll } from './target';

const key = (window: WindowId, gen: string, low: string) => {
  const { pk, sk } = keys.leaf(window, gen, low);
  return { pk: put.s(pk), sk: put.s(sk) };
};

/**
 * The requests of the window layout on DynamoDB (docs/detect.md): each {@link LeafWrite},
 * {@link LeafSplit} and decision becomes one request whose condition and update expressions state
 * what `shared/rules/leaves/apply.ts` states as values for the in-memory twin.
 *
 * @example
 * const windows = new LeafWindows(new DynamoLeafRequests({ client, table: 'sluice' }));
 */
export class DynamoLeafRequests implements LeafRequests {
  readonly #target: DynamoTarget;

  constructor(target: DynamoTarget) {
    this.#target = target;
  }

  readRoot(window: WindowId): Promise<LeafState | undefined> {
    return this.readLeaf(window, '', ROOT_LOW);
  }

  async readLeaf(window: WindowId, gen: string, low: string): Promise<LeafState | undefined> {
    const item = await this.#get(key(window, gen, low));
    return item === undefined ? undefined : leafOf(item);
  }

  async write(window: WindowId, write: LeafWrite): Promise<LeafWriteResult> {
    const expr = new Placeholders();
    const identity = leafIdentity(window, write.gen, write.low);
    const sets = Object.entries(identity)
      .filter(([name]) => name !== 'pk' && name !== 'sk')
      .map(([name, value]) => `${expr.name(name)}=${expr.value(value)}`);
    sets.push(`${expr.name(LeafAttr.expiresAt)}=${expr.value(put.n(write.expiresAt))}`);
    if (write.hi !== undefined) {
      const hi = expr.name(LeafAttr.hi);
      sets.push(`${hi}=if_not_exists(${hi},${expr.value(put.s(write.hi))})`);
    }
    if (write.create) sets.push(`${expr.name(LeafAttr.lows)}=${expr.value({ SS: [...write.create.lows] })}`);
    const one = expr.value(put.n(1));
    const adds = [`${expr.name(LeafAttr.version)} ${one}`];
    adds.push(`${expr.name(LeafAttr.groups)} ${expr.value({ SS: write.groups.map((group) => group.hash) })}`);
    for (const { hash, group, add, of, last, name } of write.groups) {
      if (name) sets.push(`${expr.name(groupAttribute('g', hash))}=${expr.value(put.s(group))}`);
      adds.push(`${expr.name(groupAttribute('c', hash))} ${expr.value(put.n(add))}`);
      if (of !== undefined) adds.push(`${expr.name(groupAttribute('o', hash))} ${expr.value(put.n(of))}`);
      if (last !== undefined) sets.push(`${expr.name(groupAttribute('l', hash))}=${expr.value(put.n(last))}`);
    }
    const conditions: string[] = [];
    for (const step of write.marks) {
      const mark = expr.name(step.name);
      sets.push(`${mark}=${expr.value(put.n(step.mark))}`);
      conditions.push(`(attribute_not_exists(${mark}) OR ${mark}<${expr.value(put.n(step.below))})`);
    }
    for (const { name, offsets } of write.redriven)
      adds.push(`${expr.name(name)} ${expr.value(numberSet(offsets))}`);
    if (write.redriven.length > 0) adds.push(`${expr.name(LeafAttr.redriveVersion)} ${one}`);
    conditions.push(...this.#expectations(write, expr));
    return this.#update({
      Key: key(window, write.gen, write.low),
      UpdateExpression: `SET ${sets.join(',')} ADD ${adds.join(',')}`,
      ConditionExpression: conditions.join(' AND '),
      ...expr.attributes(),
    });
  }

  /** One conditional UpdateItem of a leaf: the leaf after it, or as it was when refused. */
  async #update(input: Omit<UpdateItemCommandInput, 'TableName'>): Promise<LeafWriteResult> {
    try {
      const result = await this.#target.client.send(
        new UpdateItemCommand({
          ...input,
          TableName: this.#target.table,
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { ok: true, leaf: leafOf(result.Attributes ?? {}) };
    } catch (error) {
      if (!conditionFailed(error)) throw dynamoError('UpdateItem', this.#target.table, error);
      return { ok: false, leaf: error.Item === undefined ? undefined : leafOf(error.Item) };
    }
  }

  #expectations(write: LeafWrite, expr: Placeholders): string[] {
    if (write.create) return ['attribute_not_exists(pk)'];
    const { expect } = write;
    const conditions: string[] = [];
    if (expect.gen !== undefined)
      conditions.push(`${expr.name(LeafAttr.gen)}=${expr.value(put.s(expect.gen))}`);
    const hi = expr.name(LeafAttr.hi);
    conditions.push(`(attribute_not_exists(${hi}) OR ${hi}>${expr.value(put.s(expect.maxHash))})`);
    const gs = expr.name(LeafAttr.groups);
    conditions.push(`(attribute_not_exists(${gs}) OR size(${gs})<=${expr.value(put.n(expect.room))})`);
    const rdv = expr.name(LeafAttr.redriveVersion);
    conditions.push(
      expect.redriveVersion === undefined
        ? `attribute_not_exists(${rdv})`
        : `${rdv}=${expr.value(put.n(expect.redriveVersion))}`,
    );
    return conditions;
  }

  async split(window: WindowId, split: LeafSplit): Promise<boolean> {
    const items: TransactWriteItem[] = [this.#splitLeaf(window, split)];
    for (const leaf of split.puts) {
      items.push({
        Put: {
          TableName: this.#target.table,
          Item: leafItem(window, leaf),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    if (split.low !== ROOT_LOW) {
      const expr = new Placeholders();
      items.push({
        Update: {
          TableName: this.#target.table,
          Key: key(window, split.gen, ROOT_LOW),
          UpdateExpression: `ADD ${expr.name(LeafAttr.lows)} ${expr.value({ SS: [...split.lows] })}`,
          ConditionExpression: `${expr.name(LeafAttr.gen)}=${expr.value(put.s(split.gen))}`,
          ...expr.attributes(),
        },
      });
    }
    try {
      await this.#target.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      // Refused (the leaf changed, a new leaf exists) or conflicting with a write in flight: plan again.
      if (cancellationCodes(error)) return false;
      throw dynamoError('TransactWriteItems', this.#target.table, error);
    }
  }

  /** The split leaf's part of a split: keeps its lower part, or is created empty when it did not exist. */
  #splitLeaf(window: WindowId, split: LeafSplit): TransactWriteItem {
    if (split.version === undefined) {
      const leaf: LeafState = {
        low: split.low,
        hi: split.hi,
        gen: split.gen,
        version: 1,
        groups: new Map(),
        marks: new Map(),
        redriven: new Map(),
        redriveVersion: undefined,
        expiresAt: split.expiresAt,
        lows: undefined,
      };
      return {
        Put: {
          TableName: this.#target.table,
          Item: leafItem(window, leaf),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      };
    }
    const expr = new Placeholders();
    const removes = split.moved.flatMap((hash) =>
      ['g', 'a', ...split.counters].map((prefix) => expr.name(groupAttribute(prefix, hash))),
    );
    const adds = [`${expr.name(LeafAttr.version)} ${expr.value(put.n(1))}`];
    if (split.low === ROOT_LOW)
      adds.push(`${expr.name(LeafAttr.lows)} ${expr.value({ SS: [...split.lows] })}`);
    const update = [
      `SET ${expr.name(LeafAttr.hi)}=${expr.value(put.s(split.hi))}`,
      `ADD ${adds.join(',')}`,
      ...(split.moved.length > 0
        ? [
            `REMOVE ${removes.join(',')}`,
            `DELETE ${expr.name(LeafAttr.groups)} ${expr.value({ SS: [...split.moved] })}`,
          ]
        : []),
    ];
    const conditions = [`${expr.name(LeafAttr.version)}=${expr.value(put.n(split.version))}`];
    if (split.low === ROOT_LOW) conditions.push(`${expr.name(LeafAttr.gen)}=${expr.value(put.s(split.gen))}`);
    return {
      Update: {
        TableName: this.#target.table,
        Key: key(window, split.gen, split.low),
        UpdateExpression: update.join(' '),
        ConditionExpression: conditions.join(' AND '),
        ...expr.attributes(),
      },
    };
  }

  async extendRoot(window: WindowId, gen: string, expiresAt: number): Promise<LeafWriteResult> {
    const expr = new Placeholders();
    const exp = expr.name(LeafAttr.expiresAt);
    const value = expr.value(put.n(expiresAt));
    return this.#update({
      Key: key(window, gen, ROOT_LOW),
      UpdateExpression: `SET ${exp}=${value}`,
      ConditionExpression: `${expr.name(LeafAttr.gen)}=${expr.value(put.s(gen))} AND ${exp}<${value}`,
      ...expr.attributes(),
    });
  }

  async decide(
    window: WindowId,
    gen: string,
    low: string,
    decisions: readonly LeafDecision[],
  ): Promise<boolean> {
    const expr = new Placeholders();
    const gs = expr.name(LeafAttr.groups);
    const sets = decisions.map(
      ({ hash, alert }) => `${expr.name(groupAttribute('a', hash))}=${expr.value(put.s(alert))}`,
    );
    const conditions = decisions.map(({ hash }) => `contains(${gs},${expr.value(put.s(hash))})`);
    if (low === ROOT_LOW) conditions.push(`${expr.name(LeafAttr.gen)}=${expr.value(put.s(gen))}`);
    try {
      await this.#target.client.send(
        new UpdateItemCommand({
          TableName: this.#target.table,
          Key: key(window, gen, low),
          UpdateExpression: `SET ${sets.join(',')}`,
          ConditionExpression: conditions.join(' AND '),
          ...expr.attributes(),
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw dynamoError('UpdateItem', this.#target.table, error);
    }
  }

  async markOver(over: WindowKey, expiresAt: number): Promise<void> {
    const { pk, sk } = keys.over(over.rule, over.group, over.windowMs);
    const expr = new Placeholders();
    const start = expr.name('windowStart');
    const value = expr.value(put.n(over.windowStart));
    try {
      await this.#target.client.send(
        new UpdateItemCommand({
          TableName: this.#target.table,
          Key: { pk: put.s(pk), sk: put.s(sk) },
          UpdateExpression: `SET ${start}=${value},${expr.name('kind')}=${expr.value(put.s(ItemKind.over))},${expr.name('expiresAt')}=${expr.value(put.n(expiresAt))}`,
          ConditionExpression: `attribute_not_exists(${start}) OR ${start}<${value}`,
          ...expr.attributes(),
        }),
      );
    } catch (error) {
      // Refused: a later window is already recorded.
      if (!conditionFailed(error)) throw dynamoError('UpdateItem', this.#target.table, error);
    }
  }

  async readOver(rule: string, group: string, windowMs: number): Promise<number | undefined> {
    const { pk, sk } = keys.over(rule, group, windowMs);
    return get.n(await this.#get({ pk: put.s(pk), sk: put.s(sk) }), 'windowStart');
  }

  async readWindow(window: WindowId): Promise<ListedLeaf[]> {
    const { pk } = keys.leaf(window, '', ROOT_LOW);
    const items = await queryAll(this.#target, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': put.s(pk) },
      ConsistentRead: true,
    });
    return items.map((item) => {
      const leaf = leafOf(item);
      return { window: windowOfLeaf(item), root: leaf.low === ROOT_LOW, leaf };
    });
  }

  async #get(itemKey: Item): Promise<Item | undefined> {
    try {
      const result = await this.#target.client.send(
        new GetItemCommand({ TableName: this.#target.table, Key: itemKey, ConsistentRead: true }),
      );
      return result.Item;
    } catch (error) {
      throw dynamoError('GetItem', this.#target.table, error);
    }
  }
}
