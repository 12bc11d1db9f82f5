import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LineSink } from '../../shared/lambda/logger';

/** Where the handlers' own lines go during a local run, and how to finish writing them. */
export interface HandlerLog {
  readonly sink: LineSink;
  /** The file the lines go to, or undefined with `--verbose` (stderr). */
  readonly path: string | undefined;
  close(): Promise<void>;
}

/** Name of the file in the data dir that receives the handlers' JSON log and EMF metric lines. */
export const HANDLER_LOG_FILE = 'functions.log';

/**
 * The handlers' JSON log lines and EMF metric lines, as Lambda would send them to CloudWatch: appended
 * to `<dataDir>/functions.log`, so the terminal keeps the command's own progress; with `verbose`, to
 * stderr instead.
 *
 * @example
 * const log = openHandlerLog('.sluice', false);
 * const pipeline = await openLocalPipeline({ handlerLog: log.sink });
 */
export function openHandlerLog(dataDir: string, verbose: boolean): HandlerLog {
  if (verbose) {
    return { sink: (line) => process.stderr.write(`${line}\n`), path: undefined, close: async () => {} };
  }
  mkdirSync(resolve(dataDir), { recursive: true });
  const path = join(resolve(dataDir), HANDLER_LOG_FILE);
  const stream = createWriteStream(path, { flags: 'a' });
  return {
    sink: (line) => {
      stream.write(`${line}\n`);
    },
    path,
    close: () => new Promise<void>((done) => stream.end(done)),
  };
}
