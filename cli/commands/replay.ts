import { randomUUID } from 'node:crypto';
import type { FiredAlert } from '../../functions/detect/types';
import { isClosingRule } from '../../shared/rules/types';
import { parseCommandArgs } from '../args';
import { type Command, UsageError } from '../command';
import { interruptedExitCode, onInterrupt } from '../interrupt';
import { openHandlerLog } from '../invoke/handler-log';
import { loadRecordedEvents } from '../pipeline/load-events';
import { type BatchReport, openLocalPipeline } from '../pipeline/local-pipeline';
import { orderReplay, type ReplayPlan } from '../pipeline/replay-order';
import { plural } from '../plural';

const help = `
Usage: sluice replay <file|dir>... [--data-dir DIR] [--rules FILE] [--json] [--verbose]

Runs the index, archive and detect functions over recorded MSK events (Lambda event JSON files, or
directories of them): each file is given to the functions' own Lambda handlers, as the event source
mapping would deliver it. The handlers' JSON log and metric lines go to DIR/functions.log (to stderr
with --verbose). Services the environment names are
used (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_DYNAMODB, OPENSEARCH_URL, SLACK_WEBHOOK_URL); the others
come from the embedded stack, kept in DIR between runs. Without OPENSEARCH_URL nothing is indexed.

A batch that fails is retried with backoff, like the event source mapping retries it; after 5 tries
the command stops with the reason and exit code 1. Every file is checked before anything runs.

Like the event source mapping, a replay runs each partition in offset order, whatever the order of
its files: a directory's files run in natural order (batch-2 before batch-10), each file is one batch
of the same size per partition as the file, and each batch takes its partitions' next records by
offset across all the files. Files that already follow each other in offset order run as they are.
Records a rule matched but whose windows had already counted them (or a later offset of the same
partition: an earlier replay on the same data dir, a record given twice) are not counted again; how
many is printed on stderr, also with --json.

  --data-dir DIR   the embedded stack's state (default .sluice/)
  --rules FILE     the rules file (default SLUICE_RULES, else the bundled rules)
  --json           print one JSON object: records, accepted, deadLettered, skipped, indexed (null when
                   OpenSearch is not configured), archived, and alerts this run fired

When the rules have flatline or ratio rules, one sweep runs at the end and decides every window the
replayed data closed (docs/rules.md "Closed windows"); their alerts are among those this run fired.
  --verbose        the handlers' log and metric lines on stderr instead of DIR/functions.log

Example:
  sluice replay test/events/msk --json
`;

/** What `sluice replay --json` prints (docs/contracts.md). */
export interface ReplayTotals {
  records: number;
  accepted: number;
  deadLettered: number;
  skipped: number;
  indexed: number | null;
  archived: number;
  alerts: FiredAlert[];
}

/** ` (9 binary, 4 undecodable)`: dead-lettered records per reason, most first; nothing for none. */
export function reasonsNote(reasons: Readonly<Record<string, number>>): string {
  const entries = Object.entries(reasons).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  return entries.length === 0
    ? ''
    : ` (${entries.map(([reason, count]) => `${count} ${reason}`).join(', ')})`;
}

function add(totals: ReplayTotals, report: BatchReport, reasons: Record<string, number>): void {
  for (const [reason, count] of Object.entries(report.deadLetterReasons))
    reasons[reason] = (reasons[reason] ?? 0) + count;
  totals.records += report.records;
  totals.accepted += report.accepted;
  totals.deadLettered += report.deadLettered;
  totals.skipped += report.skipped;
  if (report.indexed !== null) totals.indexed = (totals.indexed ?? 0) + report.indexed;
  totals.archived += report.archived;
}

/** What the human output says about how the files were ordered (nothing when they ran as they are). */
function orderNotes(plan: ReplayPlan): string[] {
  const notes: string[] = [];
  const reordered = plan.batches.filter((batch) => batch.reordered).length;
  if (reordered > 0) {
    notes.push(
      `${reordered} of ${plan.batches.length} files not in offset order: ${plan.moved} records run in ` +
        'other batches, so that each partition runs in offset order (sizes per file kept)',
    );
  }
  if (plan.duplicates > 0)
    notes.push(
      `${plan.duplicates} records given more than once (same topic, partition and offset): counted once`,
    );
  return notes;
}

function uncountedWarning(uncounted: number): string {
  return (
    `sluice replay: ${uncounted} window counts were not added: their windows had already counted that ` +
    'offset or a later one of the same partition\n' +
    '  (records replayed before into the same table, given twice, or retried); if an earlier replay counted ' +
    'later offsets, those windows undercount: replay all the files in one run into a fresh --data-dir or table\n'
  );
}

