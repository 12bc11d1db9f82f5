import { detectBatch } from '../../functions/detect/detect-batch';
import { DEFAULT_DETECT_SETTINGS } from '../../functions/detect/types';
import { MemoryDetectStore } from '../../shared/adapters/dynamodb/memory-store';
import type { SlackPort } from '../../shared/alerts/slack-port';
import type { BatchRead } from '../../shared/batch/types';
import { defaultRules, parseRules } from '../../shared/rules/parse';
import type { RuleSet } from '../../shared/rules/types';

const BENCH_NOW = Date.UTC(2026, 10, 22, 12, 5, 0);

/** The bundled rules and the `type: new` rule of docs/rules.md, as the detect stage measures them. */
function benchRules(withNewErrors: boolean): RuleSet {
  const bundled = defaultRules();
  if (!withNewErrors) return bundled;
  const parsed = parseRules(
    'rules:\n  - { name: new-error, type: new, where: { level: [error, fatal] }, fingerprint: [service, pathname, message], lookback: 7d }\n',
    'bench',
  );
  if (!parsed.ok) throw new Error(`bench rule is invalid: ${parsed.problems[0]?.message}`);
  return { ...bundled, rules: [...bundled.rules, ...parsed.ruleSet.rules] };
}

/**
 * The detect stage of `npm run bench`: `detectBatch` with the bundled rules (and, with
 * `withNewErrors`, a `type: new` rule) over the batch, on the in-memory twin of the DynamoDB store,
 * which counts the requests the real store would send; Slack posts are counted, not made. The first
 * run of a batch writes every window once and claims and posts every alert, like the first delivery
 * of a batch in production.
 *
 * @example
 * const { calls, distinctWindowKeys } = await benchDetect(read); // { dynamodb: 14, slack: 2 }, 10
 * (await benchDetect(read, true)).fingerprintWrites; // one per distinct fingerprint, none per record
 */
export async function benchDetect(
  read: BatchRead,
  withNewErrors = false,
): Promise<{
  calls: { dynamodb: number; slack: number };
  distinctWindowKeys: number;
  windowWrites: number;
  alertsFired: number;
  fingerprintWrites: number;
}> {
  const store = new MemoryDetectStore();
  let posts = 0;
  const slack: SlackPort = {
    kind: 'terminal',
    post: async () => {
      posts += 1;
      return { ok: true };
    },
  };
  const report = await detectBatch(
    read,
    { ruleSet: benchRules(withNewErrors), store, links: () => ({}), settings: DEFAULT_DETECT_SETTINGS },
    slack,
    () => BENCH_NOW,
  );
  return {
    calls: { dynamodb: store.calls, slack: posts },
    distinctWindowKeys: store.windowKeys,
    // Window writes alone: the rest of the DynamoDB calls are the alerts' claims, outbox and budget.
    windowWrites: report.windowWrites,
    alertsFired: report.alerts.length,
    fingerprintWrites: store.fingerprintWrites,
  };
}
