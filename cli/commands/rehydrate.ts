import { resolve } from 'node:path';
import { createRehydrateHandler } from '../../functions/rehydrate/create-handler';
import type { RehydrateResult } from '../../functions/rehydrate/types';
import { startLocalStack } from '../../infra/local/stack';
import { createDynamoClient } from '../../shared/adapters/dynamodb/client';
import { DynamoCheckpoints } from '../../shared/adapters/dynamodb/rehydrate-checkpoints';
import { indexPrefixProblem } from '../../shared/adapters/opensearch/naming';
import { loadConfig } from '../../shared/config';
import { TransientSinkError } from '../../shared/errors';
import { parseLevels } from '../../shared/logs/event-filter';
import { parseSince } from '../../shared/time';
import { parseCommandArgs } from '../args';
import { type Command, UsageError } from '../command';
import { openHandlerLog } from '../invoke/handler-log';
import { localContext } from '../invoke/lambda-context';
import { deployedTimeoutsMs } from '../invoke/local-functions';
import { type ProgressStream, progressDisplay } from '../rehydrate/progress';
import { formatStatus, formatSummary, summaryJson } from '../rehydrate/report';
import { createTargetIndex } from '../rehydrate/target-index';

const help = `
Usage: sluice rehydrate --since T --until T [--level L] [--service S] [--pathname P]
                        [--index NAME] [--dry-run] [--restart] [--data-dir DIR] [--json] [--verbose]
       sluice rehydrate --status [--data-dir DIR] [--json]
       sluice rehydrate --index NAME --create-index

Puts archived logs back into OpenSearch: lists only the archive's hour partitions of the range (an
hour wider on each side, since partitions are Kafka time), reads the gzip NDJSON objects, keeps the
events whose @timestamp is in [since, until) and that match the filters, and indexes them with the
ids and daily indices live indexing uses, so a second run, or a range live indexing also covered,
adds no duplicate. Runs the rehydrate function's own handler here, step by step, with a checkpoint in
the sluice table (the embedded stack's DynamoDB Local, kept in DIR): Ctrl-C, or a crash, and the
same command again continues where it stopped. Records OpenSearch can never take go to the
dead-letter area (stage index), as live indexing's do. A progress bar on a terminal, plain lines
otherwise; a summary at the end.

  --since T, --until T   event time range: a date or time (2026-11-22, 2026-11-22T10:00Z; UTC unless
                         an offset is given) or a duration back from now (24h); until is exclusive
  --level L              levels, comma-separated; "warn+" for warn and above
  --service S, --pathname P
                         exact values, or globs with * (--pathname '*checkout.py')
  --index NAME           into this index instead of the daily ones, created first from the sluice
                         index template if missing, so a rebuild can be checked before it replaces
                         anything; with --create-index it only creates it (before a run in AWS)
  --dry-run              read and count what would be indexed; write nothing
  --restart              run a finished run again from the start (nothing is duplicated)
  --status               the progress of every run kept (local runs, or those of the rehydrate
                         function when AWS_ENDPOINT_URL_DYNAMODB and SLUICE_TABLE name the stack's table)
  --data-dir DIR         the embedded stack's state (default .sluice/)
  --json                 print the summary (or the runs) as JSON
  --verbose              the handler's log and metric lines on stderr instead of DIR/functions.log

Exit code 0 when the run is done, 1 when it stopped (see the last error), 130 when interrupted.
Large ranges run in AWS: serverless invoke -f rehydrate --data '{"since": …, "until": …}'.
See docs/archive.md#rehydrate.
`;

type Env = Readonly<Record<string, string | undefined>>;

/** Where `sluice rehydrate` reads and writes; the process's own unless a test says otherwise. */
export interface RehydrateIo {
  readonly env?: Env;
  readonly stdout?: { write(text: string): unknown };
  readonly stderr?: ProgressStream;
  /** Asks the run to stop after the step in hand (default: the first Ctrl-C or SIGTERM). */
  readonly interrupt?: AbortSignal;
  readonly now?: () => number;
}

