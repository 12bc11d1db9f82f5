/** One `sluice` subcommand. Each lives in its own file under cli/commands/ and is listed in cli/commands/index.ts. */
export interface Command {
  readonly name: string;
  /** One line for `sluice --help`. */
  readonly summary: string;
  /** The full text of `sluice <name> --help`. */
  readonly help: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: readonly string[]): Promise<number>;
}

/** A problem with how the command was called: printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
