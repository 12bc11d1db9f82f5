import type { RehydrateResult } from '../../functions/rehydrate/types';
import {
  addCounts,
  noCounts,
  type RehydrateArgs,
  type RehydrateCounts,
  type RunCheckpoint,
} from '../../shared/rehydrate/checkpoint';

const numbers = new Intl.NumberFormat('en-US');
const n = (value: number): string => numbers.format(value);

/** The run's counts with the step it could not finish: every record read is in exactly one term. */
export function summaryCounts(result: RehydrateResult): RehydrateCounts {
  return addCounts(result.checkpoint?.counts ?? noCounts, result.unfinished ?? noCounts);
}

/** `2026-11-22T10:00:00.000Z to …, level error, service orders → daily indices logs-*` */
export function describeArgs(args: RehydrateArgs): string {
  const filters = [
    args.levels ? `level ${args.levels.join(',')}` : '',
    args.service ? `service ${args.service}` : '',
    args.pathname ? `pathname ${args.pathname}` : '',
  ].filter(Boolean);
  const target = args.index ? `index ${args.index}` : `daily indices ${args.indexPrefix}*`;
  return `${args.since} to ${args.until}${filters.length ? `, ${filters.join(', ')}` : ''} → ${target}${args.dryRun ? ' (dry run)' : ''}`;
}

/** A value as a shell word: as it is when it is safe, else in single quotes (globs stay unexpanded). */
const quote = (value: string): string =>
  /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * The command that runs (or resumes) exactly this run: absolute times, so it finds the same checkpoint.
 *
 * @example
 * resumeCommand(checkpoint.args); // "sluice rehydrate --since 2026-11-22T10:00:00.000Z --until … --level error"
 */
export function resumeCommand(args: RehydrateArgs): string {
  return [
    'sluice rehydrate',
    `--since ${args.since}`,
    `--until ${args.until}`,
    args.levels ? `--level ${args.levels.join(',')}` : '',
    args.service ? `--service ${quote(args.service)}` : '',
    args.pathname ? `--pathname ${quote(args.pathname)}` : '',
    args.index ? `--index ${args.index}` : '',
    args.dryRun ? '--dry-run' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** The accounting of a run, one line per law. */
export function formatCounts(counts: RehydrateCounts, dryRun: boolean): string[] {
  const lines = [
    `${n(counts.objects)} archive objects, ${n(counts.lines)} lines = ${n(counts.records)} records + ${n(counts.copies)} copies (archived twice by a retried batch, counted once) + ${n(counts.unreadable)} unreadable`,
    `${n(counts.records)} records = ${n(counts.filteredOut)} filtered out (outside the time range or the filters) + ${n(counts.selected)} selected`,
  ];
  if (dryRun) lines.push(`${n(counts.selected)} selected would be indexed (dry run: nothing was written)`);
  else
    lines.push(
      `${n(counts.selected)} selected = ${n(counts.created)} created + ${n(counts.alreadyThere)} already there + ` +
        `${n(counts.deadLettered)} dead-lettered + ${n(counts.failed)} not indexed` +
        (counts.quarantined > 0 ? ` (${n(counts.quarantined)} stored with fields quarantined)` : ''),
    );
  return lines;
}

const verdicts: Record<RehydrateResult['outcome'], string> = {
  done: 'done',
  continuing: 'continuing',
  'already-done': 'already done (finished before; --restart runs it again)',
  interrupted: 'interrupted: run the same command again to resume',
  stopped: 'stopped: a step could not be indexed in several attempts; run the same command again to resume',
  stale: 'nothing to do: the run is not running any more (see --status)',
  superseded: 'stopped: another run of the same arguments saved progress first (see --status)',
};

/**
 * The summary `sluice rehydrate` prints at the end.
 *
 * @example
 * process.stdout.write(formatSummary(result));
 */
export function formatSummary(result: RehydrateResult): string {
  const checkpoint = result.checkpoint;
  if (checkpoint === undefined) return `rehydrate ${result.runId}: ${verdicts[result.outcome]}\n`;
  const lines = [
    `rehydrate ${result.runId}: ${verdicts[result.outcome]}`,
    `  ${describeArgs(checkpoint.args)}`,
    ...formatCounts(summaryCounts(result), checkpoint.args.dryRun).map((line) => `  ${line}`),
  ];
  if (checkpoint.lastError) lines.push(`  last error: ${checkpoint.lastError}`);
  if (result.outcome === 'interrupted' || result.outcome === 'stopped')
    lines.push(`  to resume: ${resumeCommand(checkpoint.args)}`);
  return `${lines.join('\n')}\n`;
}

/** One JSON object: what `sluice rehydrate --json` prints (docs/contracts.md). */
export function summaryJson(result: RehydrateResult): Record<string, unknown> {
  const checkpoint = result.checkpoint;
  return {
    runId: result.runId,
    outcome: result.outcome,
    status: checkpoint?.status ?? null,
    args: checkpoint?.args ?? null,
    counts: summaryCounts(result),
    objects: { done: checkpoint?.counts.objects ?? 0, total: checkpoint?.total.objects ?? 0 },
    invocations: checkpoint?.invocations ?? 0,
    ...(checkpoint?.lastError ? { lastError: checkpoint.lastError } : {}),
  };
}

/** A running run saves a step every few minutes at most; this long without one, nothing is working on it. */
const stalledMs = 20 * 60_000;

/**
 * `sluice rehydrate --status`: every run kept, newest first, with where it stands (and a run nothing
 * works on any more: Lambda gave up retrying a failed invocation, or a local run was killed).
 *
 * @example
 * process.stdout.write(formatStatus(await checkpoints.list()));
 */
export function formatStatus(runs: readonly RunCheckpoint[], now: number = Date.now()): string {
  if (runs.length === 0) return 'no rehydrate runs (a run is kept 30 days after its last progress)\n';
  return runs
    .map((run) => {
      const share =
        run.total.objects === 0 ? 100 : Math.floor((run.counts.objects / run.total.objects) * 100);
      const c = run.counts;
      const lines = [
        `${run.runId}  ${run.status.padEnd(7)}  ${describeArgs(run.args)}`,
        `  ${n(c.objects)}/${n(run.total.objects)} objects (${share}%) · ${n(c.records)} records: ` +
          (run.args.dryRun
            ? `${n(c.selected)} would be indexed, ${n(c.filteredOut)} filtered out`
            : `${n(c.created)} created, ${n(c.alreadyThere)} already there, ${n(c.filteredOut)} filtered out, ${n(c.deadLettered)} dead-lettered`) +
          ` · ${run.invocations} invocation${run.invocations === 1 ? '' : 's'} · started ${run.startedAt} · updated ${run.updatedAt}`,
      ];
      if (run.lastError) lines.push(`  last error: ${run.lastError}`);
      if (run.status === 'running' && now - Date.parse(run.updatedAt) > stalledMs)
        lines.push(
          `  no progress for ${Math.round((now - Date.parse(run.updatedAt)) / 60_000)} min: run it again to resume (${resumeCommand(run.args)}, or the same serverless invoke)`,
        );
      return lines.join('\n');
    })
    .join('\n')
    .concat('\n');
}
