import type { SweepReport } from '../../functions/sweep/sweep';
import type { TextSink } from '../../shared/adapters/slack/terminal';
import { parseCommandArgs } from '../args';
import { type Command, UsageError } from '../command';
import { openLocalPipeline } from '../pipeline/local-pipeline';

const help = `
Usage: sluice sweep [--data-dir DIR] [--json]

Runs the sweep function once, as the every-minute schedule does: delivers the alerts waiting in the
outbox (Slack was down or rate-limited, or the minute's budget was spent), folding those over the
budget (SLACK_BUDGET_PER_MINUTE, default 20, per webhook) into digests that name every alert, and
posts resolved notices for rules with notifyResolved. Alerts go to SLACK_WEBHOOK_URL (or their rule's
SLACK_WEBHOOK_URL_<NAME>), or are printed here when it is not set. "pending" counts every alert still
waiting.

  --data-dir DIR  the embedded stack's data directory (default .sluice/), used when
                  AWS_ENDPOINT_URL_DYNAMODB names no DynamoDB endpoint
  --json          print the report as one JSON object

See docs/detect.md.
`;

/** Something to sweep (the embedded stack's or the named services' outbox), and how to let go of it. */
export interface SweepTarget {
  sweep(): Promise<SweepReport>;
  close(): Promise<void>;
}

/** Opens the services the environment names, the embedded stack in `dataDir` for the others. */
export type OpenSweepTarget = (dataDir: string, options: { slackOut: TextSink }) => Promise<SweepTarget>;

/** Dependencies of the command, injected by tests. */
export interface SweepCommandOptions {
  readonly open: OpenSweepTarget;
  readonly write?: (text: string) => void;
}

/** One line for a person: `2 alerts delivered, 3 in 1 digest, 1 resolved notice; 1 pending (next attempt ...)`. */
export function formatSweepReport(report: SweepReport): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const digest = report.digested > 0 ? `, ${report.digested} in ${plural(report.digests, 'digest')}` : '';
  const next = report.nextDueAt === null ? '' : ` (next attempt ${report.nextDueAt})`;
  return `${plural(report.delivered, 'alert')} delivered${digest}, ${plural(report.resolved, 'resolved notice')}; ${report.pending} pending${next}`;
}

/**
 * `sluice sweep` with its dependencies given: what the registered command runs.
 *
 * @example
 * await runSweep(['--json'], { open: openPipelineTarget });
 */
export async function runSweep(argv: readonly string[], options: SweepCommandOptions): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { 'data-dir': { type: 'string' }, json: { type: 'boolean' } },
    'sweep',
  );
  if (positionals.length > 0) {
    throw new UsageError(`sluice sweep: unexpected argument "${positionals[0]}" (see sluice sweep --help)`);
  }
  // With --json, stdout carries only the report: alerts printed for lack of a webhook go to stderr.
  const slackOut = values.json ? process.stderr : process.stdout;
  const target = await options.open(values['data-dir'] ?? '.sluice', { slackOut });
  let report: SweepReport;
  try {
    report = await target.sweep();
  } finally {
    await target.close();
  }
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  write(`${values.json ? JSON.stringify(report) : formatSweepReport(report)}\n`);
  return 0;
}

/** The local pipeline's sweeper: named endpoints, else the embedded stack persisted in `dataDir`. */
export const openPipelineTarget: OpenSweepTarget = async (dataDir, { slackOut }) => {
  const pipeline = await openLocalPipeline({ dataDir, slackOut });
  return { sweep: () => pipeline.sweep(), close: () => pipeline.close() };
};

/** `sluice sweep [--data-dir DIR] [--json]`. */
export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'deliver pending alerts (outbox), digests and resolved notices once',
  help,
  run: (argv) => runSweep(argv, { open: openPipelineTarget }),
};
