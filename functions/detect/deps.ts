import { storeOf } from '../../shared/adapters/dynamodb/store-of';
import { alertLinks } from '../../shared/alerts/alert-links';
import type { Alert, AlertLinks } from '../../shared/alerts/types';
import type { SluiceConfig } from '../../shared/config';
import { loadRules } from '../../shared/rules/load';
import type { DetectStore } from '../../shared/rules/store';
import type { RuleSet } from '../../shared/rules/types';
import { DEFAULT_DETECT_SETTINGS, type DetectDeps, type DetectSettings } from './types';

/** Parts a caller may supply instead of the defaults built from the configuration. */
export interface DetectOverrides {
  /** The rules; default `config.rulesFile`, else the bundled rules. */
  readonly rules?: RuleSet;
  /** The whole store (e.g. `MemoryDetectStore` in the bench); default DynamoDB on `config.dynamodb.table`. */
  readonly store?: DetectStore;
  readonly settings?: Partial<DetectSettings>;
}

/** What detect keeps per container: the rules, the DynamoDB client and what alerts link to. */
export interface DetectContainer {
  readonly ruleSet: RuleSet;
  readonly settings: DetectSettings;
  readonly links: (alert: Alert) => AlertLinks;
  /** The store of an invocation, its requests cancelled with `signal`. */
  storeFor(signal: AbortSignal): DetectStore;
}

/**
 * Builds what detect keeps per container: the rules (a broken rules file fails here, with the
 * problems listed), the DynamoDB client, the links and the settings.
 *
 * @example
 * const container = buildDetectContainer(loadConfig());
 * await detectBatch(read, detectDepsFor(container, invocation.signal), invocation.slack);
 */
export function buildDetectContainer(config: SluiceConfig, overrides: DetectOverrides = {}): DetectContainer {
  return {
    ruleSet: overrides.rules ?? loadRules(config.rulesFile),
    settings: {
      ...DEFAULT_DETECT_SETTINGS,
      budgetPerMinute: config.slack.budgetPerMinute,
      ...overrides.settings,
    },
    links: alertLinks({
      bucket: config.s3.bucket,
      region: config.region,
      dashboardsUrl: config.dashboardsUrl,
    }),
    storeFor: storeOf(config, overrides.store),
  };
}

/** The detect core's dependencies for one invocation. */
export function detectDepsFor(container: DetectContainer, signal: AbortSignal): DetectDeps {
  return {
    ruleSet: container.ruleSet,
    settings: container.settings,
    links: container.links,
    store: container.storeFor(signal),
  };
}
