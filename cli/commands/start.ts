import { join, resolve } from 'node:path';
import type { MSKEvent } from 'aws-lambda';
import type { BatchRead } from '../../shared/batch/types';
import type { StepResult } from '../../shared/lambda/kafka-function';
import { RuleType } from '../../shared/rules/types';
import { parseCommandArgs } from '../args';
import { type Command, UsageError } from '../command';
import { onInterrupt } from '../interrupt';
import { openHandlerLog } from '../invoke/handler-log';
import type { KafkaInvoker } from '../invoke/local-functions';
import { startLiveView } from '../live/live-view';
import { ConsumerGroup, type ConsumerGroupOptions } from '../pipeline/consumer-group';
import { openLocalPipeline } from '../pipeline/local-pipeline';
import { MemoryTopic } from '../pipeline/memory-topic';
import { plural } from '../plural';
import { type BurstSchedule, defaultBursts, simulateBurstyService } from '../sim/bursts';
import { defaultPathnames } from '../sim/microservice';
import { defaultSilences, loggingAt, type SilenceSchedule } from '../sim/silences';
import { claimDataDir } from '../start/claim-data-dir';
import { clearPreviousRun } from '../start/clear-previous-run';
import { newClosingAlerts } from '../start/closing-alerts';
import { failureNotice } from '../start/failure-notice';
import { type CurrentCount, LiveWindows } from '../start/live-windows';
import { formatProgress } from '../start/progress';
import { outcomeNote, RealertNotes, suppressedNote, WindowOutcome } from '../start/realert-notes';
import { readTopicOffsets, writeTopicOffsets } from '../start/topic-offsets';

const help = `
Usage: sluice start [--duration SECONDS] [--rate N] [--error-share F] [--burst-share F]
                    [--burst-every SECONDS] [--silence-every SECONDS] [--pathnames A,B] [--partitions N]
                    [--data-dir DIR | --keep] [--rules FILE] [--port N] [--verbose]

Runs the whole pipeline on this machine: a simulated microservice writes JSON logs to an in-memory
Kafka topic; the index, archive and detect functions consume it as the MSK event source mappings
would (one consumer group each, batches, commit after success, retry on failure); the sweeper runs
every 10 seconds. Services the environment names are used (AWS_ENDPOINT_URL_S3,
AWS_ENDPOINT_URL_DYNAMODB, OPENSEARCH_URL, SLACK_WEBHOOK_URL); the others come from the embedded
stack. Without SLACK_WEBHOOK_URL alerts are printed here. A live page (errors per pathname against
the threshold, alerts, throughput) is served on 127.0.0.1 while it runs.

The service logs few errors, except in bursts: every 20 s one of its files (in turn) logs 8 s of
errors, enough to cross error-burst's threshold. A burst of a file that alerted less than realert
(5 min) ago raises no alert: the live line and page say "suppressed by realert until ...".

Each run on the default data dir (.sluice/) starts fresh: what the last run left there is cleared
first (unless --keep). A --data-dir you name is never cleared: runs on it continue its state.
Ctrl-C stops the service, delivers what it wrote, then stops; a second Ctrl-C stops at once.
The functions' own JSON log and metric lines go to DIR/functions.log (stderr with --verbose).

  --duration S       stop after S seconds (default: run until Ctrl-C)
  --rate N           records per second the service writes (default 200: 2 every 10 ms)
  --error-share F    share of records that are errors outside bursts, 0..1 (default ${defaultBursts.baselineShare})
  --burst-share F    share of the bursting file's records that are errors, 0..1 (default ${defaultBursts.burstShare})
  --burst-every S    a burst every S seconds, 0 for none (default ${defaultBursts.everyMs / 1000})
  --silence-every S  every S seconds one file (in turn) stops logging for 30 s (at most S/2), for
                     flatline rules (docs/rules.md); 0 for none (the default)
  --pathnames A,B    the source files that log (default ${defaultPathnames.join(',')})
  --partitions N     partitions of the topic (default 2)
  --data-dir DIR     the embedded stack's state, kept between runs (default .sluice/, cleared at start)
  --keep             on the default data dir, continue the last run's state instead of clearing it
  --rules FILE       the rules file (default SLUICE_RULES, else the bundled rules)
  --port N           port of the live page on 127.0.0.1 (default: a free one, printed at start)
  --verbose          the functions' own log and metric lines on stderr instead of DIR/functions.log

Example:
  npm start -- --duration 60
`;

