import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { SluiceError } from '../../shared/errors';
import { parseCommandArgs } from '../args';
import { type Command, UsageError } from '../command';
import { brokersOption, createKafka, defaultTopic, requireTopic } from '../kafka/client';
import { durationFlag, numberFlag } from '../kafka/flags';
import { maxInvokePayloadBytes, RecordCollector } from '../kafka/record-collector';
import { writeRecordedEvent } from '../kafka/recorded-file';
import { untilStopped } from '../kafka/terminal';
import { localClusterArn } from '../sim/msk-event';

const help = `
Usage: sluice record --out FILE [--brokers HOST:PORT,...] [--topic T] [--max N] [--timeout S]

Captures the records a Kafka topic holds, from the earliest offset of every partition, into one
recorded MSK event file: the JSON Lambda would receive (base64 keys and values, byte-array headers,
records keyed topic-partition). Nothing is committed: it reads with a throwaway consumer group that
is deleted afterwards, so the sluice-* groups do not move.

  --out FILE        where the event is written (folders are created)
  --brokers LIST    bootstrap brokers (default SLUICE_KAFKA_BROKERS, else localhost:9092)
  --topic T         the topic (default logs)
  --max N           at most N records (default 500)
  --timeout S       stop reading after S seconds and write what was read (default 30)

Then:
  sluice replay FILE --json
  npx serverless invoke local --stage local -f archive -p FILE
`;

/** `sluice record`: a topic's records into a recorded MSK event file. */
export const recordCommand: Command = {
  name: 'record',
  summary: 'capture records from a real Kafka topic into a recorded MSK event file',
  help,
  async run(argv) {
    const { values } = parseCommandArgs(
      argv,
      {
        out: { type: 'string' },
        brokers: { type: 'string' },
        topic: { type: 'string' },
        max: { type: 'string' },
        timeout: { type: 'string' },
      },
      'record',
    );
    if (values.out === undefined) throw new UsageError('sluice record: --out FILE is required');
    const out = resolve(values.out);
    const brokers = brokersOption(values.brokers, 'record');
    const topic = values.topic ?? defaultTopic;
    const max = numberFlag(
      values.max,
      '--max',
      'record',
      500,
      (n) => Number.isInteger(n) && n >= 1 && n <= 100_000,
    );
    const timeoutMs = durationFlag(values.timeout, '--timeout', 'record', 30_000);
    const say = (line: string) => process.stderr.write(`${line}\n`);

    await requireTopic(brokers, topic);
    const kafka = createKafka(brokers, 'sluice-record', say);
    const admin = kafka.admin();
    await admin.connect();
    const groupId = `sluice-record-${randomBytes(4).toString('hex')}`;
    try {
      const ranges = await admin.fetchTopicOffsets(topic);
      const collector = new RecordCollector(topic, ranges, max);
      if (collector.done) {
        throw new SluiceError(
          `topic "${topic}" at ${brokers.join(',')} holds no records (write some: sluice produce)`,
        );
      }
      let finished: () => void = () => {};
      const complete = new Promise<void>((resolve) => {
        finished = resolve;
      });
      const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500 });
      await consumer.connect();
      try {
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        await consumer.run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            collector.add(batch);
            if (collector.done) finished();
          },
        });
        const why = await untilStopped(timeoutMs, complete);
        if (why !== 'early') {
          say(
            `sluice record: stopped after ${why === 'signal' ? 'Ctrl-C' : `${timeoutMs / 1000}s`} with ` +
              `${collector.count} records; partitions ${collector.pending().join(',')} not read to the end`,
          );
        }
      } finally {
        await consumer.disconnect();
      }
      if (collector.count === 0)
        throw new SluiceError(`no records read from "${topic}" in ${timeoutMs / 1000}s`);
      const bytes = writeRecordedEvent(
        out,
        collector.event({ bootstrapServers: brokers.join(','), eventSourceArn: localClusterArn }),
      );
      if (bytes > maxInvokePayloadBytes) {
        say(
          `sluice record: warning: ${Math.round(bytes / 1024)} KiB is over Lambda's 6 MB invoke payload; ` +
            'sluice replay takes it, invoke local and a real mapping never would (use a smaller --max)',
        );
      }
      process.stdout.write(
        `sluice record: ${collector.count} records from ${topic} written to ${values.out} (${Math.ceil(bytes / 1024)} KiB)\n` +
          `  replay: sluice replay ${values.out} --json\n` +
          `  invoke: npx serverless invoke local --stage local -f archive -p ${values.out}\n`,
      );
      return 0;
    } finally {
      // The group never committed; deleting it keeps the cluster's group list clean.
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect();
    }
  },
};
