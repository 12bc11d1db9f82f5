import { createHash } from 'node:crypto';
import type { OpenSearchAssets } from '../../shared/adapters/opensearch/assets';
import { dashboardsObjects } from './dashboards';
import indexTemplateJson from './index-template.json';
import ismPolicyJson from './ism-policy.json';

/**
 * `min_index_age` for a retention in ms: whole days when it is whole days, else hours, else minutes.
 *
 * @example
 * isoAge(30 * 86_400_000); // '30d'
 */
export function isoAge(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  return `${Math.max(1, Math.round(ms / 60_000))}m`;
}

/** `sluice-logs` for `logs-`: the prefix without trailing separators, so two prefixes never share names. */
export function assetBaseName(prefix: string): string {
  return `sluice-${prefix.replace(/[-_.]+$/, '') || 'logs'}`;
}

const hashOf = (value: unknown): string =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12);

/**
 * Renders the index template, ISM policy and Dashboards objects in infra/opensearch/ for a prefix
 * (default `logs-`) and a retention (default 30 days).
 *
 * @example
 * renderOpenSearchAssets('logs-', 7 * 86_400_000).ismPolicy; // deletes logs-* indices 7d after creation
 */
export function renderOpenSearchAssets(prefix: string, retentionMs: number): OpenSearchAssets {
  const base = assetBaseName(prefix);
  const pattern = `${prefix}*`;
  const template = structuredClone(indexTemplateJson) as Record<string, unknown>;
  template.index_patterns = [pattern];
  const templateHash = hashOf(template);
  template._meta = { managed_by: 'sluice', sluice_hash: templateHash };

  const age = isoAge(retentionMs);
  const policy = structuredClone(ismPolicyJson.policy) as unknown as {
    description: string;
    states: { transitions: { conditions?: { min_index_age?: string } }[] }[];
    ism_template: { index_patterns: string[] }[];
  };
  policy.description = `sluice: delete ${pattern} indices ${age} after they are created`;
  for (const state of policy.states) {
    for (const transition of state.transitions) {
      if (transition.conditions?.min_index_age !== undefined) transition.conditions.min_index_age = age;
    }
  }
  for (const entry of policy.ism_template) entry.index_patterns = [pattern];
  const policyHash = hashOf(policy);
  // The ISM API keeps no free-form metadata: the hash rides in the description.
  policy.description += ` [sluice:${policyHash}]`;

  return {
    templateName: base,
    indexPattern: pattern,
    indexTemplate: template,
    policyId: `${base}-retention`,
    ismPolicy: { policy: policy as unknown as Record<string, unknown> },
    dashboardsNdjson: dashboardsObjects(prefix, base)
      .map((object) => JSON.stringify(object))
      .join('\n')
      .concat('\n'),
    hashes: { indexTemplate: templateHash, ismPolicy: policyHash },
  };
}
