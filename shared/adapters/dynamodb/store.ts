import type { DetectStore } from '../../rules/store';
import { DynamoAlerts } from './alerts';
import { DynamoSlackBudget } from './budget';
import type { DynamoTarget } from './target';
import { DynamoWindows } from './windows';

/**
 * The detect path's storage on one DynamoDB table: windows, the alert outbox and the Slack budget.
 *
 * @example
 * const store = dynamoDetectStore({ client: createDynamoClient(config), table: config.dynamodb.table });
 */
export function dynamoDetectStore(target: DynamoTarget): DetectStore {
  return {
    windows: new DynamoWindows(target),
    alerts: new DynamoAlerts(target),
    budget: new DynamoSlackBudget(target),
  };
}
