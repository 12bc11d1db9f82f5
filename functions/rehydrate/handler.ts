import { loadConfig } from '../../shared/config';
import { createRehydrateHandler } from './create-handler';

/** Lambda entry point: `serverless invoke -f rehydrate --data '{"since": ..., "until": ...}'`, and itself. */
export const handler = createRehydrateHandler(loadConfig());
