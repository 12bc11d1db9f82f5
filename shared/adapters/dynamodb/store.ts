import type { LeafLimits } from '../../rules/leaves/layout';
import type { DetectStore } from '../../rules/store';
import { DynamoAlerts } from './alerts';
import { DynamoSlackBudget } from './budget';
import { DynamoClosing } from './closing';
import { DynamoFingerprints } from './fingerprints';
import type { DynamoTarget } from './target';
import { DynamoWindows } from './windows';

/**
 * The detect path's storage on one DynamoDB table: windows, the alert outbox, the Slack budget and
 * the last-seen hours of `type: new` fingerprints.
 * `limits`: the window layout's sizes (the defaults, unless a test wants frequent splits).
 *
 * @example
 * const store = dynamoDetectStore({ client: createDynamoClient(config), table: config.dynamodb.table });
 */
export function dynamoDetectStore(target: DynamoTarget, limits?: LeafLimits): DetectStore {
  return {
    windows: new DynamoWindows(target, limits),
    alerts: new DynamoAlerts(target),
    budget: new DynamoSlackBudget(target),
    fingerprints: new DynamoFingerprints(target),
    closing: new DynamoClosing(target),
  };
}
