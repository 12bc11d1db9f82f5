// Issue 11, item 1: no Kafka or log timestamp, however absurd, may make a function throw (in Lambda a
// throwing batch is retried for ever and its partition stalls). Arbitrary timestamps go through the
// three exported MSK handlers, loaded as Lambda loads them: index against the OpenSearch double (with
// the index template), archive against the S3 server, detect against DynamoDB Local (and a Slack
// double). Checked from the outside: each handler's accounting, and what the stores hold.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Context } from 'aws-lambda';
import fc from 'fast-check';
import { buildDetectContainer, detectDepsFor } from '../../../functions/detect/deps';
import { detectState } from '../../../functions/detect/state';
import { createDynamoClient } from '../../../shared/adapters/dynamodb/client';
import { dynamoDetectListing } from '../../../shared/adapters/dynamodb/listing';
import type { ArchiveLine } from '../../../shared/adapters/s3/archive-encoder';
import { S3Bucket } from '../../../shared/adapters/s3/s3-bucket';
import { loadConfig, type SluiceConfig } from '../../../shared/config';
import { TimestampSource } from '../../../shared/logs/types';
import { freshBucket, freshTable, testConfig, testS3Client } from '../../helpers/local-stack';
import { OpenSearchDouble } from '../../helpers/opensearch-double';
import { templatedClient } from '../../helpers/opensearch-template-client';
import { SlackDouble } from '../../helpers/slack-double';
import { windowId, windowOracle } from '../../helpers/window-oracle';
import { archivedLines, coordinates, deadLetterEntries } from '../adapters/s3/support/area';

type Handler = (event: unknown, context: Context) => Promise<unknown>;
const functions = ['index', 'archive', 'detect'] as const;
type FunctionName = (typeof functions)[number];

/** Small thresholds and hopping windows, so that weird times also make windows alert. */
const rulesYaml = `rules:
  - name: errors
    where: { level: [error, fatal] }
    groupBy: pathname
    window: 10s
    threshold: 1
    realert: 0s
  - name: hopping
    where: { level: error }
    groupBy: service
    window: 30s
    slide: 10s
    threshold: 2
`;

const int64 = fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n).map(Number);
/** Any Kafka timestamp an event can carry: int64 in any unit, -1, doubles, the edges of Date. */
const kafkaTimestamp = fc.oneof(
  fc.integer({ min: 1_500_000_000_000, max: 1_900_000_000_000 }),
  int64,
  fc.constantFrom(-1, 0, 1.74e18, 8.64e15, 8.64e15 + 1, 2 ** 63, -(2 ** 63), 253_402_300_799_999, 1e11 - 1),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
/** JSON text of any log time: numbers in any unit, ISO strings of any year, digit strings, garbage. */
const logTime = fc.oneof(
  int64.map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc
    .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
    .map((date) => JSON.stringify(date.toISOString())),
  fc.bigInt(0n, 10n ** 25n).map((n) => JSON.stringify(String(n))),
  fc.constantFrom('"9999-12-31T23:59:59.999Z"', '"1970-01-01T00:00:00Z"', '"0000-01-01"', 'null', '"-1"'),
  fc.string({ maxLength: 12 }).map((text) => JSON.stringify(text)),
);
const timeKey = fc.constantFrom('time', 'timestamp', '@timestamp', 'ts', 'asctime');

/** What a record is, which decides where it must end up. */
type Kind = 'accepted' | 'deadLettered' | 'skipped';
const value = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(timeKey, logTime, fc.constantFrom('error', 'info', 'fatal'), fc.nat(2)) },
  { weight: 1, arbitrary: fc.constantFrom('plain ERROR line without a time', 'binary', 'tombstone') },
);

function encode(spec: string | [string, string, string, number]): { value: string | null; kind: Kind } {
  if (spec === 'tombstone') return { value: null, kind: 'skipped' };
  if (spec === 'binary')
    return { value: Buffer.from([0x0a, 0x00, 0xff]).toString('base64'), kind: 'deadLettered' };
  const text = Array.isArray(spec)
    ? `{"${spec[0]}":${spec[1]},"level":"${spec[2]}","msg":"boom","pathname":"/app/p${spec[3]}.py","service":"s${spec[3]}"}`
    : spec;
  return { value: Buffer.from(text).toString('base64'), kind: 'accepted' };
}

/** A batch: records share a few Kafka timestamps, so several land in the same windows. */
const batch = fc
  .tuple(
    fc.array(kafkaTimestamp, { minLength: 1, maxLength: 3 }),
    fc.array(fc.tuple(fc.nat(), value), { minLength: 1, maxLength: 12 }),
  )
  .map(([timestamps, records]) =>
    records.map(([pick, spec]) => ({
      timestamp: timestamps[pick % timestamps.length] as number,
      ...encode(spec),
    })),
  );

const context = (name: string): Context =>
  ({
    functionName: `sluice-fuzz-${name}`,
    awsRequestId: `request-${name}`,
    getRemainingTimeInMillis: () => 60_000,
  }) as unknown as Context;

