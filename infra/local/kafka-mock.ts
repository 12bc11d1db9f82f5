import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { startChild } from './child-process';
import { installHint, installPackages, isRoot } from './debian-packages';
import { LocalStackError } from './errors';

/** The Debian package whose `kcat` starts librdkafka's mock cluster. */
export const kcatPackages = ['kcat'] as const;

/** The topic kcat itself reads to stay up; every other topic is the user's. */
export const keepAliveTopic = 'sluice-mock-keepalive';

/** The mock's log line naming its brokers (kcat prints it at notice level, without `-d mock`). */
const readyLine = /Mock cluster enabled: .* replaced with (\S+)\s*$/;

export interface KafkaMockOptions {
  /** Brokers in the cluster (default 3: partitions get different leaders, as on MSK). */
  readonly brokers?: number;
  /** Install kcat with apt-get when it is missing; only works as root. */
  readonly installMissing?: boolean;
  readonly log?: (line: string) => void;
}

/** A running mock cluster. */
export interface KafkaMock {
  /** `host:port` of every broker, e.g. `['127.0.0.1:41841', ...]`. */
  readonly brokers: readonly string[];
  readonly kind: 'kafka-mock';
  /** Stops kcat, and with it the cluster and everything it held. Safe to call twice. */
  stop(): Promise<void>;
}

/** The path of `command` on PATH, if any. */
export function findOnPath(command: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** kcat's path, installing it first when asked to and allowed to; otherwise says how to install it. */
async function requireKcat(options: KafkaMockOptions): Promise<string> {
  const found = findOnPath('kcat');
  if (found) return found;
  if (options.installMissing && isRoot()) {
    await installPackages(kcatPackages, options.log ?? (() => {}));
    const installed = findOnPath('kcat');
    if (installed) return installed;
  }
  throw new LocalStackError(
    `the Kafka mock cluster is started by kcat (librdkafka's test broker), which is not installed; run: ${installHint(kcatPackages)}`,
  );
}

/**
 * Starts librdkafka's mock cluster: an in-memory Kafka test broker (the one librdkafka's own tests
 * use) that kcat starts when it is given `test.mock.num.brokers`. It speaks the Kafka protocol on
 * free 127.0.0.1 ports, creates a topic (4 partitions) when a client first asks for it, and keeps
 * everything in memory until it stops. For tests and local runs, never for production data.
 *
 * @example
 * const kafka = await startKafkaMock();
 * // sluice produce --brokers ${kafka.brokers.join(',')}
 * await kafka.stop();
 */
export async function startKafkaMock(options: KafkaMockOptions = {}): Promise<KafkaMock> {
  const kcat = await requireKcat(options);
  const brokers = options.brokers ?? 3;
  const child = await startChild({
    name: 'the Kafka mock cluster (kcat)',
    // kcat logs to stderr; the shell hands that to stdout, where the ready line is looked for.
    command: '/bin/sh',
    args: [
      '-c',
      'exec "$0" "$@" 2>&1',
      kcat,
      ...['-q', '-b', '127.0.0.1:1', '-X', `test.mock.num.brokers=${brokers}`],
      ...['-C', '-t', keepAliveTopic, '-o', 'end'],
    ],
    ready: readyLine,
    timeoutMs: 10_000,
  });
  const list = (child.match[1] ?? '').split(',').filter((broker) => broker !== '');
  return { brokers: list, kind: 'kafka-mock', stop: () => child.stop() };
}

/** The variable that points `sluice produce`, `consume` and `record` at a Kafka when --brokers is not given. */
export const brokersVariable = 'SLUICE_KAFKA_BROKERS';

/**
 * The export lines' variables for a running mock cluster.
 *
 * @example
 * kafkaMockEnv(kafka); // { SLUICE_KAFKA_BROKERS: '127.0.0.1:41841,127.0.0.1:39235,127.0.0.1:44107' }
 */
export function kafkaMockEnv(kafka: KafkaMock): Record<string, string> {
  return { [brokersVariable]: kafka.brokers.join(',') };
}
