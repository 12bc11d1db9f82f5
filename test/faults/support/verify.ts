// After a fault run: what each sink holds, read back from the sink itself (the OpenSearch double's
// documents, the archive and dead-letter objects from S3, the windows and alerts from DynamoDB, the
// posts the Slack double answered 200), compared with the topic and with the oracle.
import { gunzipSync } from 'node:zlib';
import { detectState } from '../../../functions/detect/state';
import { keys } from '../../../shared/adapters/dynamodb/keys';
import { decodeDeadLetterObject } from '../../../shared/adapters/s3/dead-letter-encoder';
import { S3Bucket } from '../../../shared/adapters/s3/s3-bucket';
import { formatAlert } from '../../../shared/alerts/format-alert';
import { Area } from '../../../shared/archive/keys';
import type { BatchRead } from '../../../shared/batch/types';
import { isNewRule } from '../../../shared/rules/new-errors/rule';
import { newErrorGroup, sightingsOf } from '../../../shared/rules/new-errors/sightings';
import { AlertStatus } from '../../../shared/rules/store';
import type { Rule } from '../../../shared/rules/types';
import { testS3Client } from '../../helpers/local-stack';
import { windowId, windowOracle } from '../../helpers/window-oracle';
import type { FaultRun, FunctionName, RecordClass } from './harness';
import { recordId } from './topic';

/** What a run's sinks hold against what they should hold. */
export interface RunCheck {
  readonly records: number;
  readonly accepted: number;
  readonly deadLettered: number;
  readonly skipped: number;
  /** Records (or counts) that should be somewhere and are not. */
  readonly lost: number;
  /** Copies beyond one: documents, window counts, Slack posts of one alert. */
  readonly duplicated: number;
  /** Alerts fired, and their Slack posts answered 200. */
  readonly alerts: number;
  readonly posts: number;
  /** Repeated posts the design allows: the alert's "sent" write was refused after Slack took the post. */
  readonly allowedRepeats: number;
  /** Archive lines beyond one per record: a retry cut differently rewrote the overlap (allowed, docs/archive.md). */
  readonly archiveCopies: number;
  /** Every problem found, worded for the assertion message. */
  readonly problems: string[];
  /** The detect path's state and the oracle's counts, for detailed assertions. */
  readonly windows: { actual: Map<string, number>; expected: Map<string, number> };
  readonly alerted: Set<string>;
  readonly rules: readonly Rule[];
}

const classOf = (read: BatchRead): Map<string, RecordClass> => {
  const classes = new Map<string, RecordClass>();
  for (const { record } of read.accepted) classes.set(recordId(record), 'accepted');
  for (const { record } of read.deadLettered) classes.set(recordId(record), 'deadLettered');
  for (const { record } of read.skipped) classes.set(recordId(record), 'skipped');
  return classes;
};

async function readArea(run: FaultRun, area: string): Promise<Array<{ key: string; body: Buffer }>> {
  const bucket = new S3Bucket(await testS3Client(), run.config.s3.bucket);
  const objects: Array<{ key: string; body: Buffer }> = [];
  for await (const object of bucket.list(area)) {
    const body = await bucket.get(object.key);
    if (body) objects.push({ key: object.key, body: Buffer.from(body) });
  }
  return objects;
}

/**
 * Reads every sink back and compares it with `expected` (the whole topic read once by the shared
 * decode step). `stuckIndexDeadLetters`: ids the OpenSearch double refuses for good (they must be in
 * the dead-letter area with stage `index`, not in the index).
 */
