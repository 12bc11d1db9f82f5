import { buildDetectDeps } from '../../functions/detect/deps';
import type { DetectDeps } from '../../functions/detect/types';
import { type SweepReport, sweep } from '../../functions/sweep/sweep';
import { loadConfig, type SluiceConfig } from '../../shared/config';
import { ConfigError } from '../../shared/errors';
import { parseCommandArgs } from '../args';
import { type Command, UsageError } from '../command';

const help = `
Usage: sluice sweep [--data-dir DIR] [--json]

Runs the sweep function once, as the every-minute schedule does: delivers the alerts waiting in the
outbox (Slack was down or rate-limited, or the minute's budget was spent), folding those over the
budget (SLACK_BUDGET_PER_MINUTE, default 20) into one digest, and posts resolved notices for rules
with notifyResolved. Alerts go to SLACK_WEBHOOK_URL, or are printed here when it is not set.

  --data-dir DIR  the embedded stack's data directory (default .sluice/), used when
                  AWS_ENDPOINT_URL_DYNAMODB names no DynamoDB endpoint
  --json          print the report as one JSON object

See docs/detect.md.
`;

/** The detect store and Slack sender to sweep with, and how to let go of them. */
export interface DetectTarget {
  readonly deps: DetectDeps;
  close(): Promise<void>;
}

/** Opens the table the configuration names, or the embedded stack's in `dataDir`. */
export type OpenDetectTarget = (config: SluiceConfig, dataDir: string) => Promise<DetectTarget>;

/** Dependencies of the command, injected by tests and by the embedded stack. */
export interface SweepCommandOptions {
  readonly open: OpenDetectTarget;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly now?: () => number;
  readonly write?: (text: string) => void;
}

/** One line for a person: `2 alerts delivered, 3 in one digest, 1 resolved notice; 0 pending`. */
export function formatSweepReport(report: SweepReport): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const digest = report.digested > 0 ? `, ${report.digested} in one digest` : '';
  return `${plural(report.delivered, 'alert')} delivered${digest}, ${plural(report.resolved, 'resolved notice')}; ${report.pending} pending`;
}

/**
 * `sluice sweep` with its dependencies given: what the registered command runs.
 *
 * @example
 * await runSweep(['--json'], { open: openDetectTarget });
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
  const config = loadConfig(options.env ?? process.env);
  const target = await options.open(config, values['data-dir'] ?? '.sluice');
  let report: SweepReport;
  try {
    report = await sweep(target.deps, options.now);
  } finally {
    await target.close();
  }
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  write(`${values.json ? JSON.stringify(report) : formatSweepReport(report)}\n`);
  return 0;
}

/**
 * The default target: the DynamoDB endpoint the environment names (`AWS_ENDPOINT_URL_DYNAMODB`).
 * The embedded stack in `dataDir` is opened by the local stack's target once it is wired in.
 */
export const openConfiguredTarget: OpenDetectTarget = async (config) => {
  if (config.dynamodb.endpoint === undefined) {
    throw new ConfigError('no DynamoDB to sweep: set AWS_ENDPOINT_URL_DYNAMODB (e.g. http://127.0.0.1:8000)');
  }
  return { deps: await buildDetectDeps(config), close: async () => {} };
};

/** `sluice sweep [--data-dir DIR] [--json]`. */
export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'Deliver pending alerts (outbox), digests and resolved notices once',
  help,
  run: (argv) => runSweep(argv, { open: openConfiguredTarget }),
};