const number = (
  text: string | undefined,
  flag: string,
  fallback: number,
  check: (n: number) => boolean,
): number => {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || !check(value))
    throw new UsageError(`sluice start: ${flag} ${text} is out of range (see --help)`);
  return value;
};

/** Consumer settings per function, like the deployed mappings: detect small and fast, archive large. */
const mappings: Record<'index' | 'archive' | 'detect', Omit<ConsumerGroupOptions, 'groupId'>> = {
  detect: { batchSize: 500, batchWindowMs: 250 },
  index: { batchSize: 2000, batchWindowMs: 1000 },
  archive: { batchSize: 5000, batchWindowMs: 2000 },
};

/** A consumer group and the function it feeds. */
interface NamedGroup {
  readonly name: string;
  readonly group: ConsumerGroup;
}
const named = (name: string, group: ConsumerGroup): NamedGroup => ({ name, group });

/** `sluice start`: the simulated pipeline with a live view. */
export const startCommand: Command = {
  name: 'start',
  summary: 'run the whole pipeline locally on a simulated microservice, with live progress',
  help,
  async run(argv) {
    const { values } = parseCommandArgs(
      argv,
      {
        duration: { type: 'string' },
        rate: { type: 'string' },
        'error-share': { type: 'string' },
        'burst-share': { type: 'string' },
        'burst-every': { type: 'string' },
        'silence-every': { type: 'string' },
        keep: { type: 'boolean' },
        pathnames: { type: 'string' },
        partitions: { type: 'string' },
        'data-dir': { type: 'string' },
        rules: { type: 'string' },
        port: { type: 'string' },
        verbose: { type: 'boolean' },
      },
      'start',
    );
    const durationMs = number(values.duration, '--duration', Number.POSITIVE_INFINITY, (n) => n > 0) * 1000;
    const rate = number(values.rate, '--rate', 200, (n) => n > 0 && n <= 100_000);
    const share = (n: number) => n >= 0 && n <= 1;
    const baselineShare = number(values['error-share'], '--error-share', defaultBursts.baselineShare, share);
    const burstShare = number(values['burst-share'], '--burst-share', defaultBursts.burstShare, share);
    const burstEveryMs =
      number(values['burst-every'], '--burst-every', defaultBursts.everyMs / 1000, (n) => n >= 0) * 1000;
    const silenceEveryMs = number(values['silence-every'], '--silence-every', 0, (n) => n >= 0) * 1000;
    const partitions = number(
      values.partitions,
      '--partitions',
      2,
      (n) => Number.isInteger(n) && n >= 1 && n <= 64,
    );
    const port = number(values.port, '--port', 0, (n) => Number.isInteger(n) && n >= 0 && n <= 65_535);
    const pathnames = values.pathnames?.split(',').filter((p) => p !== '') ?? [...defaultPathnames];
    if (pathnames.length === 0) throw new UsageError('sluice start: --pathnames needs at least one name');
    const dirNamed = values['data-dir'] !== undefined;
    if (dirNamed && values.keep)
      throw new UsageError(
        'sluice start: --keep is for the default data dir; a --data-dir you name is always kept',
      );
    const dataDir = resolve(values['data-dir'] ?? '.sluice');
    const out = process.stdout;
    const tty = out.isTTY === true;
    let lineShown = false;
    const clearLine = () => {
      if (tty && lineShown) out.write('\r\x1b[2K');
      lineShown = false;
    };
    const say = (line: string) => {
      clearLine();
      out.write(`${line}\n`);
    };

    // From here on, the first Ctrl-C ends the run cleanly and a second one stops it at once.
    let abandon = () => {};
    const interrupt = onInterrupt(() => abandon());

    const releaseDataDir = claimDataDir(dataDir);
    if (!dirNamed && !values.keep) {
      const fresh = clearPreviousRun(dataDir);
      if ('keptBecause' in fresh) say(`sluice: continuing on ${dataDir}: not cleared, ${fresh.keptBecause}`);
      else if (fresh.cleared)
        say(`sluice: starting fresh: cleared the last run's state in ${dataDir} (--keep keeps it)`);
    }
    say('sluice: starting the local stack ...');
    const handlerLog = openHandlerLog(dataDir, values.verbose === true);
    const pipeline = await openLocalPipeline({
      dataDir,
      handlerLog: handlerLog.sink,
      ...(values.rules === undefined ? {} : { rulesFile: values.rules }),
      slackOut: {
        write: (text: string) => {
          clearLine();
          return out.write(text);
        },
      },
      log: say,
    });
    const { config, stack, functions } = pipeline;
    say(`  DynamoDB   ${stack.dynamodb.endpoint} (${stack.dynamodb.kind}), table ${config.dynamodb.table}`);
    say(`  S3         ${stack.s3.endpoint} (${stack.s3.kind}), bucket ${config.s3.bucket}`);
    say(
      `  OpenSearch ${functions.index ? (config.opensearch.url ?? config.opensearch.domainName) : 'not configured (set OPENSEARCH_URL to index)'}`,
    );
    say(
      `  Slack      ${config.slack.webhookUrl || config.slack.webhookParameter ? 'webhook configured' : 'alerts printed here'}`,
    );
    say(`  rules      ${pipeline.rules.rules.map((r) => r.name).join(', ')} (${pipeline.rules.source})`);
    say(`  data dir   ${dataDir}`);
    if (handlerLog.path) say(`  logs       ${handlerLog.path} (the functions' own log and metric lines)`);

    const offsetsFile = join(dataDir, 'topic.json');
    const topic = new MemoryTopic('logs', partitions, readTopicOffsets(offsetsFile));
    const startOffsets = topic.nextOffsets();
    // The live counts against thresholds are count rules' (flatline and ratio alerts are listed as they fire).
    const live = new LiveWindows(pipeline.rules.rules.filter((rule) => rule.type === RuleType.count));
    // Alerts of earlier runs on this state: realert may keep this run's windows quiet because of them.
    const realert = new RealertNotes(pipeline.rules.rules);
    realert.add(await pipeline.alerts());
    const totals = {
      accepted: 0,
      deadLettered: 0,
      skipped: 0,
      indexed: functions.index ? 0 : null,
      archived: 0,
      alerts: 0,
    };

    // The totals are read once a second, from the first tick on (after everything below exists).
    const view = await startLiveView({
      rules: pipeline.rules.rules,
      windows: live,
      realert,
      port,
      totals: () => ({ ...totals, produced, lag: Math.max(...groups.map((g) => g.lag())) }),
    }).catch(async (error: unknown) => {
      await pipeline.close();
      throw error;
    });
    say(`  live view  ${view.url}`);

    /** One consumer group invoking a function's handler, like its event source mapping. */
    const consume = <R extends object>(
      name: 'index' | 'archive' | 'detect',
      invoke: KafkaInvoker<R>,
      record: (read: BatchRead, report: StepResult<R>['report']) => void,
    ): NamedGroup =>
      named(
        name,
        new ConsumerGroup(
          topic,
          { groupId: `sluice-${name}`, ...mappings[name], onError: failureNotice(name, say) },
          async (event: MSKEvent) => {
            const { read, result } = await invoke(event);
            record(read, result.report);
          },
          startOffsets,
        ),
      );
    const consumers: NamedGroup[] = [
      consume('archive', functions.archive, (_read, report) => {
        totals.archived += report.archived;
      }),
      // Read counts from detect, whose small batches make a smooth rate (archive's commit every 2 s).
      consume('detect', functions.detect, (read, report) => {
        totals.accepted += read.counts.accepted;
        totals.deadLettered += read.counts.deadLettered;
        totals.skipped += read.counts.skipped;
        live.add(read.accepted);
        totals.alerts += report.alertsFired;
        view.recorder.recordAlerts(report.alerts, Date.now());
        noteSuppressed(live.current());
      }),
      ...(functions.index
        ? [
            consume('index', functions.index, (_read, report) => {
              totals.indexed = (totals.indexed ?? 0) + report.indexed;
            }),
          ]
        : []),
    ];
    const groups = consumers.map((consumer) => consumer.group);

    /** Windows over a threshold that realert kept quiet, for the summary: when each may alert again. */
    const suppressed = new Map<string, number>();
    function noteSuppressed(windows: readonly CurrentCount[]) {
      for (const w of windows) {
        if (w.count <= w.threshold) continue;
        const over = realert.outcome(w.rule, w.group, w.windowStart);
        if (over.outcome === WindowOutcome.suppressed)
          suppressed.set(`${w.rule}\u0000${w.group}\u0000${w.windowStart}`, over.until);
      }
    }

    const started = Date.now();
    const bursts: BurstSchedule = {
      ...defaultBursts,
      startMs: started,
      pathnames,
      baselineShare,
      burstShare,
      everyMs: burstEveryMs,
      lengthMs: Math.min(defaultBursts.lengthMs, burstEveryMs / 2),
    };
    const silences: SilenceSchedule = {
      ...defaultSilences,
      startMs: started,
      pathnames,
      everyMs: silenceEveryMs,
      lengthMs: Math.min(defaultSilences.lengthMs, silenceEveryMs / 2),
    };
    const next = simulateBurstyService(
      bursts,
      started % 2 ** 31,
      silenceEveryMs > 0 ? (t) => loggingAt(silences, t) : undefined,
    );
    let produced = 0;
    const producer = setInterval(() => {
      // Catch up to the rate over elapsed time, so timer jitter does not slow the service down.
      const now = Date.now();
      const due = Math.floor(((now - started) * rate) / 1000);
      for (; produced < due; produced += 1) topic.append(produced % partitions, next(now).value, now);
      const lowest = topic
        .nextOffsets()
        .map((_, p) => Math.min(...groups.map((g) => g.committedOffsets()[p] ?? 0)));
      topic.trim(lowest);
    }, 10);
    for (const group of groups) group.start();

    let unexplained = false;
    const snapshot = (width?: number) => {
      const windows = live.current();
      unexplained = false;
      return formatProgress(
        {
          elapsedMs: Date.now() - started,
          produced,
          recordsPerSecond: view.recorder.recordsPerSecond(),
          ...totals,
          lag: Math.max(...groups.map((g) => g.lag())),
          windows: windows.map((w) => {
            if (w.count <= w.threshold) return w;
            const over = realert.outcome(w.rule, w.group, w.windowStart);
            if (over.outcome === WindowOutcome.unknown) unexplained = true;
            return { ...w, note: outcomeNote(over) };
          }),
        },
        width,
      );
    };
    let ticks = 0;
    const progress = setInterval(() => {
      ticks += 1;
      if (tty) {
        clearLine();
        out.write(snapshot((out.columns ?? 80) - 1));
        lineShown = true;
      } else if (ticks % 5 === 0) {
        say(snapshot());
      }
    }, 1000);
    // Alerts of flatline and ratio rules come from the sweeper: shown as it decides them.
    const shownClosing = new Set(
      (await pipeline.alerts()).map((a) => `${a.rule}\u0000${a.group}\u0000${a.windowStart}`),
    );
    const sweeper = setInterval(() => {
      pipeline
        .sweep()
        .then(async (report) => {
          if (!report.closing?.alerts) return;
          const fresh = newClosingAlerts(await pipeline.alerts(), pipeline.rules.rules, shownClosing);
          totals.alerts += fresh.length;
          view.recorder.recordAlerts(fresh, Date.now());
        })
        .catch((error: unknown) => say(`sweep failed: ${error instanceof Error ? error.message : error}`));
      // A window over its threshold with no alert known: another process may have fired it.
      if (unexplained)
        void pipeline.alerts().then(
          (alerts) => realert.add(alerts),
          () => {},
        );
    }, 10_000);

    abandon = () => {
      clearLine();
      writeTopicOffsets(offsetsFile, topic.nextOffsets());
      const left = consumers.map(({ name, group }) => `${name} ${group.lag()}`).join(', ');
      say(
        `sluice: stopped at once; records written but not processed: ${left} ` +
          `(of ${produced} written; they were only in the in-memory topic)`,
      );
    };
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      interrupt.requested,
      new Promise<void>((done) => {
        if (Number.isFinite(durationMs)) timer = setTimeout(done, durationMs);
      }),
    ]);
    clearTimeout(timer);

    clearInterval(producer);
    clearInterval(progress);
    clearInterval(sweeper);
    say(
      `sluice: stopping: delivering the ${plural(Math.max(...groups.map((g) => g.lag())), 'record')} not yet processed, ` +
        'then stopping the local stack (Ctrl-C again to stop at once) ...',
    );
    const left = await Promise.all(groups.map((group) => group.stop(30_000)));
    writeTopicOffsets(offsetsFile, topic.nextOffsets());
    const sweep = await pipeline.sweep();
    say(snapshot());
    const undelivered = Math.max(...left);
    if (undelivered > 0)
      say(
        `sluice: ${plural(undelivered, 'record was', 'records were')} not processed before the drain timed out`,
      );
    say(
      `sluice: ${plural(produced, 'record')} written; ${totals.accepted} accepted, ${totals.deadLettered} dead-lettered, ` +
        `${totals.skipped} skipped; ${plural(totals.alerts, 'alert')} fired${suppressedNote(suppressed)}, ` +
        `${sweep.pending} pending delivery. ` +
        `State kept in ${dataDir}${dirNamed || values.keep ? '' : ' until the next sluice start'} (see: sluice state).`,
    );
    await view.close();
    await pipeline.close();
    await handlerLog.close();
    releaseDataDir();
    interrupt.dispose();
    return undelivered > 0 ? 1 : 0;
  },
};
