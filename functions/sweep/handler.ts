import { loadConfig } from '../../shared/config';
import { createSweepHandler } from './create-handler';

/** Lambda entry point (EventBridge schedule, every minute). */
export const handler = createSweepHandler(loadConfig());
