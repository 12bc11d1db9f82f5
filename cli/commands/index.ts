import type { Command } from '../command';

/** Every `sluice` subcommand, in the order `sluice --help` lists them. */
export const commands: readonly Command[] = [];
