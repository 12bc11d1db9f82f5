import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './command';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `util.parseArgs` with errors turned into one clear `UsageError` line (unknown flag, missing value).
 *
 * @example
 * const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, 'replay');
 */
export function parseCommandArgs<T extends Options>(argv: readonly string[], options: T, command: string) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    const text = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`sluice ${command}: ${text} (see sluice ${command} --help)`);
  }
}
