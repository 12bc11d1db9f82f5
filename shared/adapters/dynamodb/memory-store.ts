import type { Alert } from '../../alerts/types';
import type { WindowKey } from '../../rules/aggregate';
import type { ClosingStore } from '../../rules/closing/store';
import { LeafWindows, windowRecords } from '../../rules/leaves/leaf-windows';
import { RealertDecision, realertDecision, rememberFired } from '../../rules/realert';
import {
  type AlertKey,
  type AlertQueue,
  AlertStatus,
  type AlertStore,
  type ClaimOptions,
  ClaimResult,
  type DetectListing,
  type DetectStore,
  type FingerprintKey,
  type FingerprintStore,
  type ResolveOutcome,
  type SlackBudget,
  type StoredAlert,
  type WindowRecord,
  type WindowStore,
} from '../../rules/store';
import { MemoryClosing } from './memory-closing';
import { MemoryLeafRequests } from './memory-leaves';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const id = (key: WindowKey): string =>
  `${key.rule}\u0000${key.group}\u0000${key.windowStart}\u0000${key.windowMs}`;
const fingerprintId = (key: FingerprintKey): string => `${key.rule}\u0000${key.id}`;
const copy = (alert: Mutable<StoredAlert>): StoredAlert => ({ ...alert, key: { ...alert.key } });

/**
 * An in-memory twin of the DynamoDB detect store with the same semantics (window leaves and their
 * marks, splits, conditional claims, realert, leases, budget). It counts the DynamoDB requests the
 * real store would send (`calls`), so the bench can report them without a server. Not for
 * production: nothing is shared between processes.
 *
 * @example
 * const store = new MemoryDetectStore();
 * await detectBatch(read, { ...deps, store });
 * store.calls; // DynamoDB requests the batch would have made
 */
