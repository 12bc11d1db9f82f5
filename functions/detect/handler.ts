import { loadConfig } from '../../shared/config';
import { createDetectHandler } from './create-handler';

/** Lambda entry point: MSK event source mapping, consumer group sluice-detect. */
export const handler = createDetectHandler(loadConfig());
