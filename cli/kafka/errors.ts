import { SluiceError } from '../../shared/errors';

/** The first connection to Kafka failed: no broker answers at the given addresses. */
export class KafkaUnavailableError extends SluiceError {
  constructor(brokers: readonly string[], options?: { cause?: unknown }) {
    const reason = options?.cause instanceof Error ? briefReason(options.cause) : undefined;
    super(
      `no Kafka broker answers at ${brokers.join(',')}${reason ? ` (${reason})` : ''}; ` +
        'is it running? see infra/local/compose.yml',
      options,
    );
    this.name = 'KafkaUnavailableError';
  }
}

/** The topic a tool reads does not exist on the cluster. */
export class TopicMissingError extends SluiceError {
  constructor(topic: string, brokers: readonly string[]) {
    super(
      `topic "${topic}" does not exist at ${brokers.join(',')} ` +
        '(create it, or let `sluice produce` create it; compose.yml creates "logs")',
    );
    this.name = 'TopicMissingError';
  }
}

/**
 * The topic is missing and the broker would create it neither on request (CreateTopics) nor on first
 * use (`auto.create.topics.enable=false`).
 */
export class TopicCreationError extends SluiceError {
  constructor(
    topic: string,
    brokers: readonly string[],
    partitions: number,
    reasons: { readonly refused: unknown; readonly notCreated: unknown },
  ) {
    super(
      `topic "${topic}" does not exist at ${brokers.join(',')}, and the broker refused to create it ` +
        `(${briefReason(reasons.refused)}) nor created it on first use (${briefReason(reasons.notCreated)}); ` +
        `create it yourself, e.g. kafka-topics.sh --bootstrap-server ${brokers[0]} --create --topic ${topic} ` +
        `--partitions ${partitions}, or allow auto.create.topics.enable on the broker`,
      { cause: reasons.notCreated },
    );
    this.name = 'TopicCreationError';
  }
}

/**
 * kafkajs' wrapped errors say the useful part last ("Connection error: connect ECONNREFUSED ..."):
 * the innermost cause's first line, without that prefix.
 *
 * @example
 * briefReason(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092')); // 'connect ECONNREFUSED 127.0.0.1:9092'
 */
export function briefReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  let inner: unknown = error;
  // KafkaJSNumberOfRetriesExceeded and friends keep the original as `cause` (older versions: originalError).
  for (let depth = 0; depth < 5; depth += 1) {
    const next =
      (inner as { cause?: unknown }).cause ??
      (inner as { originalError?: unknown }).originalError ??
      undefined;
    if (!(next instanceof Error)) break;
    inner = next;
  }
  const message = (inner as Error).message.split('\n')[0] ?? '';
  return message.replace(/^Connection error: /, '').slice(0, 160);
}
