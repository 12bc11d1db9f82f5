import { seededRandom } from '../../../cli/sim/random';
// Drives one scenario: builds the topic, runs the three event source mappings and a sweeper
// concurrently while the scenario injects its faults, then lets everything recover (faults off, the
// sweeper run minute after minute) and reads every sink back.
import { emptyMappingStats, type MappingStats, runMapping } from './event-source-mapping';
import { type FaultRun, type FunctionName, openFaultRun } from './harness';
import { ProxyMode } from './tcp-fault-proxy';
import { buildTopic, mskEventOf, recordId, type TopicRecord } from './topic';
import { checkRun, type RunCheck } from './verify';

/** A seedable PRNG: a scenario replays the same faults for the same seed. */
export const seeded = seededRandom;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What an injector sees while the mappings run. */
export interface InjectContext {
  readonly run: FaultRun;
  readonly random: () => number;
  readonly partitions: readonly (readonly TopicRecord[])[];
  /** Share of the topic's records a function has had delivered so far (redeliveries count too). */
  progress(name: FunctionName): number;
  /** True once every mapping has committed the whole topic. */
  finished(): boolean;
}

export interface Scenario {
  readonly name: string;
  readonly records: number;
  readonly partitions?: number;
  readonly reportBatchItemFailures?: boolean;
  readonly opensearchMaxBodyBytes?: number;
  /** Chance that a commit is lost after a successful batch (default 0.05). */
  readonly lostCommitShare?: number;
  /** Most records per batch, per function (defaults: index 300, archive 600, detect 120). */
  readonly batchSize?: Partial<Record<FunctionName, number>>;
  /** The function's timeout for one invocation (default 60 s). */
  readonly timeoutMs?: (name: FunctionName, random: () => number) => number;
  /** Extra values to put on the topic. */
  readonly extra?: readonly string[];
  /** Records OpenSearch must refuse for good: returns their ids (`partition:offset`), after scripting it. */
  readonly refuseForGood?: (run: FaultRun, accepted: readonly string[], random: () => number) => string[];
  /** Injects faults while the mappings run; resolves when it has nothing left to inject. */
  readonly inject?: (context: InjectContext) => Promise<void>;
  /** Breaks the mappings: failed batches are committed (to show that the checks catch losses). */
  readonly commitFailed?: boolean;
  /** Runs after recovery, before the sinks are read back (to tamper with them in the checks' own test). */
  readonly beforeCheck?: (run: FaultRun) => Promise<void>;
}

/** The figures of one scenario, as the test prints them and docs/reliability.md records them. */
export interface ScenarioFigures {
  readonly scenario: string;
  readonly faults: Record<string, number>;
  readonly check: RunCheck;
  readonly mappings: Record<FunctionName, MappingStats>;
  readonly conditionalConflicts: number;
  readonly sweeps: number;
  readonly seconds: number;
}

const defaultBatch: Record<FunctionName, number> = { index: 300, archive: 600, detect: 120 };

/** Faults the run's doubles and proxies saw, by kind. */
function faultsSeen(run: FaultRun, mappings: Record<FunctionName, MappingStats>): Record<string, number> {
  const bulk = run.opensearch.bulkRequests();
  const requestFaults = bulk.filter((r) => r.status !== 200).length;
  const itemFaults = bulk.flatMap((r) => r.actions).filter((a) => a.status === 429 || a.status >= 500).length;
  const s3 = run.s3.stats;
  const timeouts = Object.values(mappings).reduce((sum, m) => sum + m.timedOut, 0);
  const lostCommits = Object.values(mappings).reduce((sum, m) => sum + m.lostCommits, 0);
  return {
    opensearchRequests: requestFaults,
    opensearchItems: itemFaults,
    s3: s3.outages + s3.cut + s3.dropped + s3.unavailable + s3.hung,
    dynamodbThrottles: run.dynamodb.stats.throttled,
    slack: run.slack.posts.filter((p) => p.status !== 200).length,
    timeouts,
    lostCommits,
  };
}

