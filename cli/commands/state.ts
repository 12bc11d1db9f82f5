import { resolve } from 'node:path';
import { stackSource } from '../../infra/local/stack';
import { parseCommandArgs } from '../args';
import type { Command } from '../command';
import { openLocalPipeline } from '../pipeline/local-pipeline';
import { plural } from '../plural';

const help = `
Usage: sluice state [--data-dir DIR] [--json]

Shows what the pipeline has stored: the rule windows with a count above zero, the alerts (sent or
pending), and the object and record counts of the archive and the dead-letter area. Reads the
services the environment names, else the embedded stack kept in DIR.

  --data-dir DIR   the embedded stack's state (default .sluice/)
  --json           one JSON object: {"windows": [...], "alerts": [...], "archive": {"objects", "records"},
                   "deadLetter": {"objects", "records"}}

Example:
  sluice state --json
`;

/** `sluice state`: windows, alerts and archive counts. */
export const stateCommand: Command = {
  name: 'state',
  summary: 'show windows, alerts and archive counts',
  help,
  async run(argv) {
    const { values } = parseCommandArgs(
      argv,
      { 'data-dir': { type: 'string' }, json: { type: 'boolean' } },
      'state',
    );
    const dataDir = resolve(values['data-dir'] ?? '.sluice');
    const pipeline = await openLocalPipeline({ dataDir, slackOut: process.stderr });
    const source = stackSource(pipeline.stack, dataDir);
    if (source) process.stderr.write(`sluice state: ${source}\n`);
    try {
      const state = await pipeline.state();
      const view = {
        windows: state.windows,
        alerts: state.alerts,
        archive: state.archive,
        deadLetter: state.deadLetter,
      };
      if (values.json) {
        process.stdout.write(`${JSON.stringify(view)}\n`);
        return 0;
      }
      const lines = [
        `archive: ${plural(view.archive.records, 'record')} in ${plural(view.archive.objects, 'object')}; ` +
          `dead-letter: ${plural(view.deadLetter.records, 'record')} in ${plural(view.deadLetter.objects, 'object')}`,
        `windows (${view.windows.length}):`,
        ...view.windows.map(
          (w) =>
            `  ${w.rule.padEnd(16)} ${w.group.padEnd(32)} ${w.windowStart} .. ${w.windowEnd}  count ${w.count}`,
        ),
        `alerts (${view.alerts.length}):`,
        ...view.alerts.map(
          (a) =>
            `  ${a.rule.padEnd(16)} ${a.group.padEnd(32)} ${a.windowStart}  count ${a.count}  ${a.status}`,
        ),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    } finally {
      await pipeline.close();
    }
  },
};