/**
 * Runs a handler, capturing the JSON lines it writes to stdout (its logs and metrics), as Lambda's log
 * agent would; anything else (the test runner's own messages) goes on to stdout.
 */
async function invoke(handler: Handler, eventText: string, name: string): Promise<string[]> {
  const lines: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    if (typeof chunk !== 'string' || !chunk.startsWith('{'))
      return write.call(process.stdout, chunk, ...rest);
    lines.push(...chunk.split('\n').filter(Boolean));
    return true;
  }) as typeof process.stdout.write;
  try {
    await handler(JSON.parse(eventText), context(name));
  } finally {
    process.stdout.write = write;
  }
  return lines;
}

describe('arbitrary Kafka and log timestamps through the three exported handlers', () => {
  let opensearch: OpenSearchDouble;
  let slack: SlackDouble;
  let config: SluiceConfig;
  const handlers = {} as Record<FunctionName, Handler>;

  before(async () => {
    opensearch = await OpenSearchDouble.start();
    slack = await SlackDouble.start();
    const client = await templatedClient(opensearch);
    await client.close();
    await testConfig();
    const rules = join(mkdtempSync(join(tmpdir(), 'sluice-fuzz-')), 'rules.yml');
    writeFileSync(rules, rulesYaml);
    Object.assign(process.env, {
      OPENSEARCH_URL: opensearch.url,
      SLACK_WEBHOOK_URL: slack.url,
      SLUICE_RULES: rules,
      SLUICE_BUCKET: await freshBucket('fuzz'),
      SLUICE_TABLE: await freshTable('fuzz'),
    });
    config = loadConfig();
    for (const name of functions) {
      handlers[name] = ((await import(`../../../functions/${name}/handler`)) as { handler: Handler }).handler;
    }
  });
  after(async () => {
    await opensearch.close();
    await slack.close();
  });

  test('no handler throws; records = accepted + deadLettered + skipped; every record where it belongs, once', async () => {
    const expected = new Map<string, Kind>();
    let offset = 0;
    await fc.assert(
      fc.asyncProperty(batch, async (records) => {
        const event = {
          eventSource: 'aws:kafka',
          eventSourceArn: 'arn:aws:kafka:us-east-1:123456789012:cluster/fuzz/abc',
          records: {
            'logs-0': records.map((record) => {
              offset += 1;
              expected.set(coordinates({ topic: 'logs', partition: 0, offset }), record.kind);
              return {
                topic: 'logs',
                partition: 0,
                offset,
                timestamp: record.timestamp,
                key: null,
                value: record.value,
                headers: [],
              };
            }),
          },
        };
        // JSON as Lambda delivers it: a timestamp that is no finite double is written as such.
        const text = JSON.stringify(event);
        for (const name of functions) {
          const lines = await invoke(handlers[name], text, name);
          const done = lines
            .map((line) => JSON.parse(line) as Record<string, number | string>)
            .find((line) => line.message === 'batch done');
          assert.ok(done, `${name}: no "batch done" line in ${lines.join('\n')}`);
          assert.equal(done.records, records.length, name);
          assert.equal(
            done.records,
            Number(done.accepted) + Number(done.deadLettered) + Number(done.skipped),
            name,
          );
          assert.equal(done.accepted, records.filter((record) => record.kind === 'accepted').length, name);
        }
      }),
      { numRuns: 40 },
    );

    const store = new S3Bucket(await testS3Client(), config.s3.bucket);
    const archived = await archivedLines(store);
    const deadLetters = await deadLetterEntries(store);
    const wanted = (kind: Kind) =>
      [...expected]
        .filter(([, k]) => k === kind)
        .map(([id]) => id)
        .sort();
    assert.deepEqual(
      archived.map((line) => coordinates(line.kafka)).sort(),
      wanted('accepted'),
      'every accepted record archived exactly once',
    );
    assert.deepEqual(
      deadLetters.map((entry) => coordinates(entry.kafka)).sort(),
      wanted('deadLettered'),
      'dead letters once, none from the index',
    );
    assert.deepEqual(
      opensearch
        .documents()
        .map((document) => document.id.replace(/-(\d+)-(\d+)$/, '/$1/$2'))
        .sort(),
      wanted('accepted'),
      'every accepted record indexed exactly once',
    );
    for (const line of archived) {
      assert.ok(Object.values(TimestampSource).includes(line.timestampSource));
      if (line.timestampSource === TimestampSource.none)
        assert.equal(line['@timestamp'], '1970-01-01T00:00:00.000Z');
    }

    const deps = detectDepsFor(buildDetectContainer(config), new AbortController().signal);
    const state = await detectState(
      dynamoDetectListing({ client: createDynamoClient(config), table: config.dynamodb.table }),
    );
    const counted = new Map(
      state.windows.map((window) => [windowId(window.rule, window.group, window.windowStart), window.count]),
    );
    const oracle = windowOracle(archived as ArchiveLine[], deps.ruleSet.rules);
    assert.deepEqual(
      new Map([...oracle].map(([id, count]) => [id, count])),
      counted,
      'every accepted error counted once in each of its windows',
    );
    assert.ok(state.alerts.length > 0, 'some windows alerted');
  });
});
