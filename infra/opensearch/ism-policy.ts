import type { IsmPolicy } from '../../shared/adapters/opensearch/assets';

/** `min_index_age` of an ISM transition; the specification types `conditions` as `Record<string, any>`. */
export interface AgeCondition {
  readonly min_index_age?: string;
}

/**
 * The ISM retention policy for `logs-*`, before `renderOpenSearchAssets` sets the pattern, the age
 * and the hash. Checked against the OpenSearch API specification's type when it is compiled, and
 * written out as ism-policy.json (the `PUT _plugins/_ism/policies/<id>` body; a test keeps the two
 * equal).
 *
 * @example
 * ismPolicy.states[0].transitions[0].conditions.min_index_age; // '30d'
 */
export const ismPolicy = {
  description: 'sluice: delete log indices 30d after they are created',
  default_state: 'hot',
  states: [
    {
      name: 'hot',
      actions: [],
      transitions: [{ state_name: 'delete', conditions: { min_index_age: '30d' } satisfies AgeCondition }],
    },
    {
      name: 'delete',
      actions: [{ delete: {} }],
      transitions: [],
    },
  ],
  ism_template: [{ index_patterns: ['logs-*'], priority: 100 }],
} as const satisfies IsmPolicy;
