import { Kafka, type LogEntry, logLevel } from 'kafkajs';
import { brokersVariable } from '../../infra/local/kafka-mock';
import { UsageError } from '../command';
import { KafkaUnavailableError, TopicMissingError } from './errors';

/** Where the tools look for Kafka when `--brokers` is not given: the compose file's broker. */
export const defaultBrokers = ['localhost:9092'] as const;
/** The topic compose.yml creates and serverless.yml reads. */
export const defaultTopic = 'logs';

/** How long the first connection may take before a tool says no broker answers. */
const probeTimeoutMs = 3000;

/**
 * `--brokers` as a list of `host:port` (port 9092 when left out).
 *
 * @example
 * parseBrokers('kafka1:9092,kafka2', 'consume'); // ['kafka1:9092', 'kafka2:9092']
 */
export function parseBrokers(text: string | undefined, command: string): string[] {
  if (text === undefined) return [...defaultBrokers];
  const brokers = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (brokers.length === 0) throw new UsageError(`sluice ${command}: --brokers needs at least one host:port`);
  return brokers.map((broker) => {
    const match = /^(\[[^\]]+\]|[^:\s]+)(?::(\d{1,5}))?$/.exec(broker);
    const port = Number(match?.[2] ?? 9092);
    if (!match || port < 1 || port > 65_535) {
      throw new UsageError(`sluice ${command}: --brokers "${broker}" is not host:port`);
    }
    return `${match[1]}:${port}`;
  });
}

/**
 * The brokers a tool uses: `--brokers`, else SLUICE_KAFKA_BROKERS (what `sluice stack --kafka`
 * exports), else the compose file's broker.
 *
 * @example
 * brokersOption(values.brokers, 'consume'); // ['127.0.0.1:41841', ...] after `eval "$(sluice stack --kafka)"`
 */
export function brokersOption(
  flag: string | undefined,
  command: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string[] {
  return parseBrokers(flag ?? env[brokersVariable], command);
}

/**
 * kafkajs' log lines at warn and above as one plain line each through `write`; the rest is dropped
 * (kafkajs logs every reconnect and rebalance step at info).
 */
export function kafkaLogCreator(write: (line: string) => void) {
  return (_level: logLevel) =>
    ({ namespace, level, log }: LogEntry): void => {
      if (level === logLevel.NOTHING || level > logLevel.WARN) return;
      const name = level === logLevel.ERROR ? 'error' : 'warn';
      const error = typeof log.error === 'string' && log.error !== log.message ? `: ${log.error}` : '';
      write(`kafka ${name}: ${namespace ? `[${namespace}] ` : ''}${log.message}${error}`);
    };
}

/** A kafkajs client for the tools' real work (its own retries, warnings routed to `write`). */
export function createKafka(
  brokers: readonly string[],
  clientId: string,
  write: (line: string) => void,
): Kafka {
  return new Kafka({
    clientId,
    brokers: [...brokers],
    connectionTimeout: probeTimeoutMs,
    logCreator: kafkaLogCreator(write),
  });
}

/**
 * Checks that a broker answers, quickly and quietly: one try, a short connection timeout, no kafkajs
 * logging. Resolves to the topics the cluster has; throws `KafkaUnavailableError` otherwise.
 */
export async function probeKafka(brokers: readonly string[]): Promise<string[]> {
  const kafka = new Kafka({
    clientId: 'sluice-probe',
    brokers: [...brokers],
    connectionTimeout: probeTimeoutMs,
    requestTimeout: probeTimeoutMs * 2,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    return await admin.listTopics();
  } catch (error) {
    throw new KafkaUnavailableError(brokers, { cause: error });
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** Probes the brokers and checks that `topic` exists there. */
export async function requireTopic(brokers: readonly string[], topic: string): Promise<void> {
  const topics = await probeKafka(brokers);
  if (!topics.includes(topic)) throw new TopicMissingError(topic, brokers);
}
