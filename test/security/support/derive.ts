import * as keys from '../../../shared/archive/keys';
import type { BundleContents } from './bundle';
import {
  calledFunctions,
  clientImporters,
  httpRequests,
  memberReads,
  propertyAssignments,
  transactionParts,
} from './call-sites';
import {
  type CodeFacts,
  commandNeeds,
  type Grant,
  grantKey,
  httpNeeds,
  keyBuilderAreas,
  lambdaServiceNeeds,
  listingAreas,
} from './iam-actions';
import type { FunctionTargets } from './targets';

/** The modules through which a bundle may talk to OpenSearch: one builds the client, the others send. */
const openSearchModules = [
  'shared/adapters/opensearch/client.ts',
  'shared/adapters/opensearch/client-transport.ts',
  'shared/adapters/opensearch/index-exists.ts',
];

/**
 * What the bundle's own code decides beyond which SDK commands it holds: the parts of its DynamoDB
 * transactions, the bucket prefixes its object keys start with, and its OpenSearch requests.
 *
 * @example
 * codeFacts(await bundleFunction('index')).httpRequests; // [{ method: 'POST', path: '/_bulk', … }]
 */
export function codeFacts(bundle: BundleContents): CodeFacts {
  const { modules } = bundle;
  const builders = Object.keys(keys).filter((name) => name.endsWith('Key'));
  const unknown = builders.filter((name) => !(name in keyBuilderAreas));
  if (unknown.length > 0) {
    throw new Error(
      `S3 key builders without an area in test/security/support/iam-actions.ts: ${unknown.join(', ')}`,
    );
  }
  const redriven = memberReads(modules, 'Area', 'redriven');
  if (redriven.length > 0)
    throw new Error(`a function writes under ${keys.Area.redriven}: ${redriven.join(', ')}`);
  const outside = clientImporters(modules, '@opensearch-project/opensearch').filter(
    (m) => !openSearchModules.includes(m),
  );
  if (outside.length > 0)
    throw new Error(`OpenSearch client used outside ${openSearchModules.join(', ')}: ${outside}`);
  return {
    transactionParts: transactionParts(modules),
    objectAreas: calledFunctions(modules, builders).map((name) => keyBuilderAreas[name] as string),
    readAreas: calledFunctions(modules, Object.keys(listingAreas)).map(
      (name) => listingAreas[name] as string,
    ),
    queriesIndexes: propertyAssignments(modules, 'IndexName').length > 0,
    httpRequests: httpRequests(modules),
  };
}

/**
 * Every permission a function needs: for each SDK command its bundle holds, what IAM requires of it on
 * the resources its environment names; for each OpenSearch request, the `es:ESHttp*` action on its path;
 * and what the event source mapping does with the role. Sorted, without repeats.
 *
 * @example
 * requiredGrants(await bundleFunction('archive'), functionTargets(template, 'ArchiveLambdaFunction'));
 * // [{ action: 's3:PutObject', resource: '${Bucket.Arn}/archive/*' }, …]
 */
export function requiredGrants(bundle: BundleContents, targets: FunctionTargets): Grant[] {
  const facts = codeFacts(bundle);
  const grants = [
    ...bundle.commands.flatMap(({ client, operation }) => {
      const needs = commandNeeds[client]?.[operation];
      if (needs === undefined) {
        throw new Error(
          `${targets.function} holds ${client} ${operation}Command, which has no IAM mapping: add it to ` +
            'test/security/support/iam-actions.ts with its source',
        );
      }
      return needs(targets, facts);
    }),
    ...httpNeeds(targets, facts),
    ...lambdaServiceNeeds(targets),
  ];
  return uniqueGrants(grants);
}

/** Grants sorted by their key, each once. */
export function uniqueGrants(grants: readonly Grant[]): Grant[] {
  const byKey = new Map(grants.map((grant) => [grantKey(grant), grant]));
  return [...byKey.keys()].sort().map((key) => byKey.get(key) as Grant);
}

/** What a role allows beyond what the code needs, and what the code needs that the role does not allow. */
export interface GrantDifference {
  readonly missing: string[];
  readonly unneeded: string[];
}

/**
 * Compares grant by grant (action, resource, conditions).
 *
 * @example
 * compareGrants(required, granted); // { missing: [], unneeded: [] } when the role allows exactly what is needed
 */
export function compareGrants(required: readonly Grant[], granted: readonly Grant[]): GrantDifference {
  const need = new Set(required.map(grantKey));
  const have = new Set(granted.map(grantKey));
  return {
    missing: [...need].filter((key) => !have.has(key)).sort(),
    unneeded: [...have].filter((key) => !need.has(key)).sort(),
  };
}
