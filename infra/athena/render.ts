import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/** What the Athena DDL needs to know about one deployment. */
export interface AthenaTableOptions {
  readonly bucket: string;
  /** Kafka topics the archive holds (projected as an enum). */
  readonly topics: readonly string[];
  /** Partitions per topic (the largest one, if they differ). */
  readonly partitions: number;
  /** First day to project, `YYYY-MM-DD`: the day the archive started. */
  readonly firstDay: string;
}

/** The DDL files of infra/athena/, in the order to run them. */
export const athenaTables = ['logs.sql', 'dead-letters.sql'] as const;

/**
 * Fills the `{{...}}` placeholders of one DDL file. Refuses values that would break the statement.
 *
 * @example
 * renderAthenaTable('logs.sql', { bucket: 'acme-sluice-logs', topics: ['logs'], partitions: 12, firstDay: '2026-01-01' });
 */
export function renderAthenaTable(file: (typeof athenaTables)[number], options: AthenaTableOptions): string {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(options.bucket))
    throw new Error(`not an S3 bucket name: ${options.bucket}`);
  if (options.topics.length === 0 || options.topics.some((topic) => !/^[A-Za-z0-9._-]+$/.test(topic))) {
    throw new Error('topics must be one or more Kafka topic names ([A-Za-z0-9._-])');
  }
  if (!Number.isInteger(options.partitions) || options.partitions < 1)
    throw new Error('partitions must be at least 1');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.firstDay)) throw new Error('firstDay must be YYYY-MM-DD');
  const values: Record<string, string> = {
    BUCKET: options.bucket,
    TOPICS: options.topics.join(','),
    LAST_PARTITION: String(options.partitions - 1),
    FIRST_DAY: options.firstDay,
  };
  return readFileSync(join(__dirname, file), 'utf8').replace(/\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${file}: unknown placeholder {{${name}}}`);
    return value;
  });
}

// `npx tsx infra/athena/render.ts --bucket B --topics logs --partitions 12 [--first-day 2026-01-01]`
if (require.main === module) {
  const { values } = parseArgs({
    options: {
      bucket: { type: 'string' },
      topics: { type: 'string' },
      partitions: { type: 'string' },
      'first-day': { type: 'string' },
    },
  });
  const options: AthenaTableOptions = {
    bucket: values.bucket ?? '',
    topics: (values.topics ?? '').split(',').filter((topic) => topic !== ''),
    partitions: Number(values.partitions ?? '1'),
    firstDay: values['first-day'] ?? new Date().toISOString().slice(0, 10),
  };
  process.stdout.write(`${athenaTables.map((file) => renderAthenaTable(file, options)).join('\n')}`);
}
