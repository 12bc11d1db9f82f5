import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { SlackBudget } from '../../rules/store';
import { get, put } from './attributes';
import { conditionFailed, dynamoError } from './errors';
import { ItemKind, keys } from './keys';
import type { DynamoTarget } from './target';

const MINUTE = 60_000;
/** Budget counters are kept a day (TTL), long after their minute. */
const DAY = 86_400_000;
const MAX_TRIES = 5;

/**
 * The Slack message budget shared by every detect invocation and the sweeper: one counter item per
 * webhook and minute, raised by a conditional ADD that never takes it above the budget.
 *
 * @example
 * const granted = await new DynamoSlackBudget({ client, table }).reserve(Date.now(), 3, 20);
 */
export class DynamoSlackBudget implements SlackBudget {
  readonly #target: DynamoTarget;

  constructor(target: DynamoTarget) {
    this.#target = target;
  }

  async reserve(now: number, wanted: number, perMinute: number, route = ''): Promise<number> {
    const minute = Math.floor(now / MINUTE) * MINUTE;
    const { pk, sk } = keys.budget(minute, route);
    let grant = Math.min(wanted, perMinute);
    for (let attempt = 0; attempt < MAX_TRIES && grant > 0; attempt += 1) {
      try {
        await this.#target.client.send(
          new UpdateItemCommand({
            TableName: this.#target.table,
            Key: { pk: put.s(pk), sk: put.s(sk) },
            UpdateExpression: 'SET #kind = :kind, #exp = :exp ADD #used :grant',
            ConditionExpression: 'attribute_not_exists(#used) OR #used <= :room',
            ExpressionAttributeNames: { '#kind': 'kind', '#exp': 'expiresAt', '#used': 'used' },
            ExpressionAttributeValues: {
              ':kind': put.s(ItemKind.budget),
              ':exp': put.n(Math.floor((minute + DAY) / 1000)),
              ':grant': put.n(grant),
              ':room': put.n(perMinute - grant),
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return grant;
      } catch (error) {
        if (!conditionFailed(error)) throw dynamoError('UpdateItem', this.#target.table, error);
        grant = Math.min(wanted, perMinute - (get.n(error.Item, 'used') ?? 0));
      }
    }
    return 0;
  }
}
