import type { KnownBlock } from '@slack/types';
import type { KubernetesContext } from '../logs/types';

/** One log line shown in an alert. Every string here comes from a log and is escaped when formatted. */
export interface AlertSample {
  /** ISO 8601 UTC (the event's `@timestamp`). */
  timestamp: string;
  message: string;
  level: string;
  pathname?: string;
  lineno?: number;
  service?: string;
  kubernetes?: KubernetesContext;
}

/**
 * A rule's threshold tripped for one group in one window (docs/rules.md). Produced by the detect path,
 * stored in the outbox, formatted by {@link formatAlert}.
 *
 * @example
 * const alert: Alert = {
 *   rule: 'error-burst', group: 'app/db.py', groupBy: 'pathname',
 *   windowStart: '2024-05-01T12:00:00.000Z', windowEnd: '2024-05-01T12:00:10.000Z',
 *   count: 31, threshold: 25, samples: [],
 * };
 */
export interface Alert {
  /** Rule name. */
  rule: string;
  /** Value of the `groupBy` field for this alert (`unknown` when the records lacked it). */
  group: string;
  /** The normalized field the rule groups by, e.g. `pathname` or `kubernetes.container`. */
  groupBy: string;
  /** ISO 8601 UTC, inclusive. */
  windowStart: string;
  /** ISO 8601 UTC, exclusive. */
  windowEnd: string;
  count: number;
  /** The rule fires when `count > threshold`. */
  threshold: number;
  /** Up to 5 sample lines; more are ignored by the formatter. */
  samples: AlertSample[];
  /** Distinct services seen in the window, when known. */
  services?: string[];
  /** Kubernetes context shared by the window's records, when known. */
  kubernetes?: KubernetesContext;
  /**
   * A `type: new` rule's alert: the group is the fingerprint's fields and template, the count how
   * often the error occurred in the batch that found it, the window its first and last time there.
   */
  newError?: true;
  /** The rule's type when not `count`: `flatline` (count is at or below threshold) or `ratio` (threshold is a percentage). */
  type?: 'flatline' | 'ratio';
  /** Ratio alerts: the window's "of" count (`count` of them matched `where`). */
  of?: number;
  /** Flatline alerts: the group's latest event before the window, ISO 8601 UTC. */
  lastSeen?: string;
}

/**
 * A (rule, group) that fired and then stayed under its threshold for a full window (rules with
 * `notifyResolved`). The window is the quiet one that proves it.
 */
export interface ResolvedNotice {
  rule: string;
  group: string;
  groupBy: string;
  threshold: number;
  /** Start of the full quiet window, ISO 8601 UTC. */
  windowStart: string;
  /** End of the full quiet window, ISO 8601 UTC. */
  windowEnd: string;
  /** Count in the quiet window (0 when no item exists), always `<= threshold`. */
  count: number;
  /** Window start of the last alert that fired for this (rule, group), when known. */
  firedWindowStart?: string;
  /** As {@link Alert.type}: `flatline` notices say the group is logging again, `ratio` ones that it is back under. */
  type?: 'flatline' | 'ratio';
  /** Ratio notices: the window's "of" count. */
  of?: number;
}

/** Where the links in a message point. Both are optional; a missing one means no link. */
export interface AlertLinks {
  /** OpenSearch Dashboards base URL, e.g. `https://search-x.eu-west-1.es.amazonaws.com/_dashboards`. */
  dashboardsUrl?: string;
  /** Index pattern id or title used in the Discover link; default `logs-*`. */
  indexPattern?: string;
  /** Archive location of the window's data, e.g. `s3://bucket/logs/dt=2024-05-01/hour=12/`. */
  archiveUri?: string;
  /** AWS region of the archive bucket, for the S3 console link. */
  region?: string;
}

/**
 * A Slack incoming-webhook payload: Block Kit `blocks` (typed by `@slack/types`) plus the plain `text`
 * used for notifications.
 */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}
