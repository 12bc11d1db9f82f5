import type { Alert } from '../alerts/types';
import type { WindowDelta, WindowKey } from './aggregate';
import type { ClosingStore } from './closing/store';
import type { CountMode } from './leaves/plan';
import type { WindowId } from './leaves/types';

/**
 * The storage the detect and sweep logic needs. `shared/adapters/dynamodb` implements it on one
 * DynamoDB table; `shared/adapters/dynamodb/memory-store.ts` is an in-memory twin for the bench.
 */

/** What happened about alerting for a window, remembered on the window so later batches skip it. */
export const WindowAlert = {
  /** Not over its threshold yet, or over it and not yet decided (a failed batch is retried). */
  none: 'none',
  /** The alert for this window was claimed (by this or an earlier batch). */
  claimed: 'claimed',
  /** Over its threshold, but within `realert` of an alert of the same (rule, group). */
  suppressed: 'suppressed',
} as const;
export type WindowAlert = (typeof WindowAlert)[keyof typeof WindowAlert];

/** A window's stored count. */
export interface WindowRecord extends WindowKey {
  readonly count: number;
  readonly alert: WindowAlert;
}

/** Outcome of a batch for one of its deltas: the window's count after the batch. */
export interface WindowWrite extends WindowRecord {
  /** Records this batch added (those of the delta not counted by an earlier try). */
  readonly added: number;
}

/** How a batch is applied. */
export interface ApplyOptions {
  /** TTL (epoch s) of the items of a window written by this batch. */
  readonly expiresAt: (window: WindowId) => number;
  /** `live` (marks) or `redrive` (records dead-lettered earlier, counted once by their offsets). */
  readonly mode: CountMode;
  /** Requests in flight at once. */
  readonly concurrency: number;
}

/** What applying one batch did. */
export interface BatchWrite {
  /** One per delta, in the order given. */
  readonly windows: WindowWrite[];
  /** Window writes made: leaf writes, splits and TTL extensions (never per record). */
  readonly writes: number;
  /** Conditional writes refused (an earlier try counted first, a stale directory, a full leaf), each re-planned. */
  readonly conflicts: number;
  /** Splits among the writes. */
  readonly splits: number;
}

/** An alert decision to remember on a window. */
export interface WindowDecision {
  readonly key: WindowKey;
  readonly alert: WindowAlert;
}

export interface WindowStore {
  /** Adds a batch's deltas exactly: at most one conditional write per touched leaf (docs/detect.md). */
  applyBatch(deltas: readonly WindowDelta[], options: ApplyOptions): Promise<BatchWrite>;
  /** Remembers alert decisions on their windows (one write per leaf). */
  setAlerts(decisions: readonly WindowDecision[]): Promise<void>;
  /** The count of one (rule, group, window); 0 when never counted. */
  countOf(key: WindowKey): Promise<number>;
  /** Records that this window went over its threshold (for resolved notices); cheap when already known. */
  recordOver(key: WindowKey, expiresAt: number): Promise<void>;
  /** The latest window start recorded over the threshold for a (rule, group) and window size. */
  lastOver(rule: string, group: string, windowMs: number): Promise<number | undefined>;
}

/** Identity of an alert: one per (rule, group, window). */
export type AlertKey = WindowKey;

/** The two queues of the outbox: alerts to deliver, and fired alerts watched for a resolved notice. */
export const AlertQueue = { deliver: 'deliver', resolve: 'resolve' } as const;
export type AlertQueue = (typeof AlertQueue)[keyof typeof AlertQueue];

export const AlertStatus = { pending: 'pending', sent: 'sent' } as const;
export type AlertStatus = (typeof AlertStatus)[keyof typeof AlertStatus];

export const ResolveOutcome = { sent: 'sent', superseded: 'superseded' } as const;
export type ResolveOutcome = (typeof ResolveOutcome)[keyof typeof ResolveOutcome];

/** An alert as stored in the outbox. */
export interface StoredAlert {
  readonly key: AlertKey;
  readonly alert: Alert;
  readonly status: AlertStatus;
  /** The queue it waits in, if any, and when it is due (epoch ms). */
  readonly queue: AlertQueue | undefined;
  readonly dueAt: number | undefined;
  /** Delivery (or resolve) attempts made so far. */
  readonly attempts: number;
  readonly notifyResolved: boolean;
  readonly resolved: ResolveOutcome | undefined;
  readonly lastError: string | undefined;
  /** Who holds it: set by the claim and by every lease, so a holder can tell it still holds it. */
  readonly leaseId: string | undefined;
  /** The Slack destination of its rule (`notify: { slack: payments }`); absent: the default webhook. */
  readonly destination?: string;
  /** Who claimed it, when the claimer said (`sluice replay` names its run, to list only its own). */
  readonly claimedBy?: string;
}

