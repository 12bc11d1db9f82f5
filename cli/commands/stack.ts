import { endpointAnswers } from '../../infra/local/endpoint-answers';
import { kafkaMockEnv, startKafkaMock } from '../../infra/local/kafka-mock';
import { startLocalStack } from '../../infra/local/stack';
import type { LocalStack, S3Server } from '../../infra/local/types';
import { loadConfig } from '../../shared/config';
import { parseCommandArgs } from '../args';
import { type Command, UsageError } from '../command';
import { type Interrupt, onInterrupt } from '../interrupt';

const help = `
Usage: sluice stack [--data-dir DIR] [--in-memory] [--s3 auto|swift|s3rver] [--kafka]

Serves the local stack in the foreground until Ctrl-C: DynamoDB Local (AWS's emulator, needs
Java 17) and an S3 API server (OpenStack Swift when its Debian packages are installed, else s3rver
in this process), both on free 127.0.0.1 ports, with the sluice table and bucket created. It prints
the variables that point sluice, the AWS CLI and SDKs, and \`serverless invoke local\` at it:

  sluice stack > stack.env &    # once it says ready, in any shell:  . ./stack.env

A service the environment already names (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_DYNAMODB) is not
started; its endpoint is printed as given. Another sluice run with the same --data-dir reuses these
servers instead of starting its own.

  --data-dir DIR   keep the table and the objects in DIR (default .sluice/): DIR/dynamodb, DIR/s3
  --in-memory      keep nothing; everything is gone after Ctrl-C
  --s3 SERVER      auto (default), swift (OpenStack Swift with s3api; Debian packages
                   swift-proxy swift-object swift-container swift-account memcached), or s3rver
  --kafka          also serve librdkafka's mock cluster (Debian package kcat): an in-memory Kafka
                   test broker, not for production; exports SLUICE_KAFKA_BROKERS, which
                   sluice produce, consume and record use when --brokers is not given

See infra/local/README.md and docs/local-kafka.md.
`;

const s3Servers = ['auto', 'swift', 's3rver'] as const;

/** `NAME=value` quoted for sh when the value needs it. */
export function exportLine(name: string, value: string): string {
  const safe = /^[A-Za-z0-9_./:@%+=,-]*$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
  return `export ${name}=${safe}`;
}

/** Resolves on the first Ctrl-C / SIGTERM (0), or when a server stops answering (1). */
function serveUntilStopped(
  stack: LocalStack,
  interrupt: Interrupt,
  log: (line: string) => void,
): Promise<number> {
  return new Promise((resolve) => {
    const finish = (code: number) => {
      clearInterval(watch);
      resolve(code);
    };
    void interrupt.requested.then(() => finish(0));
    const watch = setInterval(async () => {
      for (const service of [stack.s3, stack.dynamodb]) {
        if (service.kind !== 'external' && !(await endpointAnswers(service.endpoint, 2000))) {
          log(`${service.kind} at ${service.endpoint} stopped answering; shutting down`);
          finish(1);
          return;
        }
      }
    }, 5000);
  });
}

/** `sluice stack [--data-dir DIR] [--in-memory] [--s3 auto|swift|s3rver]`. */
export const stackCommand: Command = {
  name: 'stack',
  summary: 'serve DynamoDB Local and an S3 server in the foreground; print export lines',
  help,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        'data-dir': { type: 'string' },
        'in-memory': { type: 'boolean' },
        s3: { type: 'string' },
        kafka: { type: 'boolean' },
      },
      'stack',
    );
    if (positionals.length > 0) {
      throw new UsageError(`sluice stack: unexpected argument "${positionals[0]}" (see sluice stack --help)`);
    }
    const s3 = values.s3 ?? 'auto';
    if (!(s3Servers as readonly string[]).includes(s3)) {
      throw new UsageError(`sluice stack: --s3 must be one of ${s3Servers.join(', ')}, got "${s3}"`);
    }
    const log = (line: string) => process.stderr.write(`sluice stack: ${line}\n`);
    const dataDir = values['data-dir'] ?? '.sluice';
    const started = Date.now();
    // First: it fails fast, with the apt-get line, when kcat is missing.
    const kafka = values.kafka ? await startKafkaMock({ log }) : undefined;
    // The servers run in process groups of their own: Ctrl-C reaches only this process, which stops
    // them; a second Ctrl-C exits at once (the exit hooks still stop them).
    const interrupt = onInterrupt(() => log('stopped at once'));
    const stack = await startLocalStack(
      { dataDir, inMemory: values['in-memory'] ?? false, s3: s3 as S3Server, log },
      loadConfig(),
    ).catch(async (error: unknown) => {
      await kafka?.stop();
      throw error;
    });
    const env = { ...stack.env, ...(kafka ? kafkaMockEnv(kafka) : {}) };
    for (const [name, value] of Object.entries(env)) process.stdout.write(`${exportLine(name, value)}\n`);
    if (kafka) log(`Kafka mock cluster (kcat, in memory, a test broker) at ${kafka.brokers.join(',')}`);
    const services = [stack.s3, stack.dynamodb];
    if (!kafka && services.every((service) => service.kind === 'external')) {
      log('both endpoints come from the environment: nothing to serve');
      await stack.stop();
      interrupt.dispose();
      return 0;
    }
    const where = values['in-memory'] ? 'in memory' : `data in ${dataDir}`;
    const took = ((Date.now() - started) / 1000).toFixed(1);
    log(
      `S3 (${stack.s3.kind}) and DynamoDB (${stack.dynamodb.kind}) ready in ${took} s, ${where}; Ctrl-C to stop`,
    );
    const code = await serveUntilStopped(stack, interrupt, log);
    log('stopping (Ctrl-C again to stop at once) ...');
    await Promise.all([stack.stop(), kafka?.stop()]);
    log('stopped');
    interrupt.dispose();
    return code;
  },
};
