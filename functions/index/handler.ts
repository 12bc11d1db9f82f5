import { loadConfig } from '../../shared/config';
import { createIndexHandler } from './create-handler';

/** Lambda entry point: MSK event source mapping, consumer group sluice-index. */
export const handler = createIndexHandler(loadConfig());
