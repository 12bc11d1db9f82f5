import { createHash } from 'node:crypto';
import type { IndexTemplateBody, IsmPolicy, OpenSearchAssets } from '../../shared/adapters/opensearch/assets';
import { dashboardsObjects } from './dashboards';
import { indexTemplate } from './index-template';
import { ismPolicy } from './ism-policy';

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
  const template: IndexTemplateBody = { ...indexTemplate, index_patterns: [pattern] };
  const templateHash = hashOf(template);

  const age = isoAge(retentionMs);
  const policy = {
    ...ismPolicy,
    description: `sluice: delete ${pattern} indices ${age} after they are created`,
    states: ismPolicy.states.map((state) => ({
      ...state,
      transitions: state.transitions.map((transition) => ({
        ...transition,
        conditions: { ...transition.conditions, min_index_age: age },
      })),
    })),
    ism_template: ismPolicy.ism_template.map((entry) => ({ ...entry, index_patterns: [pattern] })),
  } satisfies IsmPolicy;
  const policyHash = hashOf(policy);

  return {
    templateName: base,
    indexPattern: pattern,
    indexTemplate: { ...template, _meta: { managed_by: 'sluice', sluice_hash: templateHash } },
    policyId: `${base}-retention`,
    // The ISM API keeps no free-form metadata: the hash rides in the description.
    ismPolicy: { policy: { ...policy, description: `${policy.description} [sluice:${policyHash}]` } },
    dashboardsNdjson: dashboardsObjects(prefix, base)
      .map((object) => JSON.stringify(object))
      .join('\n')
      .concat('\n'),
    hashes: { indexTemplate: templateHash, ismPolicy: policyHash },
  };
}
