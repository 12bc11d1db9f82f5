import { redrive } from '../../functions/archive/redrive';
import type { RedriveReport, RedriveSink } from '../../functions/archive/redrive-types';
import { parseSince } from '../../functions/archive/since';
import type { ArchiveDeps } from '../../functions/archive/types';
import { createS3Client } from '../../shared/adapters/s3/client';
import { defaultGzipLevel } from '../../shared/adapters/s3/gzip-level';
import { defaultPutConcurrency } from '../../shared/adapters/s3/put-all';
import { S3Bucket } from '../../shared/adapters/s3/s3-bucket';
import type { BatchRead } from '../../shared/batch/types';
import type { SluiceConfig } from '../../shared/config';
import { DeadLetterStage, deadLetterEntry } from '../../shared/dead-letter/types';
import { DeadLetterReason } from '../../shared/kafka/decode-value';
import { BatchOrigin, KafkaEventSource } from '../../shared/kafka/types';
import { parseCommandArgs } from '../args';
import { type Command, UsageError } from '../command';
import { mskEventOf } from '../invoke/msk-event-of';
import { openLocalPipeline } from '../pipeline/local-pipeline';
import { plural } from '../plural';

const reasons = Object.values(DeadLetterReason);

const help = `
Usage: sluice redrive [--reason R] [--since T] [--dry-run] [--data-dir DIR] [--json]

Re-runs the records of the dead-letter area through the pipeline with the current settings, after
raising SLUICE_MAX_RECORD_BYTES or fixing an index mapping, and reports which became accepted. Records
the decode step refused go to the archive, the detector and the index (when OpenSearch is configured);
records the index refused go back to the index only. Records that went through leave the dead-letter
area (kept under redriven/); a second redrive finds nothing to do.

  --reason R      only ${reasons.join(', ')}
  --since T       only records whose Kafka time is at or after T: a date or time (2026-11-22,
                  2026-11-22T10:00Z, UTC unless an offset is given) or a duration back from now (24h, 7d)
  --dry-run       report what would be accepted; change nothing
  --data-dir DIR  the embedded stack's data directory (default .sluice/), used when
                  AWS_ENDPOINT_URL_S3 names no S3 endpoint
  --json          print the report as one JSON object

See docs/archive.md.
`;

/** The bucket to redrive in, the settings to decode with, and what else redriven records go through. */
export interface RedriveTarget {
  readonly config: SluiceConfig;
  readonly deps: ArchiveDeps;
  readonly sinks: readonly RedriveSink[];
  close(): Promise<void>;
}

/** Opens the services the environment names, the embedded stack in `dataDir` for the others. */
export type OpenRedriveTarget = (dataDir: string) => Promise<RedriveTarget>;

/** Dependencies of the command, injected by tests. */
export interface RedriveCommandOptions {
  readonly open: OpenRedriveTarget;
  readonly now?: () => number;
  readonly write?: (text: string) => void;
}

/** The records a redrive sends on, as the batch the handlers get: sluice's own redrive origin. */
const redriveEvent = (read: BatchRead) =>
  mskEventOf({
    eventSource: KafkaEventSource.msk,
    origin: BatchOrigin.redrive,
    records: read.accepted.map(({ record }) => record),
  });

/**
 * The pipeline a redrive feeds, as `replay` runs it: the archive bucket, and the index (when OpenSearch
 * is configured) and detect functions' own handlers, given the records as a redriven batch: detect
 * counts them once by their offsets (docs/detect.md), the index reports what OpenSearch refuses again
 * instead of filing it, and redrive files it.
 */
