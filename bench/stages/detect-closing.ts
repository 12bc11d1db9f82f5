import { detectBatch } from '../../functions/detect/detect-batch';
import { DEFAULT_DETECT_SETTINGS } from '../../functions/detect/types';
import { MemoryDetectStore } from '../../shared/adapters/dynamodb/memory-store';
import type { SlackPort } from '../../shared/alerts/slack-port';
import type { BatchRead } from '../../shared/batch/types';
import { DEFAULT_RULES_YAML } from '../../shared/rules/default-rules';
import { parseRules } from '../../shared/rules/parse';

const BENCH_NOW = Date.UTC(2026, 10, 22, 12, 5, 0);

/** The bundled (count) rules plus one rule of each other type: flatline, ratio and new. */
const ALL_TYPES_RULES_YAML = `${DEFAULT_RULES_YAML}
  - { name: service-silent, type: flatline, groupBy: service, window: 1m, lookback: 10m }
  - { name: error-ratio, type: ratio, where: { level: [error, fatal] }, groupBy: service, window: 1m, threshold: 5%, minCount: 100 }
  - { name: new-error, type: new, where: { level: [error, fatal] }, fingerprint: [service, pathname, message], lookback: 7d }
`;

/**
 * The detect stage with a rule of every type (`detect-all-types` in `npm run bench`): the bundled
 * count rules, a flatline, a ratio and a new-error rule, on the in-memory twin of the DynamoDB store.
 * Its DynamoDB calls per batch include the window writes of the flatline and ratio rules (their
 * counters share the window items' writes), the watermark writes (one per partition of the batch) and
 * the fingerprints' (one per distinct fingerprint at most): none per record.
 *
 * @example
 * const { calls } = await benchDetectAllTypes(read); // { dynamodbAllTypes: 17, watermarkWrites: 2 }
 */
export async function benchDetectAllTypes(
  read: BatchRead,
): Promise<{ calls: { dynamodbAllTypes: number; windowWritesAllTypes: number; watermarkWrites: number } }> {
  const parsed = parseRules(ALL_TYPES_RULES_YAML, 'bench');
  if (!parsed.ok) throw new Error(`bench rules: ${JSON.stringify(parsed.problems)}`);
  const store = new MemoryDetectStore();
  const slack: SlackPort = { kind: 'terminal', post: async () => ({ ok: true }) };
  const report = await detectBatch(
    read,
    { ruleSet: parsed.ruleSet, store, links: () => ({}), settings: DEFAULT_DETECT_SETTINGS },
    slack,
    () => BENCH_NOW,
  );
  return {
    calls: {
      dynamodbAllTypes: store.calls,
      windowWritesAllTypes: report.windowWrites,
      watermarkWrites: report.watermarkWrites ?? 0,
    },
  };
}