/** `sluice replay`: recorded MSK events through the three functions. */
export const replayCommand: Command = {
  name: 'replay',
  summary: 'run recorded MSK events through index, archive and detect',
  help,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        'data-dir': { type: 'string' },
        rules: { type: 'string' },
        json: { type: 'boolean' },
        verbose: { type: 'boolean' },
      },
      'replay',
    );
    if (positionals.length === 0)
      throw new UsageError('sluice replay: name at least one event file or directory');
    const plan = orderReplay(loadRecordedEvents(positionals));
    const events = plan.batches;
    const json = values.json === true;
    const say = (line: string) => {
      if (!json) process.stderr.write(`${line}\n`);
    };
    const dataDir = values['data-dir'] ?? '.sluice';
    const handlerLog = openHandlerLog(dataDir, values.verbose === true);
    // Ctrl-C finishes the batch in flight (so its three functions agree), then stops; a second one
    // stops at once. Either way the files not replayed are named, and the exit code is 130.
    let done = 0;
    const notReplayed = () => {
      const left = events.slice(done).map((event) => event.file);
      const shown = left.slice(0, 5).join(', ');
      return `${left.length} of ${events.length} files not replayed${left.length > 0 ? `: ${shown}${left.length > 5 ? ', ...' : ''}` : ''}`;
    };
    const interrupt = onInterrupt(() =>
      process.stderr.write(
        `sluice replay: stopped at once during ${events[done]?.file ?? 'the last file'}; ${notReplayed()}\n`,
      ),
    );
    // Every alert this run claims carries its id: the report lists those, never another run's.
    const runId = `replay-${randomUUID()}`;
    const pipeline = await openLocalPipeline({
      dataDir,
      claimedBy: runId,
      ...(values.rules === undefined ? {} : { rulesFile: values.rules }),
      slackOut: json ? process.stderr : process.stdout,
      handlerLog: handlerLog.sink,
      log: say,
    }).catch(async (error: unknown) => {
      await handlerLog.close();
      throw error;
    });
    try {
      const totals: ReplayTotals = {
        records: 0,
        accepted: 0,
        deadLettered: 0,
        skipped: 0,
        indexed: pipeline.functions.index ? 0 : null,
        archived: 0,
        alerts: [],
      };
      if (!pipeline.functions.index)
        say('OpenSearch: not configured (set OPENSEARCH_URL to index); indexing skipped');
      for (const line of orderNotes(plan)) say(line);
      let uncounted = 0;
      const reasons: Record<string, number> = {};
      for (const [i, { file, batch, reordered }] of events.entries()) {
        if (interrupt.isRequested()) break;
        const report = await pipeline.runBatch(batch, undefined, (what, error) =>
          say(
            `${file}: ${what} failed (${error instanceof Error ? error.message : String(error)}), retrying`,
          ),
        );
        add(totals, report, reasons);
        uncounted += report.uncounted;
        say(
          `[${i + 1}/${events.length}] ${file}${reordered ? ' (reordered)' : ''}: ${plural(report.records, 'record')}, ` +
            `${report.accepted} accepted, ${report.deadLettered} dead-lettered${reasonsNote(report.deadLetterReasons)}, ` +
            `${report.skipped} skipped` +
            (report.alerts.length > 0 ? `, ${plural(report.alerts.length, 'alert')}` : ''),
        );
        done = i + 1;
      }
      const interrupted = done < events.length;
      if (interrupted) process.stderr.write(`sluice replay: interrupted; ${notReplayed()}\n`);
      // Flatline and ratio rules are decided by the sweeper on closed windows: one sweep at the end,
      // told that the input ended, decides every window the replayed data closed.
      else if (pipeline.rules.rules.some(isClosingRule)) {
        const swept = await pipeline.sweep({ inputEnded: true });
        say(
          `sweep: ${plural(swept.closing?.windows ?? 0, 'closed window')} decided, ` +
            `${plural(swept.closing?.alerts ?? 0, 'alert')} of flatline and ratio rules`,
        );
      }
      // The alerts claimed under this run's id: a batch retried after its claim went through does not
      // report that alert again but it is still this run's, and a concurrent run's claims are not.
      totals.alerts = (await pipeline.alertsClaimedBy(runId))
        .map(({ rule, group, windowStart, count }) => ({ rule, group, windowStart, count }))
        .sort((a, b) => a.windowStart.localeCompare(b.windowStart) || a.rule.localeCompare(b.rule));
      // On stderr even with --json: its fields are a contract, and this is a warning for a person.
      if (uncounted > 0) process.stderr.write(uncountedWarning(uncounted));
      if (json) {
        process.stdout.write(`${JSON.stringify(totals)}\n`);
      } else {
        process.stdout.write(
          `replayed ${done}${interrupted ? ` of ${events.length}` : ''} ${events.length === 1 ? 'file' : 'files'}: ` +
            `${plural(totals.records, 'record')} = ${totals.accepted} accepted + ` +
            `${totals.deadLettered} dead-lettered${reasonsNote(reasons)} + ${totals.skipped} skipped; ` +
            `indexed ${totals.indexed ?? 'n/a'}, archived ${totals.archived}, alerts fired ${totals.alerts.length}\n`,
        );
      }
      return interrupted ? interruptedExitCode : 0;
    } finally {
      await pipeline.close();
      await handlerLog.close();
      interrupt.dispose();
    }
  },
};
