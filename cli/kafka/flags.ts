import { parseDuration } from '../../shared/config';
import { UsageError } from '../command';

/**
 * A numeric flag, checked: `fallback` when absent, a one-line `UsageError` when out of range.
 *
 * @example
 * numberFlag(values.rate, '--rate', 'produce', 200, (n) => n > 0);
 */
export function numberFlag(
  text: string | undefined,
  flag: string,
  command: string,
  fallback: number,
  check: (n: number) => boolean,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value)) {
    throw new UsageError(`sluice ${command}: ${flag} ${text} is out of range (see sluice ${command} --help)`);
  }
  return value;
}

/** A duration flag (`30s`, `2m`, `500ms`, or bare seconds), in ms; `fallback` when absent. */
export function durationFlag(
  text: string | undefined,
  flag: string,
  command: string,
  fallback: number,
): number {
  if (text === undefined) return fallback;
  const ms = /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) * 1000 : parseDuration(text);
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) {
    throw new UsageError(`sluice ${command}: ${flag} ${text} is not a duration such as 30s or 2m`);
  }
  return ms;
}