/** Outcome of claiming an alert. */
export const ClaimResult = { claimed: 'claimed', exists: 'exists', suppressed: 'suppressed' } as const;
export type ClaimResult = (typeof ClaimResult)[keyof typeof ClaimResult];

export interface ClaimOptions {
  readonly realertMs: number;
  readonly notifyResolved: boolean;
  /** The claimer delivers it itself first: nobody else may until then (epoch ms). */
  readonly leaseUntil: number;
  /** The claimer's lease token (see {@link AlertStore.renew}). */
  readonly leaseId: string;
  readonly now: number;
  readonly expiresAt: number;
  /** The rule's Slack destination; absent: the default webhook. */
  readonly destination?: string;
  /** Who claims it (a `sluice replay` run's id), kept on the alert. */
  readonly claimedBy?: string;
}

export interface AlertStore {
  /** Creates the alert, pending in the deliver queue, unless it exists or `realert` suppresses it. */
  claim(key: AlertKey, alert: Alert, options: ClaimOptions): Promise<ClaimResult>;
  /** Alerts due in a queue (`dueAt <= now`), oldest due first; may lag a moment behind writes. */
  due(queue: AlertQueue, now: number, limit: number): Promise<StoredAlert[]>;
  /** How many alerts are due in a queue by `now`, all of them (not only the first page `due` reads). */
  countDue(queue: AlertQueue, now: number): Promise<number>;
  /**
   * Takes a due alert for delivery until `until` under the token `leaseId`; undefined when not due or
   * taken by someone else.
   */
  lease(
    key: AlertKey,
    queue: AlertQueue,
    now: number,
    until: number,
    leaseId: string,
  ): Promise<StoredAlert | undefined>;
  /**
   * Extends the lease `leaseId` to `until`, right before a post: false when someone else has leased it
   * since (its lease ran out and a sweeper took it), and the caller must not post.
   */
  renew(key: AlertKey, queue: AlertQueue, leaseId: string, until: number): Promise<boolean>;
  /** Leaves the alert in its queue, due again at `at`. */
  retryLater(key: AlertKey, queue: AlertQueue, at: number, error: string): Promise<void>;
  /** Marks it sent; with `resolveAt`, it then waits in the resolve queue until then. */
  delivered(key: AlertKey, now: number, resolveAt: number | undefined): Promise<void>;
  /** Ends its resolve watch. */
  resolved(key: AlertKey, now: number, outcome: ResolveOutcome): Promise<void>;
  /** True when a later window of the same (rule, group) has alerted since. */
  laterAlertExists(key: AlertKey): Promise<boolean>;
}

export interface SlackBudget {
  /**
   * Reserves up to `wanted` messages in the minute of `now` under `perMinute`, for one webhook
   * (`route`: the default one when absent); resolves to how many.
   */
  reserve(now: number, wanted: number, perMinute: number, route?: string): Promise<number>;
}

/**
 * Everything stored, for `sluice state` and the tests. Apart from the stores the functions use: a
 * listing reads the whole table (a Scan), which no function needs, so no function's bundle holds it.
 */
export interface DetectListing {
  /** Every stored window with a count above zero. */
  listWindows(): Promise<WindowRecord[]>;
  /** Every stored alert. */
  listAlerts(): Promise<StoredAlert[]>;
}

/** All the storage detect and sweep use, usually one object. */
/** A fingerprint of a `type: new` rule. */
export interface FingerprintKey {
  readonly rule: string;
  /** The fingerprint's id (`fingerprintOf(...).id`). */
  readonly id: string;
}

/**
 * When each fingerprint of a `type: new` rule was last seen, kept to the hour (docs/rules.md): at
 * most one write per fingerprint and batch, and for a known one at most one an hour.
 */
export interface FingerprintStore {
  /** The last-seen hours (ms) of `keys` that were ever seen, by `rule` NUL `id`. */
  lastSeen(keys: readonly FingerprintKey[]): Promise<Map<string, number>>;
  /** Raises the last-seen hour to `hour`, unless it is there or later already (one conditional write). */
  refresh(key: FingerprintKey, hour: number, expiresAt: number): Promise<void>;
  /**
   * In one transaction: marks the fingerprint seen at `hour` unless it was seen later than
   * `staleBefore`, and claims its alert. True when this call did both; false when another invocation
   * (or an earlier delivery of this batch) saw it first.
   */
  claimNew(
    key: FingerprintKey,
    seen: { readonly hour: number; readonly staleBefore: number; readonly expiresAt: number },
    alertKey: AlertKey,
    alert: Alert,
    options: ClaimOptions,
  ): Promise<boolean>;
}

export interface DetectStore {
  readonly windows: WindowStore;
  readonly alerts: AlertStore;
  readonly budget: SlackBudget;
  readonly fingerprints: FingerprintStore;
  /** Watermarks, cursors and cleared markers of the rules decided on closed windows. */
  readonly closing: ClosingStore;
}
