import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { debugEnabled } from '../shared/config';
import { SluiceError } from '../shared/errors';
import { UsageError } from './command';
import { commands } from './commands/index';

const usage = (): string =>
  [
    'sluice: serverless log analytics for Kafka on AWS, run locally.',
    '',
    'Usage: sluice <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(12)} ${command.summary}`),
    '',
    'Run `sluice <command> --help` for the options of one command; `sluice --version` for the version.',
  ].join('\n');

/** `sluice 0.1.0`: the version in package.json. */
const version = (): string => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  return `sluice ${pkg.version}`;
};

/** Runs one `sluice` invocation and resolves to its exit code; errors become one line on stderr. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    process.stderr.write(`sluice: unknown command "${name}" (see sluice --help)\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.help.trim()}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    if (error instanceof SluiceError) {
      process.stderr.write(`sluice ${name}: ${error.message}\n`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`sluice ${name}: unexpected error: ${message}\n`);
    if (debugEnabled()) console.error(error);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`sluice: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
