import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  batchMetrics,
  createMetrics,
  endToEndLagMs,
  formatMetrics,
  METRICS_NAMESPACE,
  SluiceMetric,
} from '../../shared/metrics/emf';

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

describe('formatMetrics', () => {
  const options = { functionName: 'sluice-prod-index', timestamp: 1_700_000_000_000 };

  test('puts every metric under namespace sluice with the function dimension', () => {
    const doc = assertValidEmf(
      formatMetrics({ records: 5, accepted: 3, deadLettered: 1, skipped: 1 }, options),
    );
    assert.deepEqual(doc._aws.CloudWatchMetrics, [
      {
        Namespace: METRICS_NAMESPACE,
        Dimensions: [['function']],
        Metrics: [
          { Name: 'Records', Unit: 'Count' },
          { Name: 'Accepted', Unit: 'Count' },
          { Name: 'DeadLettered', Unit: 'Count' },
          { Name: 'Skipped', Unit: 'Count' },
        ],
      },
    ]);
    assert.equal(doc._aws.Timestamp, options.timestamp);
    assert.equal(doc.function, 'sluice-prod-index');
    assert.equal(doc.Records, 5);
    assert.equal(doc.DeadLettered, 1);
  });

  test('emits every known metric with its unit', () => {
    const all = Object.fromEntries(Object.keys(SluiceMetric).map((key, i) => [key, i]));
    const doc = assertValidEmf(formatMetrics(all, options));
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
    });
  });

  test('leaves out absent metrics: zero is reported, missing is not', () => {
    const doc = assertValidEmf(formatMetrics({ indexed: 0 }, options));
    assert.deepEqual(doc._aws.CloudWatchMetrics[0]?.Metrics, [{ Name: 'Indexed', Unit: 'Count' }]);
    assert.equal(doc.Indexed, 0);
    assert.equal('Records' in doc, false);
  });

  test('names values that are not finite instead of emitting them', () => {
    const doc = assertValidEmf(
      formatMetrics({ records: 2, endToEndLagMs: Number.NaN, archived: Number.POSITIVE_INFINITY }, options),
    );
    assert.deepEqual(doc._aws.CloudWatchMetrics[0]?.Metrics, [{ Name: 'Records', Unit: 'Count' }]);
    assert.equal(doc.invalidMetrics, 'archived,endToEndLagMs');
    assert.equal('EndToEndLagMs' in doc, false);
  });

  test('properties are added but never replace a metric or the dimension', () => {
    const doc = assertValidEmf(
      formatMetrics(
        { records: 1 },
        { ...options, properties: { topic: 'logs', Records: 99, function: 'other', _aws: 'x' } },
      ),
    );
    assert.equal(doc.topic, 'logs');
    assert.equal(doc.Records, 1);
    assert.equal(doc.function, 'sluice-prod-index');
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

describe('createMetrics', () => {
  test('writes one EMF line per emit with the injected clock', () => {
    const lines: string[] = [];
    const metrics = createMetrics({
      functionName: 'sluice-dev-sweep',
      write: (l) => lines.push(l),
      now: () => 42,
    });
    metrics.emit({ alertsDelivered: 2, oldestPendingAlertAgeSeconds: 30 }, { pending: 1 });
    assert.equal(lines.length, 1);
    const doc = assertValidEmf(lines[0] ?? '');
    assert.equal(doc._aws.Timestamp, 42);
    assert.equal(doc.function, 'sluice-dev-sweep');
    assert.equal(doc.OldestPendingAlertAgeSeconds, 30);
    assert.equal(doc.pending, 1);
  });
});
