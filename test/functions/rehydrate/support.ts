// A local stack world for rehydrate tests: a fresh bucket and table on the test stack (Swift's S3 API,
// DynamoDB Local), an OpenSearch double, records archived by the real archive function, and a driver
// that runs the rehydrate handler the way Lambda would, invocation after invocation.
import type { Context } from 'aws-lambda';
import { localContext } from '../../../cli/invoke/lambda-context';
import { type RecordToSend, toMskEvent } from '../../../cli/sim/msk-event';
import { createArchiveHandler } from '../../../functions/archive/create-handler';
import { createIndexHandler } from '../../../functions/index/create-handler';
import {
  createRehydrateHandler,
  type RehydrateHandlerOptions,
} from '../../../functions/rehydrate/create-handler';
import type { DocumentWriter, RehydrateResult } from '../../../functions/rehydrate/types';
import { OpenSearchBulkWriter } from '../../../shared/adapters/opensearch/bulk-writer';
import { clientForConfig } from '../../../shared/adapters/opensearch/client';
import { clientBulkTransport } from '../../../shared/adapters/opensearch/client-transport';
import type { SluiceConfig } from '../../../shared/config';
import { freshBucket, freshTable, testConfig } from '../../helpers/local-stack';
import { OpenSearchDouble } from '../../helpers/opensearch-double';

/** 2026-11-22T09:00:00Z: the first record's Kafka (and log) time. */
export const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);
const MINUTE = 60_000;

/** One simulated log: what the archive will hold, and the fields the filters look at. */
export interface SentLog extends RecordToSend {
  readonly level: 'error' | 'info';
  readonly service: string;
  readonly pathname: string;
}

/**
 * `count` JSON logs on one partition, one every 4 minutes from `T0` (3 hours for 45), log time equal
 * to Kafka time; levels, services and pathnames cycle so every filter has something to keep and drop.
 */
export function logs(partition: number, count = 45, firstOffset = 0): SentLog[] {
  return Array.from({ length: count }, (_, i) => {
    const timestamp = T0 + i * 4 * MINUTE + partition * 1_000;
    const level = i % 3 === 0 ? 'error' : 'info';
    const service = i % 2 === 0 ? 'orders' : 'payments';
    const pathname = i % 4 === 0 ? '/app/orders/checkout.py' : '/app/payments/gateway.py';
    const value = JSON.stringify({
      time: timestamp,
      level,
      message: `event ${partition}-${i}`,
      pathname,
      lineno: 10 + i,
      service,
      request_id: `r${i}`,
    });
    return { topic: 'logs', partition, offset: firstOffset + i, timestamp, value, level, service, pathname };
  });
}

/** Everything a test needs, on fresh names. */
export interface World {
  readonly config: SluiceConfig;
  readonly opensearch: OpenSearchDouble;
  close(): Promise<void>;
}

export async function world(name: string): Promise<World> {
  const opensearch = await OpenSearchDouble.start();
  const base = await testConfig({ bucket: await freshBucket(name), table: await freshTable(name) });
  const config: SluiceConfig = {
    ...base,
    opensearch: { ...base.opensearch, url: opensearch.url, signing: 'none' },
  };
  return { config, opensearch, close: () => opensearch.close() };
}

const quiet = { logSink: () => undefined };

/** Runs batches through the real archive function's handler, one invocation each, in order. */
export async function archive(
  config: SluiceConfig,
  batches: readonly (readonly RecordToSend[])[],
): Promise<void> {
  const handler = createArchiveHandler(config, quiet);
  for (const batch of batches) await handler(toMskEvent(batch), localContext('archive', 300_000));
  await handler.close();
}

/** Runs batches through the real index function's handler (live indexing), one invocation each. */
export async function indexLive(
  config: SluiceConfig,
  batches: readonly (readonly RecordToSend[])[],
): Promise<void> {
  const handler = createIndexHandler(config, quiet);
  for (const batch of batches) await handler(toMskEvent(batch), localContext('index', 120_000));
  await handler.close();
}

/** `batches` of at most `size` records each, in order. */
export const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

export interface Driven {
  readonly results: RehydrateResult[];
  /** The events the run sent itself (continuations). */
  readonly continuations: Record<string, unknown>[];
}

/**
 * Runs a rehydrate from `event` to its end as Lambda would: each event the run sends itself is the
 * next invocation, with a fresh context from `context()` (default: the deployed 15 minutes).
 */
export async function drive(
  config: SluiceConfig,
  event: Record<string, unknown>,
  options: RehydrateHandlerOptions = {},
  context: () => Context = () => localContext('rehydrate', 900_000),
): Promise<Driven> {
  const queue: Record<string, unknown>[] = [event];
  const continuations: Record<string, unknown>[] = [];
  const handler = createRehydrateHandler(config, {
    ...quiet,
    invoke: async (_name, next) => {
      continuations.push(next as Record<string, unknown>);
      queue.push(next as Record<string, unknown>);
    },
    ...options,
  });
  const results: RehydrateResult[] = [];
  try {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      results.push(await handler(next, context()));
    }
  } finally {
    await handler.close();
  }
  return { results, continuations };
}

/** The last result of a drive (the run's final state). */
export const lastOf = (driven: Driven): RehydrateResult =>
  driven.results[driven.results.length - 1] as RehydrateResult;

/** A bulk writer on the real client that fails its `failAt`-th write after sending `sent` of its documents. */
export interface FailingWriter {
  readonly writer: DocumentWriter;
  /** Writes asked for so far. */
  writes(): number;
  close(): Promise<void>;
}

/**
 * The real bulk writer on `config`'s OpenSearch, except that write number `failAt` sends the first
 * `share` of its documents and then throws `message`: a process that dies, or an invocation that
 * fails, in the middle of a step.
 *
 * @example
 * const failing = failingWriter(config, 3, 0.5, 'the process died');
 * await drive(config, event, { writer: failing.writer });
 */
export function failingWriter(
  config: SluiceConfig,
  failAt: number,
  share: number,
  message: string,
): FailingWriter {
  const client = clientForConfig(config, config.opensearch.url as string);
  const real = new OpenSearchBulkWriter({ transport: clientBulkTransport(client) });
  let writes = 0;
  return {
    writer: {
      async write(documents, budget) {
        writes += 1;
        if (writes !== failAt) return real.write(documents, budget);
        if (share > 0) await real.write(documents.slice(0, Math.ceil(documents.length * share)), budget);
        throw new Error(message);
      },
    },
    writes: () => writes,
    close: () => client.close(),
  };
}
