import type { SimulatedLog } from '../sim/microservice';

/** A message for kafkajs' `producer.send`. */
export interface ProducedMessage {
  /** The pathname: Kafka's default partitioner keeps one source file's logs in order on one partition. */
  readonly key: string;
  readonly value: string;
  /** Epoch ms as a decimal string (kafkajs' shape). */
  readonly timestamp: string;
}

/** Sends one batch of messages with the producer's acks; rejects when Kafka did not take them. */
export type SendMessages = (messages: readonly ProducedMessage[]) => Promise<void>;

export interface ProduceLoopOptions {
  /** Records per second. */
  readonly rate: number;
  /** How often due records are sent (one `producer.send` each time). */
  readonly tickMs?: number;
  /** Most records in one send; a send that falls behind catches up over several. */
  readonly maxBatch?: number;
  readonly now?: () => number;
}

/** Records due after `elapsedMs` at `rate` per second. */
export const dueRecords = (elapsedMs: number, rate: number): number => Math.floor((elapsedMs * rate) / 1000);

/** The simulated service's log lines as Kafka messages. */
export function toProducedMessages(logs: readonly SimulatedLog[], timeMs: number): ProducedMessage[] {
  return logs.map((log) => ({ key: log.pathname, value: log.value, timestamp: String(timeMs) }));
}

/**
 * The simulated microservice writing to Kafka at a steady rate: every tick it sends the records that
 * are due as one batch (one request per partition leader), waiting for the acks before the next.
 * A send that fails stops the loop; `stop()` resolves to that error, if any.
 */
export class ProduceLoop {
  produced = 0;
  errors = 0;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private failure: unknown;
  private started = 0;

  constructor(
    private readonly next: (timeMs: number) => SimulatedLog,
    private readonly send: SendMessages,
    private readonly options: ProduceLoopOptions,
    private readonly onFailure: (error: unknown) => void = () => {},
  ) {}

  start(): void {
    const now = this.options.now ?? Date.now;
    this.started = now();
    this.timer = setInterval(() => this.tick(), this.options.tickMs ?? 100);
  }

  /** Stops after the send in flight; resolves to the error that stopped the loop, if one did. */
  async stop(): Promise<unknown> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.sending;
    return this.failure;
  }

  /** Sends what is due now, unless a send is still in flight (the next tick catches up). */
  tick(): Promise<void> | undefined {
    if (this.sending || this.failure !== undefined) return this.sending;
    const now = (this.options.now ?? Date.now)();
    const due = Math.min(
      dueRecords(now - this.started, this.options.rate) - this.produced,
      this.options.maxBatch ?? 5000,
    );
    if (due <= 0) return undefined;
    const logs = Array.from({ length: due }, () => this.next(now));
    this.sending = this.send(toProducedMessages(logs, now))
      .then(() => {
        this.produced += logs.length;
        this.errors += logs.filter((log) => log.level === 'ERROR').length;
      })
      .catch((error: unknown) => {
        this.failure = error ?? new Error('send failed');
        if (this.timer) clearInterval(this.timer);
        this.timer = undefined;
        this.onFailure(this.failure);
      })
      .finally(() => {
        this.sending = undefined;
      });
    return this.sending;
  }
}
