import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { InvalidInputError } from '../../errors';
import type { CheckpointStore, RunCheckpoint } from '../../rehydrate/checkpoint';
import { get, type Item, put } from './attributes';
import { conditionFailed, dynamoError } from './errors';
import { type DynamoTarget, queryAll } from './target';

/** The item kind of rehydrate checkpoints: one item per run, all under one partition key. */
export const REHYDRATE_KIND = 'rehydrate';
const PARTITION = 'R#rehydrate';
/** A run's item is kept this long after its last write (TTL), finished or abandoned. */
const KEEP_MS = 30 * 86_400_000;

const isCheckpoint = (value: unknown): value is RunCheckpoint => {
  const run = value as Partial<RunCheckpoint> | null;
  return (
    typeof run === 'object' &&
    run !== null &&
    typeof run.runId === 'string' &&
    typeof run.version === 'number' &&
    typeof run.status === 'string' &&
    typeof run.args === 'object' &&
    typeof run.counts === 'object'
  );
};

function checkpointOf(item: Item): RunCheckpoint {
  const text = get.s(item, 'checkpoint') ?? '';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`rehydrate checkpoint ${get.s(item, 'sk')} is not JSON`, { cause: error });
  }
  if (!isCheckpoint(value))
    throw new InvalidInputError(`rehydrate checkpoint ${get.s(item, 'sk')} is not a checkpoint`);
  return value;
}

/**
 * Rehydrate checkpoints in the sluice table: one item per run (`pk = R#rehydrate`, `sk = <run id>`,
 * `kind = rehydrate`), the checkpoint as JSON, its `version` as a number for the conditional write
 * that keeps two invocations of one run from both counting a step. Kept 30 days after the last write.
 *
 * @example
 * const checkpoints = new DynamoCheckpoints({ client, table: config.dynamodb.table });
 * const saved = await checkpoints.save(next, previous?.version);
 */
export class DynamoCheckpoints implements CheckpointStore {
  readonly #target: DynamoTarget;
  readonly #now: () => number;

  constructor(target: DynamoTarget, now: () => number = Date.now) {
    this.#target = target;
    this.#now = now;
  }

  async get(runId: string): Promise<RunCheckpoint | undefined> {
    try {
      const { Item } = await this.#target.client.send(
        new GetItemCommand({
          TableName: this.#target.table,
          Key: { pk: put.s(PARTITION), sk: put.s(runId) },
          ConsistentRead: true,
        }),
      );
      return Item === undefined ? undefined : checkpointOf(Item);
    } catch (error) {
      if (error instanceof InvalidInputError) throw error;
      throw dynamoError('GetItem', this.#target.table, error);
    }
  }

  async save(next: RunCheckpoint, expected: number | undefined): Promise<boolean> {
    try {
      await this.#target.client.send(
        new PutItemCommand({
          TableName: this.#target.table,
          Item: {
            pk: put.s(PARTITION),
            sk: put.s(next.runId),
            kind: put.s(REHYDRATE_KIND),
            version: put.n(next.version),
            status: put.s(next.status),
            expiresAt: put.n(Math.floor((this.#now() + KEEP_MS) / 1000)),
            checkpoint: put.s(JSON.stringify(next)),
          },
          ...(expected === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#version = :expected',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':expected': put.n(expected) },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw dynamoError('PutItem', this.#target.table, error);
    }
  }

  async list(): Promise<RunCheckpoint[]> {
    const items = await queryAll(this.#target, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': put.s(PARTITION) },
    });
    return items.map(checkpointOf).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }
}
