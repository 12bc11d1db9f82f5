// Which resources a function's code reaches, read from the packaged template the way the code reads its
// configuration: from the function's environment (SLUICE_TABLE, SLUICE_BUCKET, OPENSEARCH_URL, the
// webhook parameters, …) and from the event source mappings that feed it.
import { isObject, list, type Resource, referencedId, type Template } from '../../deploy/cfn';
import { renderValue, sub } from './render';

/** An ARN in this stack's partition, region and account. */
export const arnIn = (service: string, rest: string): string =>
  `arn:${sub('AWS::Partition')}:${service}:${sub('AWS::Region')}:${sub('AWS::AccountId')}:${rest}`;

/**
 * Environment variables that may name an SSM parameter (shared/config.ts): `SLACK_WEBHOOK_PARAMETER`,
 * and `SLACK_WEBHOOK_URL`, or a routed destination's `SLACK_WEBHOOK_URL_<NAME>`, when its value is a
 * parameter name rather than an https:// URL.
 */
export const parameterVariable = /^SLACK_WEBHOOK_(PARAMETER|URL(_[A-Z0-9_]+)?)$/;

/** Variables whose value may start with `/` without naming a parameter (a file path). */
export const pathVariables: ReadonlySet<string> = new Set(['SLUICE_RULES']);

/** A value shared/config.ts takes for an SSM parameter name: `/name…`, or `ssm:/name…`. */
const parameterValue = /^(ssm:)?\//;

/** An on-failure destination of a mapping that feeds the function. */
export interface Destination {
  readonly type: string;
  readonly arn: string;
}

/** Where the function's code can reach, each part read when first asked (throws if the template cannot say). */
export interface FunctionTargets {
  readonly function: string;
  /** The table and its indexes' ARNs. */
  table(): { readonly arn: string; readonly indexes: readonly string[] };
  bucket(): { readonly arn: string; readonly directory: boolean };
  /** ARNs of the SSM parameters the environment names. */
  readonly parameters: readonly string[];
  /** The OpenSearch domain the function sends requests to and how it signs them; undefined: none. */
  readonly opensearch: { readonly domainArn: string; readonly signing: string } | undefined;
  /** The domain looked up with DescribeDomain (`OPENSEARCH_DOMAIN` without `OPENSEARCH_URL`). */
  readonly describedDomain: string | undefined;
  /** `AWS_ENABLE_ENDPOINT_DISCOVERY`: DynamoDB clients then call DescribeEndpoints. */
  readonly endpointDiscovery: boolean;
  readonly failureDestinations: readonly Destination[];
  /** The function's own ARN, by its name (what it invokes when it re-invokes itself). */
  readonly selfArn: string;
}

/** The ARN of an SSM parameter, by name (`/a/b` or `a`) or ARN. */
export function parameterArn(name: string): string {
  if (name.startsWith('arn:')) return name;
  return arnIn('ssm', `parameter${name.startsWith('/') ? '' : '/'}${name}`);
}

function resourceOf(template: Template, id: string, types: readonly string[], what: string): Resource {
  const resource = template.Resources[id];
  if (resource === undefined || !types.includes(resource.Type)) {
    throw new Error(`${what} refers to ${id}, not a ${types.join(' or ')} of this template`);
  }
  return resource;
}

/**
 * The targets of one function (by logical id) in a resolved template.
 *
 * @example
 * functionTargets(resolveTemplate(template), 'DetectLambdaFunction').table().arn; // '${Table.Arn}'
 */
export function functionTargets(template: Template, functionId: string): FunctionTargets {
  const fn = template.Resources[functionId];
  if (fn === undefined) throw new Error(`no function ${functionId} in the template`);
  const variables = (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
    ?.Variables;
  const env = Object.fromEntries(
    Object.entries(variables ?? {}).map(([name, value]) => [name, renderValue(value)]),
  );
  const set = (name: string): string | undefined => (env[name]?.trim() ? env[name]?.trim() : undefined);
  const refOf = (name: string): string => {
    const id = referencedId(variables?.[name]);
    if (id === undefined)
      throw new Error(`${functionId}: ${name} is ${env[name] ?? 'not set'}, not a resource of this template`);
    return id;
  };

  const parameters: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!parameterValue.test(value)) continue;
    if (parameterVariable.test(name)) parameters.push(parameterArn(value.replace(/^ssm:/, '')));
    else if (!pathVariables.has(name)) {
      throw new Error(
        `${functionId}: ${name}=${value} looks like an SSM parameter; if the code reads it as one, name it in ` +
          'test/security/support/targets.ts (parameterVariable), else list it in pathVariables',
      );
    }
  }

  const url = set('OPENSEARCH_URL');
  const domainName = set('OPENSEARCH_DOMAIN');
  let domainArn: string | undefined;
  if (url !== undefined) {
    const created = /^https:\/\/\$\{(\w+)\.DomainEndpoint\}$/.exec(url)?.[1];
    if (created === undefined) {
      throw new Error(
        `${functionId}: OPENSEARCH_URL ${url} is not a domain of this template: its ARN cannot be told`,
      );
    }
    resourceOf(template, created, ['AWS::OpenSearchService::Domain'], 'OPENSEARCH_URL');
    domainArn = sub(`${created}.Arn`);
  } else if (domainName !== undefined) {
    domainArn = arnIn('es', `domain/${domainName}`);
  }

  const failureDestinations: Destination[] = [];
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::EventSourceMapping') continue;
    if (referencedId(resource.Properties?.FunctionName) !== functionId) continue;
    const destination = (resource.Properties?.DestinationConfig as { OnFailure?: { Destination?: unknown } })
      ?.OnFailure?.Destination;
    if (destination === undefined) continue;
    const id = referencedId(destination);
    const type = id === undefined ? 'external' : (template.Resources[id]?.Type ?? 'external');
    failureDestinations.push({ type, arn: renderValue(destination) });
  }

  return {
    function: functionId,
    table() {
      const id = refOf('SLUICE_TABLE');
      const table = resourceOf(template, id, ['AWS::DynamoDB::Table'], 'SLUICE_TABLE');
      const indexes = [
        ...list(table.Properties?.GlobalSecondaryIndexes),
        ...list(table.Properties?.LocalSecondaryIndexes),
      ].map((index) => (isObject(index) ? String(index.IndexName) : String(index)));
      return { arn: sub(`${id}.Arn`), indexes: indexes.map((name) => `${sub(`${id}.Arn`)}/index/${name}`) };
    },
    bucket() {
      const id = refOf('SLUICE_BUCKET');
      const types = ['AWS::S3::Bucket', 'AWS::S3Express::DirectoryBucket'];
      const bucket = resourceOf(template, id, types, 'SLUICE_BUCKET');
      return { arn: sub(`${id}.Arn`), directory: bucket.Type === 'AWS::S3Express::DirectoryBucket' };
    },
    parameters,
    opensearch:
      domainArn === undefined ? undefined : { domainArn, signing: set('OPENSEARCH_SIGNING') ?? 'es' },
    describedDomain: url === undefined ? domainArn : undefined,
    endpointDiscovery: set('AWS_ENABLE_ENDPOINT_DISCOVERY') === 'true',
    failureDestinations,
    selfArn: arnIn('lambda', `function:${String(fn.Properties?.FunctionName ?? functionId)}`),
  };
}
