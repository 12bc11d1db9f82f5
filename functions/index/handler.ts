import { loadConfig } from '../../shared/config';
import { kafkaHandler } from '../../shared/lambda/kafka-handler';
import { indexStep } from './step';

const config = loadConfig();

/** Lambda entry point: MSK event source mapping, consumer group sluice-index. */
export const handler = kafkaHandler(config, indexStep(config));