export class MemoryDetectStore
  implements DetectStore, DetectListing, AlertStore, SlackBudget, FingerprintStore
{
  /** DynamoDB requests the real store would have sent. */
  calls = 0;
  /** Of those, the writes of fingerprints' last-seen items (`type: new` rules). */
  fingerprintWrites = 0;
  readonly #leaves = new MemoryLeafRequests(() => {
    this.calls += 1;
  });
  readonly #windows = new LeafWindows(this.#leaves);
  readonly #closing = new MemoryClosing(this.#leaves, () => {
    this.calls += 1;
  });
  readonly #alerts = new Map<string, Mutable<StoredAlert>>();
  readonly #fired = new Map<string, number[]>();
  readonly #budget = new Map<string, number>();
  readonly #lastSeen = new Map<string, number>();

  /** Distinct (rule, group, window) keys ever counted. */
  get windowKeys(): number {
    return this.#leaves.groups;
  }

  get windows(): WindowStore {
    return this.#windows;
  }
  get alerts(): AlertStore {
    return this;
  }
  get budget(): SlackBudget {
    return this;
  }
  get fingerprints(): FingerprintStore {
    return this;
  }

  async lastSeen(keys: readonly FingerprintKey[]): Promise<Map<string, number>> {
    const seen = new Map<string, number>();
    // As DynamoFingerprints reads them: one BatchGetItem per 100 keys.
    this.calls += Math.ceil(keys.length / 100);
    for (const key of keys) {
      const hour = this.#lastSeen.get(fingerprintId(key));
      if (hour !== undefined) seen.set(fingerprintId(key), hour);
    }
    return seen;
  }

  async refresh(key: FingerprintKey, hour: number): Promise<void> {
    this.calls += 1;
    this.fingerprintWrites += 1;
    const last = this.#lastSeen.get(fingerprintId(key));
    if (last !== undefined && last < hour) this.#lastSeen.set(fingerprintId(key), hour);
  }

  async claimNew(
    key: FingerprintKey,
    seen: { readonly hour: number; readonly staleBefore: number },
    alertKey: AlertKey,
    alert: Alert,
    options: ClaimOptions,
  ): Promise<boolean> {
    this.calls += 1;
    this.fingerprintWrites += 1;
    const last = this.#lastSeen.get(fingerprintId(key));
    if ((last !== undefined && last > seen.staleBefore) || this.#alerts.has(id(alertKey))) return false;
    this.#lastSeen.set(fingerprintId(key), seen.hour);
    await this.claim(alertKey, alert, { ...options, realertMs: 0 });
    // The claim's put is part of the one transaction counted above, not a request of its own.
    this.calls -= 1;
    return true;
  }

  get closing(): ClosingStore {
    return this.#closing;
  }

  async claim(key: AlertKey, alert: Alert, options: ClaimOptions): Promise<ClaimResult> {
    const groupId = `${key.rule}\u0000${key.group}`;
    if (options.realertMs > 0) {
      this.calls += 1;
      const fired = this.#fired.get(groupId) ?? [];
      const decision = realertDecision(key.windowStart, fired, options.realertMs);
      if (decision === RealertDecision.already) return ClaimResult.exists;
      if (decision === RealertDecision.suppressed) return ClaimResult.suppressed;
    }
    this.calls += 1;
    if (this.#alerts.has(id(key))) return ClaimResult.exists;
    this.#fired.set(groupId, rememberFired(this.#fired.get(groupId) ?? [], key.windowStart));
    this.#alerts.set(id(key), {
      key: { ...key },
      alert,
      status: AlertStatus.pending,
      queue: 'deliver',
      dueAt: options.leaseUntil,
      attempts: 1,
      notifyResolved: options.notifyResolved,
      resolved: undefined,
      lastError: undefined,
      leaseId: options.leaseId,
      ...(options.destination === undefined ? {} : { destination: options.destination }),
      ...(options.claimedBy === undefined ? {} : { claimedBy: options.claimedBy }),
    });
    return ClaimResult.claimed;
  }

  async due(queue: AlertQueue, now: number, limit: number): Promise<StoredAlert[]> {
    this.calls += 1;
    return [...this.#alerts.values()]
      .filter((a) => a.queue === queue && (a.dueAt ?? Number.POSITIVE_INFINITY) <= now)
      .sort((a, b) => (a.dueAt ?? 0) - (b.dueAt ?? 0))
      .slice(0, limit)
      .map(copy);
  }

  async countDue(queue: AlertQueue, now: number): Promise<number> {
    this.calls += 1;
    return [...this.#alerts.values()].filter(
      (a) => a.queue === queue && (a.dueAt ?? Number.POSITIVE_INFINITY) <= now,
    ).length;
  }

  async lease(
    key: AlertKey,
    queue: AlertQueue,
    now: number,
    until: number,
    leaseId: string,
  ): Promise<StoredAlert | undefined> {
    this.calls += 1;
    const alert = this.#alerts.get(id(key));
    if (!alert || alert.queue !== queue || (alert.dueAt ?? Number.POSITIVE_INFINITY) > now) return undefined;
    alert.dueAt = until;
    alert.attempts += 1;
    alert.leaseId = leaseId;
    return copy(alert);
  }

  async renew(key: AlertKey, queue: AlertQueue, leaseId: string, until: number): Promise<boolean> {
    this.calls += 1;
    const alert = this.#alerts.get(id(key));
    if (!alert || alert.queue !== queue || alert.leaseId !== leaseId) return false;
    alert.dueAt = until;
    return true;
  }

  async retryLater(key: AlertKey, queue: AlertQueue, at: number, error: string): Promise<void> {
    this.calls += 1;
    const alert = this.#alerts.get(id(key));
    if (!alert || alert.queue !== queue) return;
    alert.dueAt = at;
    alert.lastError = error;
  }

  async delivered(key: AlertKey, _now: number, resolveAt: number | undefined): Promise<void> {
    this.calls += 1;
    const alert = this.#alerts.get(id(key));
    if (!alert || alert.status !== AlertStatus.pending) return;
    alert.status = AlertStatus.sent;
    alert.queue = resolveAt === undefined ? undefined : 'resolve';
    alert.dueAt = resolveAt;
    if (resolveAt !== undefined) alert.attempts = 0;
  }

  async resolved(key: AlertKey, _now: number, outcome: ResolveOutcome): Promise<void> {
    this.calls += 1;
    const alert = this.#alerts.get(id(key));
    if (alert?.queue !== 'resolve') return;
    alert.queue = undefined;
    alert.dueAt = undefined;
    alert.resolved = outcome;
  }

  async laterAlertExists(key: AlertKey): Promise<boolean> {
    this.calls += 1;
    return [...this.#alerts.values()].some(
      (a) => a.key.rule === key.rule && a.key.group === key.group && a.key.windowStart > key.windowStart,
    );
  }

  async listWindows(): Promise<WindowRecord[]> {
    this.calls += 1;
    return windowRecords(this.#leaves.list());
  }

  async listAlerts(): Promise<StoredAlert[]> {
    this.calls += 1;
    return [...this.#alerts.values()].map(copy);
  }

  async reserve(now: number, wanted: number, perMinute: number, route = ''): Promise<number> {
    this.calls += 1;
    const minute = `${route}\u0000${Math.floor(now / 60_000)}`;
    const used = this.#budget.get(minute) ?? 0;
    const grant = Math.max(0, Math.min(wanted, perMinute - used));
    if (grant < Math.min(wanted, perMinute) && grant > 0) this.calls += 1;
    this.#budget.set(minute, used + grant);
    return grant;
  }
}
