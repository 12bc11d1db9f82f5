import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { Context } from 'aws-lambda';
import { localContext } from '../../../cli/invoke/lambda-context';
import { continuationEvent, parseRehydrateEvent, runIdOf } from '../../../functions/rehydrate/request';
import { InvocationOutcome, type RehydrateResult } from '../../../functions/rehydrate/types';
import { DynamoCheckpoints } from '../../../shared/adapters/dynamodb/rehydrate-checkpoints';
import { createS3Client } from '../../../shared/adapters/s3/client';
import { S3Bucket } from '../../../shared/adapters/s3/s3-bucket';
import type { SluiceConfig } from '../../../shared/config';
import { ConfigError } from '../../../shared/errors';
import { type RehydrateCounts, RunStatus } from '../../../shared/rehydrate/checkpoint';
import { freshTable, testDynamoClient } from '../../helpers/local-stack';
import { Faults, OpenSearchDouble } from '../../helpers/opensearch-double';
import {
  archive,
  chunks,
  type Driven,
  drive,
  failingWriter,
  indexLive,
  lastOf,
  logs,
  type SentLog,
  T0,
  type World,
  world,
} from './support';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** The whole archive (09:00 to 12:00) and a range inside it (10:00 to 11:30). */
const everything = { since: iso(T0), until: iso(T0 + 3 * HOUR) };
const inside = { since: iso(T0 + HOUR), until: iso(T0 + 2.5 * HOUR) };
const inRange = (log: SentLog, range: { since: string; until: string }) =>
  log.timestamp >= Date.parse(range.since) && log.timestamp < Date.parse(range.until);
const idOf = (log: SentLog) => `${log.topic}-${log.partition}-${log.offset}`;

const partition0 = logs(0);
const partition1 = logs(1);
/** A log with a byte that is not UTF-8: the archive keeps its original bytes beside the event. */
const lossy: SentLog = {
  topic: 'logs',
  partition: 2,
  offset: 0,
  timestamp: T0 + 70 * 60_000,
  value: Buffer.concat([
    Buffer.from(`{"time":${T0 + 70 * 60_000},"level":"error","message":"caf`),
    Buffer.from([0xe9]),
    Buffer.from('","service":"orders","pathname":"/app/orders/checkout.py"}'),
  ]),
  level: 'error',
  service: 'orders',
  pathname: '/app/orders/checkout.py',
};
const sent = [...partition0, ...partition1, lossy];
/** Partition 0 archived by a batch, then its re-split retry (offsets 10..29 twice), partition 1 in threes. */
const batches = [
  partition0.slice(0, 20),
  partition0.slice(10, 30),
  partition0.slice(30),
  ...chunks(partition1, 15),
  [lossy],
];

/** The accounting law of a run's counts; a dry run selects without writing. */
function assertLaw(counts: RehydrateCounts, dryRun = false): void {
  assert.equal(counts.lines, counts.records + counts.copies + counts.unreadable, 'lines');
  assert.equal(counts.records, counts.filteredOut + counts.selected, 'records');
  if (!dryRun)
    assert.equal(
      counts.selected,
      counts.created + counts.alreadyThere + counts.deadLettered + counts.failed,
      'selected',
    );
}

const withOpenSearch = (config: SluiceConfig, double: OpenSearchDouble): SluiceConfig => ({
  ...config,
  opensearch: { ...config.opensearch, url: double.url },
});

/** The same archive, another OpenSearch and a table of its own (checkpoints start empty). */
const apart = async (config: SluiceConfig, double: OpenSearchDouble): Promise<SluiceConfig> => ({
  ...withOpenSearch(config, double),
  dynamodb: { ...config.dynamodb, table: await freshTable('rehydrate') },
});

const finalOf = (result: RehydrateResult) => {
  assert.ok(result.checkpoint, 'the run has a checkpoint');
  return result.checkpoint;
};

