import { isObject } from '../../deploy/cfn';

/**
 * A reference in the canonical form `renderValue` gives it: `sub('Table.Arn')` is `${Table.Arn}`.
 *
 * @example
 * `arn:${sub('AWS::Partition')}:ssm:…`
 */
export const sub = (name: string): string => `\${${name}}`;

/**
 * A CloudFormation value of a resolved template (no `Fn::If` left) as one canonical string, so that a
 * role's resources and the resources derived from the code compare as text: `{Fn::GetAtt: [Table, Arn]}`
 * is `${Table.Arn}`, `{Ref: Bucket}` is `${Bucket}`, a `Fn::Sub` is its template, a `Fn::Join` its parts
 * joined (with `Fn::Select` of a `Fn::Split` evaluated).
 *
 * @example
 * renderValue({ 'Fn::Sub': '${Table.Arn}/index/pending' }); // '${Table.Arn}/index/pending'
 */
export function renderValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isObject(value)) {
    if (typeof value.Ref === 'string') return sub(value.Ref);
    const getAtt = value['Fn::GetAtt'];
    if (Array.isArray(getAtt) && getAtt.length === 2) return sub(getAtt.map(String).join('.'));
    const substitution = value['Fn::Sub'];
    if (typeof substitution === 'string') return substitution;
    if (Array.isArray(substitution) && typeof substitution[0] === 'string' && isObject(substitution[1])) {
      const variables = substitution[1];
      return substitution[0].replace(/\$\{([\w:.]+)\}/g, (all, name: string) =>
        name in variables ? renderValue(variables[name]) : all,
      );
    }
    const join = value['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string') return renderList(join[1]).join(join[0]);
    const select = value['Fn::Select'];
    if (Array.isArray(select)) {
      const picked = renderList(select[1])[Number(select[0])];
      if (picked !== undefined) return picked;
    }
  }
  throw new Error(`cannot render ${JSON.stringify(value)} as one string`);
}

/** A list value (`Fn::Split` included) as canonical strings. */
export function renderList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(renderValue);
  const split = isObject(value) ? value['Fn::Split'] : undefined;
  if (Array.isArray(split) && typeof split[0] === 'string') return renderValue(split[1]).split(split[0]);
  throw new Error(`cannot render ${JSON.stringify(value)} as a list`);
}