/** Runs `scenario` with `seed`; resolves to its figures (assertions are the caller's). */
export async function runScenario(scenario: Scenario, seed: number): Promise<ScenarioFigures> {
  const started = Date.now();
  const random = seeded(seed);
  const run = await openFaultRun({
    random: seeded(seed + 1),
    ...(scenario.reportBatchItemFailures ? { reportBatchItemFailures: true } : {}),
    ...(scenario.opensearchMaxBodyBytes ? { opensearchMaxBodyBytes: scenario.opensearchMaxBodyBytes } : {}),
  });
  try {
    const partitions = buildTopic({
      records: scenario.records,
      partitions: scenario.partitions ?? 4,
      startMs: Date.UTC(2026, 10, 22, 12, 0, 0),
      maxRecordBytes: run.config.maxRecordBytes,
      random,
      ...(scenario.extra ? { extra: scenario.extra } : {}),
    });
    const all = partitions.flat();
    const expected = run.readAll(mskEventOf(all));
    const refused = new Set(
      scenario.refuseForGood?.(
        run,
        expected.accepted.map(({ record }) => recordId(record)),
        random,
      ) ?? [],
    );
    const mappings: Record<FunctionName, MappingStats> = {
      index: emptyMappingStats(),
      archive: emptyMappingStats(),
      detect: emptyMappingStats(),
    };
    let finished = false;
    const context: InjectContext = {
      run,
      random,
      partitions,
      progress: (name) => mappings[name].recordsDelivered / all.length,
      finished: () => finished,
    };
    let sweeps = 0;
    const sweeper = (async () => {
      // The schedule's sweeper, on the real clock: it may meet detect delivering the same alerts.
      while (!finished) {
        await sleep(250);
        await run.sweepOnce(Date.now);
        sweeps += 1;
      }
    })();
    const injecting = scenario.inject?.(context) ?? Promise.resolve();
    const names: FunctionName[] = ['index', 'archive', 'detect'];
    try {
      await Promise.all(
        names.map((name) => {
          const stream = seeded(seed + 10 + names.indexOf(name));
          return runMapping(
            {
              name,
              partitions,
              invoke: run.handlers[name],
              random: stream,
              batchSize: scenario.batchSize?.[name] ?? defaultBatch[name],
              pollers: partitions.length,
              lostCommitShare: scenario.lostCommitShare ?? 0.05,
              timeoutMs: () => scenario.timeoutMs?.(name, stream) ?? 60_000,
              ...(scenario.commitFailed ? { commitFailed: true } : {}),
            },
            mappings[name],
          );
        }),
      );
    } finally {
      finished = true;
      await injecting;
      await sweeper;
    }
    // Recovery: every fault off, then the sweeper minute after minute (on a clock moved ahead, so
    // backoffs and Retry-After have passed) until the outbox is empty.
    await run.s3.setMode(ProxyMode.pass);
    run.dynamodb.throttleShare = 0;
    run.dynamodb.storm = false;
    run.opensearch.clearFaults();
    for (let minute = 1; minute <= 20; minute += 1) {
      await run.sweepOnce(() => Date.now() + minute * 16 * 60_000);
      sweeps += 1;
      const alerts = await run.readers.listing.listAlerts();
      if (alerts.every((alert) => alert.status === 'sent')) break;
    }
    if (process.env.FAULTS_DEBUG) {
      for (const line of run.logs.filter((l) => l.includes('invocation failed')))
        process.stderr.write(`${line.slice(0, 400)}\n`);
    }
    await scenario.beforeCheck?.(run);
    const check = await checkRun(run, expected, refused);
    return {
      scenario: scenario.name,
      faults: faultsSeen(run, mappings),
      check,
      mappings,
      conditionalConflicts: run.dynamodb.stats.conditionalFailures + run.dynamodb.stats.transactionsCancelled,
      sweeps,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
  } finally {
    await run.close();
  }
}

/** One line of figures for the test output and the docs. */
export function describeFigures(figures: ScenarioFigures): string {
  const { check } = figures;
  const faults = Object.entries(figures.faults)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  const m = figures.mappings;
  const invocations = (['index', 'archive', 'detect'] as const)
    .map(
      (name) =>
        `${name} ${m[name].invocations} (${m[name].failed} failed, ${m[name].partial} partial, ${m[name].timedOut} timed out)`,
    )
    .join(', ');
  return [
    `${figures.scenario}: faults injected: ${faults || 'none'}`,
    `records ${check.records} (accepted ${check.accepted}, dead-lettered ${check.deadLettered}, skipped ${check.skipped})`,
    `lost: ${check.lost}, duplicated: ${check.duplicated}`,
    `alerts ${check.alerts}, posts ${check.posts}${check.allowedRepeats ? ` (${check.allowedRepeats} allowed repeats)` : ''}`,
    `invocations: ${invocations}`,
    `conditional conflicts ${figures.conditionalConflicts}, archive copies from re-cut retries ${check.archiveCopies}, sweeps ${figures.sweeps}, ${figures.seconds} s`,
  ].join('; ');
}
