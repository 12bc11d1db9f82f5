import { DEFAULT_LEASE_MS, type OutboxDeps, type OutboxSettings } from '../../shared/rules/outbox';
import type { RuleSet } from '../../shared/rules/types';

/** Tuning of the detect path; defaults in {@link DEFAULT_DETECT_SETTINGS}. */
export interface DetectSettings extends OutboxSettings {
  /** How long a window item outlives its window (TTL): longer than any redelivery can come (ms). */
  readonly windowRetentionMs: number;
  /** How long alert items are kept after they are claimed (ms). */
  readonly alertRetentionMs: number;
  /** Window writes in flight at once. */
  readonly writeConcurrency: number;
}

/** Defaults: windows kept 8 days (beyond Kafka's default 7-day retention), alerts 30 days. */
export const DEFAULT_DETECT_SETTINGS: DetectSettings = {
  budgetPerMinute: 20,
  leaseMs: DEFAULT_LEASE_MS,
  windowRetentionMs: 8 * 86_400_000,
  alertRetentionMs: 30 * 86_400_000,
  writeConcurrency: 16,
};

/** Everything detect needs, built once per container by `buildDetectDeps`. */
export interface DetectDeps extends OutboxDeps {
  readonly ruleSet: RuleSet;
  readonly settings: DetectSettings;
}

/** An alert this batch fired (claimed), as `sluice replay --json` lists it. */
export interface FiredAlert {
  readonly rule: string;
  readonly group: string;
  /** ISO 8601 UTC. */
  readonly windowStart: string;
  readonly count: number;
}

/** What one batch did. */
export interface DetectReport {
  /** DynamoDB window writes made: one per window leaf touched (docs/detect.md has the bound), none per record. */
  readonly windowWrites: number;
  /** DynamoDB watermark writes: one per partition of the batch; present only when a rule is decided on closed windows. */
  readonly watermarkWrites?: number;
  /**
   * Matching (record, window) pairs the windows did not add, having counted that offset or a later one
   * of its partition already: a redelivered record, or one behind its partition's mark (out of order).
   */
  readonly uncounted: number;
  readonly alerts: FiredAlert[];
}

/** `sluice state` view of the detect path (docs/contracts.md). */
export interface DetectState {
  readonly windows: Array<{
    rule: string;
    group: string;
    windowStart: string;
    windowEnd: string;
    count: number;
  }>;
  readonly alerts: Array<{
    rule: string;
    group: string;
    windowStart: string;
    count: number;
    status: 'sent' | 'pending';
  }>;
}
