import { CompressionTypes, Partitioners } from 'kafkajs';
import { parseCommandArgs } from '../args';
import { type Command, UsageError } from '../command';
import { brokersOption, createKafka, defaultTopic, probeKafka } from '../kafka/client';
import { describeTopicOutcome, ensureTopic } from '../kafka/ensure-topic';
import { durationFlag, numberFlag } from '../kafka/flags';
import { ProduceLoop } from '../kafka/produce-loop';
import { statusTerminal, untilStopped } from '../kafka/terminal';
import { defaultPathnames, simulateMicroservice } from '../sim/microservice';

const help = `
Usage: sluice produce [--brokers HOST:PORT,...] [--topic T] [--rate N] [--duration S]
                      [--error-share F] [--pathnames A,B] [--partitions N]

The simulated microservice of \`sluice start\`, writing its JSON logs (python-json-logger style, two
source files, about 30 % errors) to a real Kafka topic with kafkajs: batches of messages every
100 ms, acks from all in-sync replicas, the pathname as the key so each source file's logs stay in
order on one partition. Creates the topic when it does not exist; a broker that refuses to create
topics (librdkafka's mock cluster, locked-down clusters) is left to create it on first use, with its
own partition count.

  --brokers LIST      bootstrap brokers (default SLUICE_KAFKA_BROKERS, else localhost:9092)
  --topic T           the topic (default logs)
  --rate N            records per second (default 200)
  --duration S        stop after S seconds (default: run until Ctrl-C)
  --error-share F     share of records that are errors, 0..1 (default 0.3)
  --pathnames A,B     the source files that log (default ${defaultPathnames.join(',')})
  --partitions N      partitions of the topic when it has to be created (default 3)

Example (see docs/local-kafka.md):
  sluice produce --rate 500 --duration 60
`;

/** `sluice produce`: simulated JSON logs into a Kafka topic. */
export const produceCommand: Command = {
  name: 'produce',
  summary: 'write simulated microservice logs to a real Kafka topic (kafkajs)',
  help,
  async run(argv) {
    const { values } = parseCommandArgs(
      argv,
      {
        brokers: { type: 'string' },
        topic: { type: 'string' },
        rate: { type: 'string' },
        duration: { type: 'string' },
        'error-share': { type: 'string' },
        pathnames: { type: 'string' },
        partitions: { type: 'string' },
      },
      'produce',
    );
    const brokers = brokersOption(values.brokers, 'produce');
    const topic = values.topic ?? defaultTopic;
    const rate = numberFlag(values.rate, '--rate', 'produce', 200, (n) => n > 0 && n <= 100_000);
    const errorShare = numberFlag(
      values['error-share'],
      '--error-share',
      'produce',
      0.3,
      (n) => n >= 0 && n <= 1,
    );
    const partitions = numberFlag(
      values.partitions,
      '--partitions',
      'produce',
      3,
      (n) => Number.isInteger(n) && n >= 1 && n <= 1000,
    );
    const durationMs = durationFlag(values.duration, '--duration', 'produce', Number.POSITIVE_INFINITY);
    const pathnames = values.pathnames?.split(',').filter((p) => p !== '') ?? [...defaultPathnames];
    if (pathnames.length === 0) throw new UsageError('sluice produce: --pathnames needs at least one name');

    // Fail fast: one line when no broker answers.
    const topics = await probeKafka(brokers);
    const term = statusTerminal();
    const kafka = createKafka(brokers, 'sluice-produce', term.say);
    if (!topics.includes(topic)) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const said = describeTopicOutcome(
          topic,
          partitions,
          await ensureTopic(admin, topic, partitions, brokers),
        );
        if (said) term.say(`sluice produce: ${said}`);
      } finally {
        await admin.disconnect();
      }
    }
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();

    let failed: () => void = () => {};
    const sendFailed = new Promise<void>((resolve) => {
      failed = resolve;
    });
    const loop = new ProduceLoop(
      simulateMicroservice({ pathnames, errorShare, seed: Date.now() % 2 ** 31 }),
      async (messages) => {
        await producer.send({ topic, acks: -1, compression: CompressionTypes.None, messages: [...messages] });
      },
      { rate },
      () => failed(),
    );
    const started = Date.now();
    term.say(`sluice produce: ${rate} records/s to ${topic} at ${brokers.join(',')}; Ctrl-C to stop`);
    loop.start();
    const progress = setInterval(() => {
      const seconds = (Date.now() - started) / 1000;
      term.status(
        `${Math.floor(seconds)}s  produced ${loop.produced}  errors ${loop.errors}  ` +
          `${Math.round(loop.produced / Math.max(seconds, 0.001))} rec/s`,
      );
    }, 1000);

    await untilStopped(durationMs, sendFailed);
    clearInterval(progress);
    const failure = await loop.stop();
    await producer.disconnect();
    term.clear();
    const summary = `${loop.produced} records written to ${topic} (${loop.errors} errors) in ${Math.round((Date.now() - started) / 1000)}s`;
    if (failure !== undefined) {
      const reason = failure instanceof Error ? failure.message : String(failure);
      process.stderr.write(`sluice produce: Kafka did not take a batch, stopping: ${reason}; ${summary}\n`);
      return 1;
    }
    term.say(`sluice produce: ${summary}`);
    return 0;
  },
};
