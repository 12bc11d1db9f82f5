// Known logs on a Kafka topic, and what the consumer groups committed, for the tests that run the
// Kafka tools against the mock cluster (test/helpers/kafka-mock.ts).
import { Kafka, logLevel, type Message } from 'kafkajs';

/** What a topic was given, so that tests can state the exact outcome. */
export interface WrittenLogs {
  readonly records: number;
  /** Records that normalize into a log. */
  readonly accepted: number;
  /** Binary values (NUL bytes): dead-lettered `binary`. */
  readonly deadLettered: number;
  /** Tombstones (null values): skipped. */
  readonly skipped: number;
  /** ERROR logs per pathname; all of them fall in one 10 s window. */
  readonly errorsByPathname: Readonly<Record<string, number>>;
}

export interface LogSpec {
  readonly records: number;
  readonly pathnames?: readonly string[];
  /** Every n-th record is an error (default 3). */
  readonly errorEvery?: number;
  /** Every n-th record is a binary value (default: none). */
  readonly binaryEvery?: number;
  /** Every n-th record is a tombstone (default: none). */
  readonly tombstoneEvery?: number;
  /** Records per producer.send (each send is one record batch per partition on the broker). */
  readonly perSend?: number;
  /** Numbering starts here, so that two writes to one topic differ. */
  readonly from?: number;
  /** Wait between sends: a producer writing over time rather than at once. */
  readonly pauseMs?: number;
  /** The 10 s window the logs fall in (default `logWindowStart()`); give one to write twice into it. */
  readonly windowStart?: number;
}

/** The start of the 10 s window every test log falls in: a minute ago, aligned. */
export const logWindowStart = (now = Date.now()): number => Math.floor(now / 10_000) * 10_000 - 60_000;

export const kafkaClient = (brokers: readonly string[]): Kafka =>
  new Kafka({ clientId: 'sluice-test', brokers: [...brokers], logLevel: logLevel.NOTHING });

/**
 * Writes `spec.records` records keyed by pathname (so each pathname's logs stay on one partition),
 * in sends of `perSend`, and says what they should become.
 *
 * @example
 * const written = await writeLogs(brokers, topic, { records: 600, binaryEvery: 97 });
 */
export async function writeLogs(
  brokers: readonly string[],
  topic: string,
  spec: LogSpec,
): Promise<WrittenLogs> {
  const pathnames = spec.pathnames ?? ['/app/orders/checkout.py', '/app/payments/gateway.py'];
  const base = spec.windowStart ?? logWindowStart();
  const counts = { accepted: 0, deadLettered: 0, skipped: 0 };
  const errorsByPathname: Record<string, number> = {};
  const messages: Message[] = [];
  for (let n = spec.from ?? 0; n < (spec.from ?? 0) + spec.records; n += 1) {
    const pathname = pathnames[n % pathnames.length] as string;
    const timestamp = base + (n % 9000);
    if (spec.tombstoneEvery && n % spec.tombstoneEvery === spec.tombstoneEvery - 1) {
      counts.skipped += 1;
      messages.push({ key: pathname, value: null, timestamp: String(timestamp) });
      continue;
    }
    if (spec.binaryEvery && n % spec.binaryEvery === spec.binaryEvery - 1) {
      counts.deadLettered += 1;
      messages.push({
        key: pathname,
        value: Buffer.from([0, 159, 146, 150, n % 256]),
        timestamp: String(timestamp),
      });
      continue;
    }
    const error = n % (spec.errorEvery ?? 3) === 0;
    if (error) errorsByPathname[pathname] = (errorsByPathname[pathname] ?? 0) + 1;
    counts.accepted += 1;
    const value = JSON.stringify({
      timestamp: new Date(timestamp).toISOString(),
      levelname: error ? 'ERROR' : 'INFO',
      message: error ? `payment provider timed out (${n})` : `order ${n} accepted`,
      pathname,
      lineno: 42,
    });
    messages.push({ key: pathname, value, timestamp: String(timestamp) });
  }
  const producer = kafkaClient(brokers).producer({ allowAutoTopicCreation: true });
  await producer.connect();
  try {
    const perSend = spec.perSend ?? 100;
    for (let i = 0; i < messages.length; i += perSend) {
      await producer.send({ topic, acks: -1, messages: messages.slice(i, i + perSend) });
      if (spec.pauseMs) await new Promise((resolve) => setTimeout(resolve, spec.pauseMs));
    }
  } finally {
    await producer.disconnect();
  }
  return { records: messages.length, ...counts, errorsByPathname };
}

/** What two writes to one topic should become together. */
export function bothWrites(a: WrittenLogs, b: WrittenLogs): WrittenLogs {
  const errorsByPathname: Record<string, number> = { ...a.errorsByPathname };
  for (const [pathname, count] of Object.entries(b.errorsByPathname)) {
    errorsByPathname[pathname] = (errorsByPathname[pathname] ?? 0) + count;
  }
  return {
    records: a.records + b.records,
    accepted: a.accepted + b.accepted,
    deadLettered: a.deadLettered + b.deadLettered,
    skipped: a.skipped + b.skipped,
    errorsByPathname,
  };
}

/** Offsets by partition: the topic's ends, or what a group committed (-1 where it has not). */
export type Offsets = Readonly<Record<number, number>>;

export async function topicEnds(brokers: readonly string[], topic: string): Promise<Offsets> {
  const admin = kafkaClient(brokers).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return Object.fromEntries(offsets.map((o) => [o.partition, Number(o.high)]));
  } finally {
    await admin.disconnect();
  }
}

export async function committedOffsets(
  brokers: readonly string[],
  groupId: string,
  topic: string,
): Promise<Offsets> {
  const admin = kafkaClient(brokers).admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Object.fromEntries((entry?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  } finally {
    await admin.disconnect();
  }
}

/** True when the group has committed every partition to its end (an empty partition needs nothing). */
export const caughtUp = (committed: Offsets, ends: Offsets): boolean =>
  Object.entries(ends).every(([partition, end]) => end === 0 || committed[Number(partition)] === end);

/**
 * Waits until every group committed the whole topic; rejects after `timeoutMs` with what each group
 * committed.
 */
export async function waitCommitted(
  brokers: readonly string[],
  groups: readonly string[],
  topic: string,
  timeoutMs = 60_000,
): Promise<void> {
  const ends = await topicEnds(brokers, topic);
  const deadline = Date.now() + timeoutMs;
  let last: Record<string, Offsets> = {};
  while (Date.now() < deadline) {
    last = Object.fromEntries(
      await Promise.all(groups.map(async (g) => [g, await committedOffsets(brokers, g, topic)] as const)),
    );
    if (groups.every((g) => caughtUp(last[g] ?? {}, ends))) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `groups did not commit ${topic} to its end ${JSON.stringify(ends)} in ${timeoutMs} ms: ${JSON.stringify(last)}`,
  );
}
