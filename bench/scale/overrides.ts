import { ConfigError } from '../../shared/errors';
import { nearest } from '../../shared/rules/suggest';
import { defaultParams, PARAMS, type ParamName, type Params } from './params';

const names = Object.keys(PARAMS) as ParamName[];
const isName = (name: string): name is ParamName => Object.hasOwn(PARAMS, name);

function checkedValue(name: string, raw: unknown, where: string): [ParamName, number] {
  if (!isName(name)) {
    const guess = nearest(name, names);
    throw new ConfigError(
      `${where}: "${name}" is not a model parameter${guess ? `; did you mean "${guess}"?` : ''} (npm run bench -- --scale --list-params shows them all)`,
    );
  }
  const value =
    typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value) || value < 0) {
    throw new ConfigError(
      `${where}: ${name} must be a number ≥ 0 (${PARAMS[name].unit}), got ${JSON.stringify(raw)}`,
    );
  }
  return [name, value];
}

/**
 * The catalogue's values with a user's overrides: a JSON object of `{ name: value }` (a file's
 * content) first, then `name=value` pairs from the command line, which win.
 *
 * @example
 * withOverrides(['dynamodbWriteMs=12'], { slackPostMs: 500 }).dynamodbWriteMs; // 12
 */
export function withOverrides(pairs: readonly string[] = [], file?: unknown): Params {
  const values: Record<string, number | null> = { ...defaultParams() };
  if (file !== undefined) {
    if (typeof file !== 'object' || file === null || Array.isArray(file)) {
      throw new ConfigError('params file: expected a JSON object of { "name": number }');
    }
    for (const [name, raw] of Object.entries(file)) {
      const [key, value] = checkedValue(name, raw, 'params file');
      values[key] = value;
    }
  }
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0)
      throw new ConfigError(`--param ${pair}: write it as name=value, e.g. --param dynamodbWriteMs=12`);
    const [key, value] = checkedValue(pair.slice(0, at), pair.slice(at + 1), `--param ${pair}`);
    values[key] = value;
  }
  return values as Params;
}