describe('the rehydrate handler on the local stack', () => {
  let w: World;
  before(async () => {
    w = await world('rehydrate');
    await archive(w.config, batches);
  });
  after(() => w.close());

  test('documents are the ones live indexing made: same ids, daily indices and sources; copies count once', async () => {
    const live = await OpenSearchDouble.start();
    try {
      await indexLive(withOpenSearch(w.config, live), batches);
      const run = lastOf(await drive(w.config, everything));
      assert.equal(run.outcome, InvocationOutcome.done);
      const { counts, status } = finalOf(run);
      assert.equal(status, RunStatus.done);
      assert.deepEqual(
        { records: counts.records, copies: counts.copies, created: counts.created, objects: counts.objects },
        { records: sent.length, copies: 10, created: sent.length, objects: 9 },
      );
      assertLaw(counts);
      const shape = (double: OpenSearchDouble) =>
        double.documents().map(({ index, id, source }) => ({ index, id, source }));
      assert.deepEqual(shape(w.opensearch), shape(live));
      assert.deepEqual([...new Set(w.opensearch.documents().map((doc) => doc.index))], ['logs-2026.11.22']);

      // Rehydrating over what live indexing wrote adds nothing.
      const over = finalOf(lastOf(await drive(await apart(w.config, live), everything)));
      assert.deepEqual(
        { created: over.counts.created, already: over.counts.alreadyThere },
        { created: 0, already: sent.length },
      );
      assert.equal(live.documents().length, sent.length);
    } finally {
      await live.close();
    }
  });

  test('the same arguments again: already done; with restart, every record is already there', async () => {
    const again = lastOf(await drive(w.config, everything));
    assert.equal(again.outcome, InvocationOutcome.alreadyDone);
    assert.equal(again.invocation.records, 0);
    const restarted = finalOf(lastOf(await drive(w.config, { ...everything, restart: true })));
    assert.deepEqual(
      {
        records: restarted.counts.records,
        created: restarted.counts.created,
        already: restarted.counts.alreadyThere,
      },
      { records: sent.length, created: 0, already: sent.length },
    );
    assert.equal(w.opensearch.documents().length, sent.length, 'no duplicate');
  });

  test('filters: exact event time, level, service and a pathname glob', async () => {
    const double = await OpenSearchDouble.start();
    try {
      const filter = { ...inside, level: 'error', service: 'orders', pathname: '*checkout.py' };
      const run = finalOf(lastOf(await drive(await apart(w.config, double), filter)));
      const expected = sent
        .filter((log) => inRange(log, inside) && log.level === 'error' && log.service === 'orders')
        .filter((log) => log.pathname.endsWith('checkout.py'))
        .map(idOf)
        .sort();
      assert.ok(expected.length > 0);
      assert.deepEqual(
        double
          .documents()
          .map((doc) => doc.id)
          .sort(),
        expected,
      );
      assert.equal(run.counts.created, expected.length);
      assert.equal(run.counts.records, sent.length, 'the hours around the range are read, then filtered');
      assertLaw(run.counts);
    } finally {
      await double.close();
    }
  });

  test('a dry run writes nothing and says what would be indexed', async () => {
    const double = await OpenSearchDouble.start();
    try {
      const run = finalOf(lastOf(await drive(await apart(w.config, double), { ...inside, dryRun: true })));
      assert.equal(run.counts.selected, sent.filter((log) => inRange(log, inside)).length);
      assert.equal(run.counts.created, 0);
      assertLaw(run.counts, true);
      assert.equal(double.bulkRequests().length, 0);
      // A dry run needs no OpenSearch at all.
      const none = { ...w.config, opensearch: { ...w.config.opensearch, url: undefined } };
      const offline = finalOf(lastOf(await drive(none, { ...inside, dryRun: true })));
      assert.equal(offline.counts.selected, run.counts.selected);
    } finally {
      await double.close();
    }
  });

  test('into a separate index: it must exist (created from the template); documents keep their ids', async () => {
    const double = await OpenSearchDouble.start();
    const config = await apart(w.config, double);
    try {
      await assert.rejects(
        drive(config, { ...inside, index: 'rebuild-2026-11' }),
        (error: unknown) =>
          error instanceof ConfigError &&
          /index rebuild-2026-11 does not exist: create it/.test(error.message),
      );
      const created = await fetch(`${double.url}/rebuild-2026-11`, {
        method: 'PUT',
        body: '{"mappings":{}}',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(created.status, 200);
      const run = finalOf(lastOf(await drive(config, { ...inside, index: 'rebuild-2026-11' })));
      const ids = sent
        .filter((log) => inRange(log, inside))
        .map(idOf)
        .sort();
      assert.deepEqual(
        double
          .documents()
          .map((doc) => doc.id)
          .sort(),
        ids,
      );
      assert.deepEqual([...new Set(double.documents().map((doc) => doc.index))], ['rebuild-2026-11']);
      assert.equal(run.counts.created, ids.length);
    } finally {
      await double.close();
    }
  });

  test('429s and 503s are retried with backoff until every record is in', async () => {
    const double = await OpenSearchDouble.start();
    try {
      double.faultRequests(Faults.requestThrottled(), Faults.requestUnavailable());
      for (const log of sent.slice(0, 30)) double.faultItem(idOf(log), Faults.throttled(2));
      const run = finalOf(
        lastOf(await drive(await apart(w.config, double), everything, { settings: { objectsPerStep: 4 } })),
      );
      assert.equal(run.status, RunStatus.done);
      assert.equal(double.documents().length, sent.length);
      assert.equal(run.counts.created, sent.length);
      assert.ok(
        double.bulkRequests().some((request) => request.status === 429),
        'throttled on the way',
      );
      assertLaw(run.counts);
    } finally {
      await double.close();
    }
  });

  test('a crash in the middle of a step, then a resume: one document per record, counts add up', async () => {
    const double = await OpenSearchDouble.start();
    const config = await apart(w.config, double);
    try {
      // The third step sends half its documents, then the process "dies".
      const crashing = failingWriter(config, 3, 0.5, 'the process died');
      await assert.rejects(
        drive(config, everything, { writer: crashing.writer, settings: { objectsPerStep: 2 } }),
        /the process died/,
      );
      const crashed = double.documents().length;
      assert.ok(crashed > 0 && crashed < sent.length, `${crashed} documents before the crash`);

      const resumed = finalOf(lastOf(await drive(config, everything, { settings: { objectsPerStep: 2 } })));
      await crashing.close();
      assert.equal(resumed.status, RunStatus.done);
      assert.equal(double.documents().length, sent.length);
      assert.deepEqual(
        double
          .documents()
          .map((doc) => doc.id)
          .sort(),
        sent.map(idOf).sort(),
      );
      assert.equal(resumed.counts.records, sent.length, 'each record counted once');
      assert.equal(resumed.counts.copies, 10, 'copies counted once across the resume');
      assert.equal(resumed.counts.created + resumed.counts.alreadyThere, sent.length);
      assert.ok(resumed.counts.alreadyThere > 0, 'what the crashed step wrote is already there');
      assertLaw(resumed.counts);
      assert.equal(resumed.invocations, 2);
    } finally {
      await double.close();
    }
  });

  test('a small time budget: several invocations, each from the checkpoint; a late repeated continuation does nothing', async () => {
    const double = await OpenSearchDouble.start();
    const config = await apart(w.config, double);
    try {
      // Every `_bulk` request uses 30 s of a 100 s invocation: about three steps fit in one.
      let requestsAtStart = 0;
      const budgeted = (): Context => {
        requestsAtStart = double.bulkRequests().length;
        return {
          ...localContext('rehydrate', 900_000),
          getRemainingTimeInMillis: () => 100_000 - 30_000 * (double.bulkRequests().length - requestsAtStart),
        };
      };
      const driven = await drive(config, everything, { settings: { objectsPerStep: 1 } }, budgeted);
      const final = finalOf(lastOf(driven));
      assert.equal(final.status, RunStatus.done);
      assert.ok(driven.results.length >= 3, `${driven.results.length} invocations`);
      assert.deepEqual(
        driven.results.slice(0, -1).map((result) => result.outcome),
        driven.results.slice(0, -1).map(() => InvocationOutcome.continuing),
      );
      assert.equal(final.invocations, driven.results.length);
      assert.equal(double.documents().length, sent.length);
      assert.deepEqual(
        { records: final.counts.records, created: final.counts.created },
        { records: sent.length, created: sent.length },
      );

      // Lambda may deliver an asynchronous event again after the run finished: it does nothing.
      const repeated = await drive(config, driven.continuations[0] as Record<string, unknown>);
      assert.deepEqual(
        repeated.results.map((result) => result.outcome),
        [InvocationOutcome.stale],
      );
      assert.deepEqual(finalOf(lastOf(repeated)).counts, final.counts);
    } finally {
      await double.close();
    }
  });

  test('Lambda retrying a failed continuation (after it saved steps) goes on from the checkpoint', async () => {
    const double = await OpenSearchDouble.start();
    const config = await apart(w.config, double);
    try {
      // Two steps per invocation; the fourth step (in the second invocation, after it saved one) fails.
      const failing = failingWriter(config, 4, 0, 'the invocation failed');
      // An invocation has time for two steps (one object, one write each).
      const twoSteps = (): Context => {
        const atStart = failing.writes();
        return {
          ...localContext('rehydrate', 900_000),
          getRemainingTimeInMillis: () => (failing.writes() - atStart >= 2 ? 1_000 : 900_000),
        };
      };
      const options = { writer: failing.writer, settings: { objectsPerStep: 1 } };
      const first = await drive(config, everything, options, twoSteps).catch((error: unknown) => error);
      assert.match(String(first), /the invocation failed/);
      const { args } = parseRehydrateEvent(everything, 'logs-');
      const checkpoints = new DynamoCheckpoints({
        client: await testDynamoClient(),
        table: config.dynamodb.table,
      });
      const saved = await checkpoints.get(runIdOf(args));
      assert.equal(
        saved?.counts.objects,
        3,
        'two steps of the first invocation and one of the second were saved',
      );

      // Lambda retries the failed invocation with its own event: the continuation sent after version 3.
      const retried = await drive(config, continuationEvent(args, 3));
      await failing.close();
      const final = finalOf(lastOf(retried));
      assert.equal(final.status, RunStatus.done);
      assert.equal(final.counts.records, sent.length);
      assert.equal(final.counts.created + final.counts.alreadyThere, sent.length);
      assert.equal(double.documents().length, sent.length);
    } finally {
      await double.close();
    }
  });

  test('two invocations of one run at once: the total is still each record once', async () => {
    const double = await OpenSearchDouble.start();
    const config = await apart(w.config, double);
    try {
      const options = { settings: { objectsPerStep: 1 } };
      const runs = await Promise.all([drive(config, inside, options), drive(config, inside, options)]);
      const outcomes = runs.flatMap((run) => run.results.map((result) => result.outcome));
      assert.ok(
        outcomes.includes(InvocationOutcome.superseded) || outcomes.includes(InvocationOutcome.alreadyDone),
        outcomes.join(),
      );
      const runId = lastOf(runs[0] as Driven).runId;
      const stored = await new DynamoCheckpoints({
        client: await testDynamoClient(),
        table: config.dynamodb.table,
      }).get(runId);
      const expected = sent.filter((log) => inRange(log, inside)).length;
      assert.equal(stored?.status, RunStatus.done);
      assert.equal(stored?.counts.selected, expected);
      assert.equal((stored?.counts.created ?? 0) + (stored?.counts.alreadyThere ?? 0), expected);
      assert.equal(stored?.counts.records, sent.length);
      assert.equal(double.documents().length, expected);
    } finally {
      await double.close();
    }
  });

  test('a record OpenSearch can never take goes to the dead-letter area like live indexing’s (stage index)', async () => {
    const double = await OpenSearchDouble.start();
    try {
      const refused = partition1[20] as SentLog;
      double.faultItem(idOf(refused), Faults.alwaysRefused());
      const run = finalOf(lastOf(await drive(await apart(w.config, double), inside)));
      assert.equal(run.counts.deadLettered, 1);
      assertLaw(run.counts);
      const bucket = new S3Bucket(createS3Client(w.config), w.config.s3.bucket);
      const keys: string[] = [];
      for await (const object of bucket.list('dead-letter/')) keys.push(object.key);
      assert.deepEqual(keys, [
        'dead-letter/reason=mapping_conflict/dt=2026-11-22/hour=10/topic=logs/partition=1/00000000000000000020-00000000000000000020-rehydrate.ndjson.gz',
      ]);
      const entry = JSON.parse(
        gunzipSync((await bucket.get(keys[0] as string)) as Uint8Array).toString('utf8'),
      );
      assert.equal(entry.reason, 'mapping_conflict');
      assert.equal(entry.stage, 'index');
      assert.deepEqual(entry.kafka, {
        topic: 'logs',
        partition: 1,
        offset: 20,
        timestamp: refused.timestamp,
      });
      assert.match(entry.detail, /mapper_parsing_exception/);
      const value = JSON.parse(Buffer.from(entry.value, 'base64').toString('utf8'));
      assert.equal(value.message, 'event 1-20', 'the value is the archived event');
    } finally {
      await double.close();
    }
  });

  test('a step OpenSearch keeps refusing stops the run after three attempts, with the reason; a later run resumes it', async () => {
    const double = await OpenSearchDouble.start();
    const config = await apart(w.config, double);
    try {
      double.faultItem(idOf(partition0[20] as SentLog), Faults.throttled(Number.POSITIVE_INFINITY));
      const settings = { objectsPerStep: 2, stepMs: 4_500 };
      const stopped = await drive(config, inside, { settings });
      const last = lastOf(stopped);
      assert.equal(last.outcome, InvocationOutcome.stopped);
      assert.equal(stopped.results.length, 3);
      const checkpoint = finalOf(last);
      assert.equal(checkpoint.status, RunStatus.stopped);
      assert.match(
        checkpoint.lastError ?? '',
        /1 records not indexed in time: 429 rejected_execution_exception/,
      );
      assert.equal(last.unfinished?.failed, 1);
      assertLaw(checkpoint.counts);

      double.clearFaults();
      const resumed = finalOf(lastOf(await drive(config, inside, { settings })));
      assert.equal(resumed.status, RunStatus.done);
      assert.equal(resumed.lastError, undefined);
      const expected = sent.filter((log) => inRange(log, inside)).length;
      assert.equal(double.documents().length, expected);
      assert.equal(resumed.counts.created + resumed.counts.alreadyThere, expected);
      assert.equal(resumed.counts.records, sent.length);
    } finally {
      await double.close();
    }
  });
});
