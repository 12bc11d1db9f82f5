import {
  isObject,
  list,
  policyStatements,
  type Resource,
  referencedId,
  type Template,
} from '../../deploy/cfn';
import type { Grant } from './iam-actions';
import { renderList, renderValue } from './render';

/**
 * Services the Lambda service itself uses with a function's role, whatever its code: the log group
 * (`logs`), the MSK cluster of its event source mapping (`kafka`, `kafka-cluster`) and network
 * interfaces (`ec2`). test/deploy/template.test.ts pins those statements; every other action of a role
 * must be one the function's code or its mapping needs.
 */
export const lambdaPlatformServices: ReadonlySet<string> = new Set(['logs', 'kafka', 'kafka-cluster', 'ec2']);

const serviceOf = (action: string): string => action.split(':')[0] ?? '';

/** `StringEquals` conditions as every combination of one value per key (a list of values is any of them). */
function conditionCases(condition: unknown, where: string): Array<Record<string, string> | undefined> {
  if (condition === undefined) return [undefined];
  if (!isObject(condition)) throw new Error(`${where}: condition ${JSON.stringify(condition)}`);
  const operators = Object.keys(condition);
  if (operators.some((operator) => operator !== 'StringEquals') || !isObject(condition.StringEquals)) {
    throw new Error(`${where}: only StringEquals conditions are modelled, got ${operators.join(', ')}`);
  }
  let cases: Array<Record<string, string>> = [{}];
  for (const [key, value] of Object.entries(condition.StringEquals)) {
    const values = Array.isArray(value) ? renderList(value) : [renderValue(value)];
    cases = cases.flatMap((partial) => values.map((one) => ({ ...partial, [key]: one })));
  }
  return cases;
}

/**
 * What the role of a function (by logical id) allows in a resolved template, as grants (one action on
 * one resource under one set of conditions), leaving out the Lambda platform's services.
 *
 * @example
 * roleGrants(resolveTemplate(template), 'ArchiveLambdaFunction');
 * // [{ action: 's3:PutObject', resource: '${Bucket.Arn}/archive/*' }, …]
 */
export function roleGrants(template: Template, functionId: string): Grant[] {
  const roleId = referencedId(template.Resources[functionId]?.Properties?.Role);
  const role = roleId === undefined ? undefined : template.Resources[roleId];
  if (roleId === undefined || role?.Type !== 'AWS::IAM::Role')
    throw new Error(`${functionId} has no role of this template`);
  for (const key of ['ManagedPolicyArns', 'PermissionsBoundary']) {
    if (role.Properties?.[key] !== undefined) throw new Error(`${roleId}: ${key} is not modelled here`);
  }
  const attached = Object.entries(template.Resources).filter(
    ([, r]: [string, Resource]) =>
      (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') &&
      list(r.Properties?.Roles).some((ref) => referencedId(ref) === roleId),
  );
  if (attached.length > 0)
    throw new Error(`${roleId}: policies attached from outside the role are not modelled`);

  const grants: Grant[] = [];
  for (const { origin, statement } of policyStatements({ Resources: { [roleId]: role } })) {
    const where = `${origin} ${String(statement.Sid ?? '')}`;
    if (
      statement.Effect !== 'Allow' ||
      statement.NotAction !== undefined ||
      statement.NotResource !== undefined
    ) {
      throw new Error(`${where}: only Allow statements with Action and Resource are modelled`);
    }
    const actions = list(statement.Action)
      .map(String)
      .filter((action) => !lambdaPlatformServices.has(serviceOf(action)));
    if (actions.length === 0) continue;
    const resources = list(statement.Resource).map(renderValue);
    for (const when of conditionCases(statement.Condition, where)) {
      for (const action of actions) {
        for (const resource of resources)
          grants.push(when ? { action, resource, when } : { action, resource });
      }
    }
  }
  return grants;
}
