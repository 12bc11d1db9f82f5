import type { LeafLimits } from '../../rules/leaves/layout';
import { LeafWindows } from '../../rules/leaves/leaf-windows';
import { DynamoLeafRequests } from './leaf-requests';
import type { DynamoTarget } from './target';

export { MAX_PARTITIONS_PER_WRITE } from '../../rules/leaves/plan';

/**
 * Window counts in DynamoDB, exact under redelivery: the groups of a window live in a few leaf items
 * (at most 100 groups each) found through the directory on the window's root; each leaf keeps, per
 * Kafka partition, the highest offset counted (`hw:<topic>:<partition>`). A batch makes one
 * conditional UpdateItem per leaf it touches; partitions never conflict with each other since each
 * condition reads only its own mark and `ADD` is atomic (docs/detect.md).
 *
 * @example
 * const windows = new DynamoWindows({ client, table: 'sluice' });
 * const { windows: counted } = await windows.applyBatch(deltas, { expiresAt, mode: 'live', concurrency: 16 });
 */
export class DynamoWindows extends LeafWindows {
  /** `limits`: the layout's sizes (tests make them small to split often). */
  constructor(target: DynamoTarget, limits?: LeafLimits) {
    super(new DynamoLeafRequests(target), limits);
  }
}
