import type { Command } from '../command';
import { consumeCommand } from './consume';
import { opensearchCommand } from './opensearch';
import { produceCommand } from './produce';
import { recordCommand } from './record';
import { redriveCommand } from './redrive';
import { rehydrateCommand } from './rehydrate';
import { replayCommand } from './replay';
import { rulesCommand } from './rules';
import { searchCommand } from './search';
import { stackCommand } from './stack';
import { startCommand } from './start';
import { stateCommand } from './state';
import { sweepCommand } from './sweep';

/** Every `sluice` subcommand, in the order `sluice --help` lists them. */
export const commands: readonly Command[] = [
  startCommand,
  replayCommand,
  stateCommand,
  searchCommand,
  rulesCommand,
  sweepCommand,
  redriveCommand,
  rehydrateCommand,
  produceCommand,
  consumeCommand,
  recordCommand,
  opensearchCommand,
  stackCommand,
];