export async function openPipelineTarget(dataDir: string): Promise<RedriveTarget> {
  const pipeline = await openLocalPipeline({ dataDir, slackOut: process.stderr });
  try {
    const { config, functions } = pipeline;
    const index = functions.index;
    const sinks: RedriveSink[] = [
      ...(index === undefined
        ? []
        : [
            {
              name: 'index',
              stage: DeadLetterStage.index,
              run: async (read: BatchRead) => {
                const { result } = await index(redriveEvent(read));
                const byOffset = new Map(
                  read.accepted.map(({ record }) => [
                    `${record.topic}:${record.partition}:${record.offset}`,
                    record,
                  ]),
                );
                return (result.report.refused ?? []).flatMap(
                  ({ topic, partition, offset, reason, detail }) => {
                    const record = byOffset.get(`${topic}:${partition}:${offset}`);
                    return record ? [deadLetterEntry(record, reason, detail, DeadLetterStage.index)] : [];
                  },
                );
              },
            },
          ]),
      {
        name: 'detect',
        run: async (read: BatchRead) => {
          await functions.detect(redriveEvent(read));
          return [];
        },
      },
    ];
    return {
      config,
      deps: {
        store: new S3Bucket(createS3Client(config), config.s3.bucket),
        gzipLevel: defaultGzipLevel,
        concurrency: defaultPutConcurrency,
      },
      sinks,
      close: () => pipeline.close(),
    };
  } catch (error) {
    await pipeline.close();
    throw error;
  }
}

/**
 * One human line per reason and the records that went through.
 *
 * @example
 * formatRedriveReport(report); // 'oversize: 1 of 1 accepted ...'
 */
export function formatRedriveReport(report: RedriveReport): string {
  const verb = report.dryRun ? 'would be accepted' : 'accepted';
  const lines = [
    `${report.dryRun ? 'dry run: ' : ''}${plural(report.entries, 'dead-letter record')} in ${plural(report.objects, 'object')}: ` +
      `${report.accepted} ${verb}, ${report.stillDeadLettered} still unusable` +
      (report.unhandled > 0 ? `, ${report.unhandled} left for the index (OpenSearch not configured)` : '') +
      (report.dryRun ? '' : `; ${report.archived} archived`),
  ];
  for (const [reason, counts] of Object.entries(report.byReason)) {
    lines.push(
      `  ${reason.padEnd(17)} ${counts.accepted} of ${counts.entries} ${verb}, ${counts.stillDeadLettered} still unusable`,
    );
  }
  const shown = report.redriven.slice(0, 20);
  for (const record of shown) {
    lines.push(`  ${verb}: ${record.topic}/${record.partition}@${record.offset} (was ${record.reason})`);
  }
  if (report.redriven.length > shown.length)
    lines.push(`  ... and ${report.redriven.length - shown.length} more`);
  return lines.join('\n');
}

/**
 * `sluice redrive` with its dependencies given: what the registered command runs.
 *
 * @example
 * await runRedrive(['--reason', 'oversize', '--json'], { open: openBucket });
 */
export async function runRedrive(argv: readonly string[], options: RedriveCommandOptions): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      reason: { type: 'string' },
      since: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean' },
    },
    'redrive',
  );
  if (positionals.length > 0) {
    throw new UsageError(
      `sluice redrive: unexpected argument "${positionals[0]}" (see sluice redrive --help)`,
    );
  }
  const reason = values.reason;
  if (reason !== undefined && !reasons.includes(reason as DeadLetterReason)) {
    throw new UsageError(`sluice redrive: --reason must be one of ${reasons.join(', ')}, got "${reason}"`);
  }
  const now = (options.now ?? Date.now)();
  const since = values.since === undefined ? undefined : parseSince(values.since, now);
  if (values.since !== undefined && since === undefined) {
    throw new UsageError(
      `sluice redrive: --since must be a date, a time or a duration such as 2026-11-22, 2026-11-22T10:00Z or 24h, got "${values.since}"`,
    );
  }
  const target = await options.open(values['data-dir'] ?? '.sluice');
  let report: RedriveReport;
  try {
    const { maxRecordBytes, maxClockSkewMs } = target.config;
    report = await redrive(target.deps, {
      read: { maxRecordBytes, maxClockSkewMs },
      ...(reason !== undefined ? { reason: reason as DeadLetterReason } : {}),
      ...(since !== undefined ? { since } : {}),
      dryRun: values['dry-run'] === true,
      sinks: target.sinks,
    });
  } finally {
    await target.close();
  }
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  write(`${values.json ? JSON.stringify(report) : formatRedriveReport(report)}\n`);
  return 0;
}

/** `sluice redrive`: dead-letter entries back through the pipeline. */
export const redriveCommand: Command = {
  name: 'redrive',
  summary: 're-run dead-lettered records (after raising a limit or fixing a mapping)',
  help,
  run: (argv) => runRedrive(argv, { open: openPipelineTarget }),
};
