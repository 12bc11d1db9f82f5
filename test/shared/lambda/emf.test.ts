import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  batchMetrics,
  endToEndLagMs,
  functionMetrics,
  METRICS_NAMESPACE,
  type MetricValues,
  SluiceMetric,
} from '../../../shared/lambda/metrics';

interface EmfDocument {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [key: string]: unknown;
}

/** Checks the rules CloudWatch applies before it extracts metrics from a log line. */
function assertValidEmf(line: string): EmfDocument {
  assert.ok(!line.includes('\n'), 'one line');
  const doc = JSON.parse(line) as EmfDocument;
  assert.equal(typeof doc._aws.Timestamp, 'number');
  for (const directive of doc._aws.CloudWatchMetrics) {
    assert.ok(directive.Metrics.length <= 100);
    for (const set of directive.Dimensions) {
      assert.ok(set.length >= 1 && set.length <= 30);
      for (const dimension of set)
        assert.equal(typeof doc[dimension], 'string', `dimension ${dimension} is a string`);
    }
    for (const metric of directive.Metrics) {
      assert.equal(typeof doc[metric.Name], 'number', `${metric.Name} has a value`);
      assert.ok(Number.isFinite(doc[metric.Name]));
    }
  }
  return doc;
}

/** The one EMF line `functionMetrics` writes for `values`. */
function emitted(values: MetricValues, functionName = 'sluice-prod-index'): EmfDocument {
  const lines: string[] = [];
  functionMetrics((line) => lines.push(line))(values, functionName);
  assert.equal(lines.length, 1);
  return assertValidEmf(lines[0] ?? '');
}

describe('functionMetrics (Powertools Metrics)', () => {
  test('puts every metric under namespace sluice with the service and function dimensions', () => {
    const doc = emitted({ records: 5, accepted: 3, deadLettered: 1, skipped: 1 });
    assert.deepEqual(doc._aws.CloudWatchMetrics, [
      {
        Namespace: METRICS_NAMESPACE,
        Dimensions: [['service', 'function']],
        Metrics: [
          { Name: 'Records', Unit: 'Count' },
          { Name: 'Accepted', Unit: 'Count' },
          { Name: 'DeadLettered', Unit: 'Count' },
          { Name: 'Skipped', Unit: 'Count' },
        ],
      },
    ]);
    assert.equal(doc.service, 'sluice');
    assert.equal(doc.function, 'sluice-prod-index');
    assert.equal(doc.Records, 5);
    assert.equal(doc.DeadLettered, 1);
  });

  test('emits every known metric with its unit', () => {
    const all = Object.fromEntries(Object.keys(SluiceMetric).map((key, i) => [key, i]));
    const doc = emitted(all);
    const units = Object.fromEntries(
      doc._aws.CloudWatchMetrics[0]?.Metrics.map((m) => [m.Name, m.Unit]) ?? [],
    );
    assert.deepEqual(units, {
      Records: 'Count',
      Accepted: 'Count',
      DeadLettered: 'Count',
      Skipped: 'Count',
      Indexed: 'Count',
      Archived: 'Count',
      WindowWrites: 'Count',
      AlertsFired: 'Count',
      AlertsDelivered: 'Count',
      EndToEndLagMs: 'Milliseconds',
      OldestPendingAlertAgeSeconds: 'Seconds',
      ObjectsRead: 'Count',
      ObjectsLeft: 'Count',
      AlreadyIndexed: 'Count',
      FilteredOut: 'Count',
      NotIndexed: 'Count',
    });
  });

  test('leaves out absent metrics: zero is reported, missing is not', () => {
    const doc = emitted({ indexed: 0 });
    assert.deepEqual(doc._aws.CloudWatchMetrics[0]?.Metrics, [{ Name: 'Indexed', Unit: 'Count' }]);
    assert.equal(doc.Indexed, 0);
    assert.equal('Records' in doc, false);
  });

  test('names values that are not finite instead of emitting them', () => {
    const doc = emitted({ records: 2, endToEndLagMs: Number.NaN, archived: Number.POSITIVE_INFINITY });
    assert.deepEqual(doc._aws.CloudWatchMetrics[0]?.Metrics, [{ Name: 'Records', Unit: 'Count' }]);
    assert.equal(doc.invalidMetrics, 'archived,endToEndLagMs');
    assert.equal('EndToEndLagMs' in doc, false);
  });

  test('each invocation is a line of its own: nothing of the last one carries over', () => {
    const lines: string[] = [];
    const emit = functionMetrics((line) => lines.push(line));
    emit({ alertsDelivered: 2, oldestPendingAlertAgeSeconds: 30 }, 'sluice-dev-sweep');
    emit({ alertsDelivered: 0 }, 'sluice-dev-sweep');
    const [first, second] = lines.map((line) => assertValidEmf(line));
    assert.equal(first?.OldestPendingAlertAgeSeconds, 30);
    assert.equal(second?.AlertsDelivered, 0);
    assert.equal('OldestPendingAlertAgeSeconds' in (second ?? {}), false);
    assert.deepEqual(second?._aws.CloudWatchMetrics[0]?.Dimensions, [['service', 'function']]);
  });
});

describe('batchMetrics', () => {
  test('maps the accounting of a batch', () => {
    assert.deepEqual(batchMetrics({ records: 10, accepted: 7, deadLettered: 2, skipped: 1 }), {
      records: 10,
      accepted: 7,
      deadLettered: 2,
      skipped: 1,
    });
  });
});

describe('endToEndLagMs', () => {
  const now = Date.UTC(2025, 1, 19, 21, 20, 5);
  test('is the age of the oldest record', () => {
    assert.equal(
      endToEndLagMs(
        [{ timestamp: now - 2_000 }, { timestamp: now - 4_000 }, { timestamp: now - 1_000 }],
        now,
      ),
      4_000,
    );
  });
  test('is never negative when a producer clock runs ahead', () => {
    assert.equal(endToEndLagMs([{ timestamp: now + 4_000 }], now), 0);
  });
  test('is undefined for an empty batch', () => {
    assert.equal(endToEndLagMs([], now), undefined);
  });
  test('reads Kafka timestamps by magnitude and leaves unusable ones (-1) out', () => {
    assert.equal(endToEndLagMs([{ timestamp: -1 }, { timestamp: (now - 3_000) * 1e6 }], now), 3_000);
    assert.equal(endToEndLagMs([{ timestamp: (now - 7_000) / 1_000 }, { timestamp: now - 1 }], now), 7_000);
    assert.equal(endToEndLagMs([{ timestamp: -1 }, { timestamp: -(2 ** 63) }], now), undefined);
  });
});