const flags = {
  since: { type: 'string' },
  until: { type: 'string' },
  level: { type: 'string' },
  service: { type: 'string' },
  pathname: { type: 'string' },
  index: { type: 'string' },
  'create-index': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  restart: { type: 'boolean' },
  status: { type: 'boolean' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
} as const;

const usage = (message: string): never => {
  throw new UsageError(`sluice rehydrate: ${message} (see sluice rehydrate --help)`);
};

function time(flag: string, text: string | undefined, now: number): string {
  if (text === undefined) return usage(`${flag} is required`);
  const ms = parseSince(text, now);
  if (ms === undefined)
    return usage(
      `${flag} must be a date, a time or a duration back from now (2026-11-22, 2026-11-22T10:00Z, 24h), got "${text}"`,
    );
  return new Date(ms).toISOString();
}

type Values = ReturnType<typeof parseCommandArgs<typeof flags>>['values'];

/** The function's event for the flags; checked here so mistakes read as flags, not event fields. */
function eventOf(values: Values, now: number): Record<string, unknown> {
  const since = time('--since', values.since, now);
  const until = time('--until', values.until, now);
  if (since >= until) usage(`--since (${since}) must be before --until (${until})`);
  if (values.level !== undefined && parseLevels(values.level) === undefined)
    usage(
      `--level takes trace, debug, info, warn, error, fatal or unknown (a comma list; "warn+" for warn and above), got "${values.level}"`,
    );
  for (const [flag, value] of [
    ['--service', values.service],
    ['--pathname', values.pathname],
  ] as const) {
    if (value === '') usage(`${flag} must not be empty`);
  }
  const problem = values.index === undefined ? undefined : indexPrefixProblem(values.index);
  if (problem !== undefined) usage(`--index ${problem}, got "${values.index}"`);
  return {
    since,
    until,
    ...(values.level === undefined ? {} : { level: values.level }),
    ...(values.service === undefined ? {} : { service: values.service }),
    ...(values.pathname === undefined ? {} : { pathname: values.pathname }),
    ...(values.index === undefined ? {} : { index: values.index }),
    ...(values['dry-run'] ? { dryRun: true } : {}),
    ...(values.restart ? { restart: true } : {}),
  };
}

/** The first Ctrl-C (or SIGTERM) asks for a stop after the step in hand; a second one quits at once. */
function interruptOnSignals(say: (line: string) => void): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    say('stopping after the step in hand (Ctrl-C again quits now; the checkpoint keeps what is done)');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

const exitCodes: Record<RehydrateResult['outcome'], number> = {
  done: 0,
  'already-done': 0,
  continuing: 0,
  interrupted: 130,
  stopped: 1,
  stale: 1,
  superseded: 1,
};

/**
 * `sluice rehydrate` with its input and output given: what the registered command runs.
 *
 * @example
 * const code = await runRehydrateCommand(['--since', '2026-11-22', '--until', '2026-11-23', '--json']);
 */
export async function runRehydrateCommand(argv: readonly string[], io: RehydrateIo = {}): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, flags, 'rehydrate');
  if (positionals.length > 0) usage(`unexpected argument "${positionals[0]}"`);
  const env = io.env ?? process.env;
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const say = (line: string) => {
    stderr.write(`${line}\n`);
  };
  const dataDir = resolve(values['data-dir'] ?? '.sluice');
  const initial = loadConfig(env);

  if (values.status) {
    const stack = await startLocalStack({ dataDir }, initial);
    const config = loadConfig({ ...env, ...stack.env });
    const dynamo = createDynamoClient(config);
    try {
      const runs = await new DynamoCheckpoints({ client: dynamo, table: config.dynamodb.table }).list();
      stdout.write(values.json ? `${JSON.stringify(runs)}\n` : formatStatus(runs));
      return 0;
    } finally {
      dynamo.destroy();
      await stack.stop();
    }
  }
  const created = (action: string, name: string) =>
    say(`index ${name}: ${action === 'created' ? 'created from the sluice index template' : 'exists'}`);
  if (values['create-index']) {
    const name = values.index ?? usage('--create-index needs --index NAME');
    const problem = indexPrefixProblem(name);
    if (problem !== undefined) usage(`--index ${problem}, got "${name}"`);
    created(await createTargetIndex(initial, name), name);
    return 0;
  }
  const event = eventOf(values, (io.now ?? Date.now)());

  const stack = await startLocalStack({ dataDir, log: say }, initial);
  const handlerLog = openHandlerLog(dataDir, values.verbose === true);
  const signals = io.interrupt ? undefined : interruptOnSignals(say);
  const interrupt = io.interrupt ?? (signals as { signal: AbortSignal }).signal;
  const config = loadConfig({ ...env, ...stack.env });
  const queue: Record<string, unknown>[] = [event];
  const progress = progressDisplay(stderr);
  const handler = createRehydrateHandler(config, {
    logSink: handlerLog.sink,
    invoke: async (_name, next) => {
      queue.push(next as Record<string, unknown>);
    },
    shouldStop: () => interrupt.aborted,
    onProgress: progress.update,
  });
  try {
    if (values.index !== undefined && !values['dry-run'])
      created(await createTargetIndex(config, values.index), values.index);
    let result: RehydrateResult | undefined;
    try {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        const context = localContext('rehydrate', deployedTimeoutsMs.rehydrate);
        result = (await handler(next, context)) as RehydrateResult;
      }
    } catch (error) {
      progress.done();
      if (!(error instanceof TransientSinkError)) throw error;
      throw new TransientSinkError(
        `${error.message}; what is done is kept: run the same command again to resume`,
        { cause: error },
      );
    }
    progress.done();
    const last = result as RehydrateResult;
    stdout.write(values.json ? `${JSON.stringify(summaryJson(last))}\n` : formatSummary(last));
    return exitCodes[last.outcome];
  } finally {
    signals?.release();
    await handler.close();
    await handlerLog.close();
    await stack.stop();
  }
}

/** `sluice rehydrate`: archived logs back into OpenSearch, resumable; `--status` for the runs. */
export const rehydrateCommand: Command = {
  name: 'rehydrate',
  summary: 'put archived logs of a time range back into OpenSearch (resumable; --status)',
  help,
  run: (argv) => runRehydrateCommand(argv),
};