export async function checkRun(
  run: FaultRun,
  expected: BatchRead,
  stuckIndexDeadLetters: ReadonlySet<string> = new Set(),
): Promise<RunCheck> {
  const problems: string[] = [...run.violations];
  let lost = 0;
  let duplicated = 0;
  const expectedClasses = classOf(expected);
  const acceptedIds = [...expectedClasses].filter(([, c]) => c === 'accepted').map(([id]) => id);

  // 1. Every record accounted for, by every function, the same way as the oracle's read.
  for (const name of ['index', 'archive', 'detect'] as FunctionName[]) {
    const seen = run.classes[name];
    for (const [id, cls] of expectedClasses) {
      const got = seen.get(id);
      if (got === undefined) {
        lost += 1;
        problems.push(`${name}: record ${id} never delivered`);
      } else if (got !== cls) problems.push(`${name}: record ${id} is ${got}, expected ${cls}`);
    }
  }

  // 2. One document per accepted record (except the ones OpenSearch refuses for good).
  const docIds = run.opensearch.documents().map((doc) => doc.id);
  const docCount = new Map<string, number>();
  for (const id of docIds) docCount.set(id, (docCount.get(id) ?? 0) + 1);
  for (const id of acceptedIds) {
    const docId = `logs-${id.replace(':', '-')}`;
    const count = docCount.get(docId) ?? 0;
    if (stuckIndexDeadLetters.has(id)) {
      if (count !== 0) problems.push(`index: ${id} is refused for good yet indexed`);
      continue;
    }
    if (count === 0) {
      lost += 1;
      problems.push(`index: ${id} has no document`);
    }
    if (count > 1) duplicated += count - 1;
    docCount.delete(docId);
  }
  for (const [docId] of docCount) {
    if (![...stuckIndexDeadLetters].some((id) => `logs-${id.replace(':', '-')}` === docId))
      problems.push(`index: unexpected document ${docId}`);
  }

  // 3. The archive holds every accepted record; the dead-letter area every record set aside.
  const archived = new Map<string, number>();
  for (const { body } of await readArea(run, Area.archive)) {
    for (const line of gunzipSync(body).toString('utf8').split('\n')) {
      if (line === '') continue;
      const { kafka } = JSON.parse(line) as { kafka: { partition: number; offset: number } };
      const id = recordId(kafka);
      archived.set(id, (archived.get(id) ?? 0) + 1);
    }
  }
  let archiveCopies = 0;
  for (const id of acceptedIds) {
    const copies = archived.get(id) ?? 0;
    if (copies === 0) {
      lost += 1;
      problems.push(`archive: ${id} missing`);
    }
    archiveCopies += Math.max(0, copies - 1);
    archived.delete(id);
  }
  for (const [id] of archived) problems.push(`archive: ${id} archived but not accepted`);
  const deadLetters = new Map<string, string>();
  for (const { body } of await readArea(run, Area.deadLetter)) {
    for (const entry of decodeDeadLetterObject(body))
      deadLetters.set(recordId(entry.kafka), entry.stage ?? '');
  }
  for (const [id, cls] of expectedClasses) {
    if (cls === 'deadLettered' && deadLetters.get(id) !== 'decode') {
      lost += 1;
      problems.push(`dead-letter: ${id} missing`);
    }
  }
  for (const id of stuckIndexDeadLetters) {
    if (deadLetters.get(id) !== 'index') {
      lost += 1;
      problems.push(`dead-letter: ${id} (refused by OpenSearch) missing`);
    }
  }

  // 4. Window counts equal to the oracle's.
  const expectedWindows = windowOracle(
    expected.accepted.map(({ event }) => event),
    run.rules.rules,
  );
  const state = await detectState(run.readers.listing);
  const actualWindows = new Map(
    state.windows.map((w) => [windowId(w.rule, w.group, w.windowStart), w.count]),
  );
  for (const id of new Set([...expectedWindows.keys(), ...actualWindows.keys()])) {
    const want = expectedWindows.get(id) ?? 0;
    const got = actualWindows.get(id) ?? 0;
    if (got < want) lost += want - got;
    if (got > want) duplicated += got - want;
    if (got !== want) problems.push(`window ${id}: ${got}, oracle ${want}`);
  }

  // 5. Every alert delivered, exactly once, by text (the Slack double's 200 answers).
  const stored = await run.readers.listing.listAlerts();
  // A `type: new` rule: one alert per distinct fingerprint of the accepted records, no more, no less.
  const newRules = run.rules.rules.filter(isNewRule);
  const kinds = sightingsOf(expected.accepted, newRules).map((s) => `${s.rule.name}|${newErrorGroup(s)}`);
  const fresh = stored
    .filter(({ key }) => newRules.some((rule) => rule.name === key.rule))
    .map(({ key }) => `${key.rule}|${key.group}`);
  for (const kind of kinds.filter((k) => !fresh.includes(k)))
    problems.push(`new error ${kind} never alerted`);
  for (const kind of fresh.filter((k, i) => fresh.indexOf(k) !== i || !kinds.includes(k)))
    problems.push(`new error ${kind} alerted twice or never seen`);
  const alerted = new Set(
    stored.map(({ key }) => windowId(key.rule, key.group, new Date(key.windowStart).toISOString())),
  );
  const posted = new Map<string, number>();
  for (const json of run.slack.delivered()) {
    const text = (json as { text?: string }).text ?? '';
    posted.set(text, (posted.get(text) ?? 0) + 1);
  }
  // Texts Slack took while sluice had stopped waiting for the answer: the unknown outcome of docs/detect.md.
  const unanswered = new Set(
    run.slack.posts
      .filter((post) => post.answeredAfterGiveUp)
      .map((post) => (post.json as { text?: string } | undefined)?.text ?? ''),
  );
  let posts = 0;
  let allowedRepeats = 0;
  for (const alert of stored) {
    const id = windowId(alert.key.rule, alert.key.group, new Date(alert.key.windowStart).toISOString());
    if (alert.status !== AlertStatus.sent) problems.push(`alert ${id} still ${alert.status}`);
    const text = formatAlert(alert.alert, run.readers.links(alert.alert)).text;
    const count = posted.get(text) ?? 0;
    posted.delete(text);
    posts += count;
    if (count === 0) {
      lost += 1;
      problems.push(`alert ${id} never posted`);
    }
    if (count > 1) {
      const { pk, sk } = keys.alert(alert.key);
      if (run.dynamodb.refusedSentWrites.has(`${pk}|${sk}`) || unanswered.has(text))
        allowedRepeats += count - 1;
      else {
        duplicated += count - 1;
        problems.push(`alert ${id} posted ${count} times`);
      }
    }
  }
  for (const [text, count] of posted)
    problems.push(`${count} post(s) of no stored alert: ${text.slice(0, 80)}`);

  // 6. No secret in any line the functions logged, failures and retries included.
  const secrets = [run.slack.url, new URL(run.slack.url).pathname, run.config.credentials?.secretAccessKey];
  for (const secret of secrets) {
    if (secret && run.logs.some((line) => line.includes(secret)))
      problems.push(`a log line holds a secret (${secret.length} chars)`);
  }

  return {
    records: expected.counts.records,
    accepted: expected.counts.accepted,
    deadLettered: expected.counts.deadLettered,
    skipped: expected.counts.skipped,
    lost,
    duplicated,
    alerts: stored.length,
    posts,
    allowedRepeats,
    archiveCopies,
    problems,
    windows: { actual: actualWindows, expected: expectedWindows },
    alerted,
    rules: run.rules.rules,
  };
}
