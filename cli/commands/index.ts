import type { Command } from '../command';
import { opensearchCommand } from './opensearch';
import { rulesCommand } from './rules';
import { stackCommand } from './stack';
import { sweepCommand } from './sweep';

/** Every `sluice` subcommand, in the order `sluice --help` lists them. */
export const commands: readonly Command[] = [rulesCommand, sweepCommand, opensearchCommand, stackCommand];
