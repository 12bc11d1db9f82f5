import { loadConfig } from '../../shared/config';
import { kafkaHandler } from '../../shared/lambda/kafka-handler';
import { archiveStep, buildArchiveDeps } from './step';

const config = loadConfig();

/** Lambda entry point: MSK event source mapping, consumer group sluice-archive. */
export const handler = kafkaHandler(config, archiveStep(buildArchiveDeps(config)));
