/** Just enough CloudFormation evaluation to check a packaged template the way CloudFormation reads it. */

export type Template = {
  Conditions?: Record<string, unknown>;
  Resources: Record<string, Resource>;
  Outputs?: Record<string, unknown>;
};
export type Resource = {
  Type: string;
  Condition?: string;
  DeletionPolicy?: string;
  DependsOn?: string | string[];
  Properties?: Record<string, unknown>;
};

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Resources of one type, by logical id. */
export function resourcesOfType(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** Logical id referenced by `{Ref}` or `{Fn::GetAtt}` (undefined for anything else). */
export function referencedId(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  return undefined;
}

function evaluateCondition(node: unknown, template: Template, values: Record<string, boolean>): boolean {
  if (!isObject(node)) throw new Error(`cannot evaluate condition ${JSON.stringify(node)}`);
  if (typeof node.Condition === 'string') return conditionValue(node.Condition, template, values);
  const [fn, args] = Object.entries(node)[0] ?? [];
  if (!Array.isArray(args)) throw new Error(`cannot evaluate condition ${JSON.stringify(node)}`);
  switch (fn) {
    case 'Fn::Equals':
      return JSON.stringify(args[0]) === JSON.stringify(args[1]);
    case 'Fn::Not':
      return !evaluateCondition(args[0], template, values);
    case 'Fn::And':
      return args.every((arg) => evaluateCondition(arg, template, values));
    case 'Fn::Or':
      return args.some((arg) => evaluateCondition(arg, template, values));
    default:
      throw new Error(`unsupported condition function ${fn}`);
  }
}

function conditionValue(name: string, template: Template, values: Record<string, boolean>): boolean {
  const known = values[name];
  if (known !== undefined) return known;
  const definition = template.Conditions?.[name];
  if (definition === undefined) throw new Error(`unknown condition ${name}`);
  const value = evaluateCondition(definition, template, values);
  values[name] = value;
  return value;
}

/**
 * The value of every condition of the template. `overrides` force some conditions, as a stage with
 * other parameters would (e.g. `{KafkaProvisioned: true}`); the others are computed from the template.
 */
export function conditions(
  template: Template,
  overrides: Record<string, boolean> = {},
): Record<string, boolean> {
  const values = { ...overrides };
  for (const name of Object.keys(template.Conditions ?? {})) conditionValue(name, template, values);
  return values;
}

const noValue = Symbol('AWS::NoValue');

function resolveNode(node: unknown, values: Record<string, boolean>): unknown {
  if (Array.isArray(node)) {
    return node.map((item) => resolveNode(item, values)).filter((item) => item !== noValue);
  }
  if (!isObject(node)) return node;
  if (node.Ref === 'AWS::NoValue') return noValue;
  const fnIf = node['Fn::If'];
  if (Array.isArray(fnIf) && typeof fnIf[0] === 'string') {
    const value = values[fnIf[0]];
    if (value === undefined) throw new Error(`unknown condition ${fnIf[0]}`);
    return resolveNode(value ? fnIf[1] : fnIf[2], values);
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(node)) {
    const resolved = resolveNode(item, values);
    if (resolved !== noValue) out[key] = resolved;
  }
  return out;
}

/**
 * The template as CloudFormation would create it with these condition values: resources whose
 * condition is false are gone, `Fn::If` takes its branch and `AWS::NoValue` removes the property.
 */
export function resolveTemplate(template: Template, overrides: Record<string, boolean> = {}): Template {
  const values = conditions(template, overrides);
  const resources: Record<string, Resource> = {};
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Condition !== undefined && values[resource.Condition] === false) continue;
    resources[id] = resolveNode(resource, values) as Resource;
  }
  return { ...template, Resources: resources };
}

/** An IAM statement with where it was found. */
export interface FoundStatement {
  readonly origin: string;
  readonly statement: Record<string, unknown>;
}

/** Every policy statement of a resolved template: role and managed policies, and resource policies. */
export function policyStatements(template: Template): FoundStatement[] {
  const found: FoundStatement[] = [];
  const add = (origin: string, document: unknown) => {
    if (!isObject(document)) return;
    const statements = document.Statement;
    for (const statement of Array.isArray(statements) ? statements : [statements]) {
      if (isObject(statement)) found.push({ origin, statement });
    }
  };
  for (const [id, resource] of Object.entries(template.Resources)) {
    const p = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::IAM::Role':
        for (const policy of (p.Policies as unknown[] | undefined) ?? []) {
          if (isObject(policy)) add(`${id}/${String(policy.PolicyName)}`, policy.PolicyDocument);
        }
        break;
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::ManagedPolicy':
        add(id, p.PolicyDocument);
        break;
      case 'AWS::S3::BucketPolicy':
      case 'AWS::SNS::TopicPolicy':
      case 'AWS::SQS::QueuePolicy':
        add(id, p.PolicyDocument);
        break;
      case 'AWS::OpenSearchService::Domain':
      case 'AWS::Elasticsearch::Domain':
        add(id, p.AccessPolicies);
        break;
    }
  }
  return found;
}

/** A statement's actions or resources as a list. */
export function list(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
