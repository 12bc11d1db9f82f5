import { loadConfig } from '../../shared/config';
import { createArchiveHandler } from './create-handler';

/** Lambda entry point: MSK event source mapping, consumer group sluice-archive. */
export const handler = createArchiveHandler(loadConfig());
