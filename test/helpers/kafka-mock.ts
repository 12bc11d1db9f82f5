// The Kafka broker tests run against: librdkafka's mock cluster, started by Debian's kcat.
//
// `npm test` (scripts/test.mjs) starts one for the whole run and hands its brokers to every test
// process as SLUICE_KAFKA_BROKERS. A test file run on its own gets a cluster of its own, started on
// first use and killed at exit. kcat is installed with apt-get when missing and running as root;
// otherwise the start fails with the apt-get line to run (the Kafka tests then fail, never skip).
import { type KafkaMock, startKafkaMock } from '../../infra/local/kafka-mock';

/** Starts the run's mock cluster, installing kcat first when missing (root only). */
export function startTestKafka(log: (line: string) => void = () => {}): Promise<KafkaMock> {
  return startKafkaMock({ installMissing: true, log });
}

let ready: Promise<string[]> | undefined;

/**
 * The brokers of the test run's mock cluster (`host:port`, three of them).
 *
 * @example
 * const brokers = await testKafkaBrokers();
 * await runSluice(['produce', '--brokers', brokers.join(','), '--duration', '2']);
 */
export function testKafkaBrokers(): Promise<string[]> {
  ready ??= (async () => {
    const given = process.env.SLUICE_KAFKA_BROKERS;
    if (given) return given.split(',');
    const kafka = await startTestKafka();
    process.env.SLUICE_KAFKA_BROKERS = kafka.brokers.join(',');
    return [...kafka.brokers];
  })();
  return ready;
}
