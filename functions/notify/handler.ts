import { loadConfig } from '../../shared/config';
import { createNotifyHandler } from './create-handler';

/** Lambda entry point (EventBridge alarm rule, SNS alarm topic or Lambda alarm action). */
export const handler = createNotifyHandler(loadConfig());
