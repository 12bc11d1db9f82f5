import { randomUUID } from 'node:crypto';
import type { AcceptedRecord } from '../../shared/batch/types';
import { mapLimit } from '../../shared/map-limit';
import { LAST_SEEN_PRECISION_MS, type NewRule } from '../../shared/rules/new-errors/rule';
import { hourOf, SeenAction, seenAction, staleBefore } from '../../shared/rules/new-errors/seen';
import { newErrorAlert, type Sighting, sightingsOf } from '../../shared/rules/new-errors/sightings';
import { AlertQueue, AlertStatus, type ClaimOptions, type StoredAlert } from '../../shared/rules/store';
import type { DetectDeps } from './types';

const DAY_MS = 86_400_000;

/**
 * The `type: new` rules over a batch (docs/rules.md "New errors"): reads the last-seen hour of each
 * distinct fingerprint the batch carries, then at most one write per fingerprint: a known one seen in
 * an earlier hour is raised, a new one (never seen, or unseen for the rule's lookback) is marked seen
 * in the transaction that claims its alert. The claim's condition makes it exactly once across
 * redelivery, re-split batches and concurrent invocations. Resolves to the alerts this call claimed.
 *
 * @example
 * const fired = await claimNewErrors(read.accepted, newRules, deps, Date.now(), undefined);
 */
export async function claimNewErrors(
  accepted: readonly AcceptedRecord[],
  rules: readonly NewRule[],
  deps: DetectDeps,
  now: number,
  claimedBy: string | undefined,
): Promise<StoredAlert[]> {
  if (rules.length === 0) return [];
  const sightings = sightingsOf(accepted, rules);
  const keyOf = (sighting: Sighting) => ({ rule: sighting.rule.name, id: sighting.fingerprint.id });
  const seen = await deps.store.fingerprints.lastSeen(sightings.map(keyOf));
  const claimed = await mapLimit(sightings, deps.settings.writeConcurrency, async (sighting) => {
    const key = keyOf(sighting);
    const hour = hourOf(sighting.latest);
    // The seen item outlives the lookback: once it expires, the fingerprint is new again anyway.
    const seenExpiresAt = Math.floor(
      (hour + LAST_SEEN_PRECISION_MS + sighting.rule.lookbackMs + DAY_MS) / 1000,
    );
    const action = seenAction(seen.get(`${key.rule}\u0000${key.id}`), sighting);
    if (action === SeenAction.none) return undefined;
    if (action === SeenAction.refresh) {
      await deps.store.fingerprints.refresh(key, hour, seenExpiresAt);
      return undefined;
    }
    const alert = newErrorAlert(sighting);
    const alertKey = {
      rule: key.rule,
      group: alert.group,
      windowStart: hourOf(sighting.earliest),
      windowMs: LAST_SEEN_PRECISION_MS,
    };
    const options: ClaimOptions = {
      realertMs: 0,
      notifyResolved: false,
      leaseUntil: now + deps.settings.leaseMs,
      leaseId: randomUUID(),
      now,
      expiresAt: Math.floor((now + deps.settings.alertRetentionMs) / 1000),
      ...(sighting.rule.destination === undefined ? {} : { destination: sighting.rule.destination }),
      ...(claimedBy === undefined ? {} : { claimedBy }),
    };
    const fresh = await deps.store.fingerprints.claimNew(
      key,
      {
        hour,
        staleBefore: staleBefore(sighting.earliest, sighting.rule.lookbackMs),
        expiresAt: seenExpiresAt,
      },
      alertKey,
      alert,
      options,
    );
    if (!fresh) return undefined;
    const stored: StoredAlert = {
      key: alertKey,
      alert,
      status: AlertStatus.pending,
      queue: AlertQueue.deliver,
      dueAt: options.leaseUntil,
      attempts: 1,
      notifyResolved: false,
      resolved: undefined,
      lastError: undefined,
      leaseId: options.leaseId,
      ...(options.destination === undefined ? {} : { destination: options.destination }),
    };
    return stored;
  });
  return claimed.filter((alert) => alert !== undefined);
}
