import { ScanCommand, type ScanCommandInput } from '@aws-sdk/client-dynamodb';
import { ROOT_LOW } from '../../rules/leaves/layout';
import { windowRecords } from '../../rules/leaves/leaf-windows';
import type { DetectListing } from '../../rules/store';
import { storedAlert } from './alerts';
import { type Item, put } from './attributes';
import { dynamoError } from './errors';
import { ItemKind } from './keys';
import { LeafAttr, leafOf, windowOfLeaf } from './leaf-item';
import type { DynamoTarget } from './target';

/** Every item a Scan of the table returns, page after page. */
async function scanAll(target: DynamoTarget, input: Omit<ScanCommandInput, 'TableName'>): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    try {
      const page = await target.client.send(
        new ScanCommand({ ...input, TableName: target.table, ExclusiveStartKey: start }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } catch (error) {
      throw dynamoError('Scan', target.table, error);
    }
  } while (start !== undefined);
  return items;
}

/**
 * Every window and alert of the table, for `sluice state` and the tests: a Scan each, which is why it
 * is not part of the store the functions use (their bundles hold no ScanCommand, their roles allow none).
 *
 * @example
 * const { listWindows, listAlerts } = dynamoDetectListing({ client: createDynamoClient(config), table });
 * const alerts = await listAlerts();
 */
export function dynamoDetectListing(target: DynamoTarget): DetectListing {
  return {
    async listWindows() {
      const items = await scanAll(target, {
        FilterExpression: '#kind = :kind',
        ExpressionAttributeNames: { '#kind': LeafAttr.kind },
        ExpressionAttributeValues: { ':kind': put.s(ItemKind.leaf) },
        ConsistentRead: true,
      });
      return windowRecords(
        items.map((item) => {
          const leaf = leafOf(item);
          return { window: windowOfLeaf(item), root: leaf.low === ROOT_LOW, leaf };
        }),
      );
    },
    async listAlerts() {
      const items = await scanAll(target, {
        FilterExpression: '#kind = :kind',
        ExpressionAttributeNames: { '#kind': 'kind' },
        ExpressionAttributeValues: { ':kind': put.s(ItemKind.alert) },
        ConsistentRead: true,
      });
      return items.map(storedAlert);
    },
  };
}
