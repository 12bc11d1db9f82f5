import { formatDuration, readDuration } from './durations';
import type { ProblemReport } from './report';

type Path = ReadonlyArray<string | number>;

/**
 * What the check of one rule's type-specific fields gets: the rule's raw fields and where to report
 * problems, worded like every other problem of the file (`window: missing; ...`).
 */
export interface RuleCheck {
  readonly fields: Readonly<Record<string, unknown>>;
  /** Path of the rule in the document (`['rules', 2]`). */
  readonly path: Path;
  /** How messages name the rule (`rule "error-burst"`). */
  readonly label: string;
  readonly report: ProblemReport;
  /** A required field is absent (unless a misspelt key already stands for it). */
  missing(field: string, message: string): void;
  /** A field's value is wrong: `field: message`, at the value's line. */
  problem(field: string, message: string): void;
  /** True when a misspelt key stands for `field` (its absence is not reported again). */
  misspelt(field: string): boolean;
}

/**
 * A duration field of a rule: its value in ms, undefined when absent or wrong (reported).
 *
 * @example
 * const windowMs = durationField(check, 'window', { required: true, min: 1000 });
 */
export function durationField(
  check: RuleCheck,
  field: string,
  options: { required: boolean; min: number },
): number | undefined {
  const raw = check.fields[field];
  if (raw === undefined) {
    if (options.required) check.missing(field, 'use a duration such as 10s or 5m');
    return undefined;
  }
  const read = readDuration(raw);
  if (!read.ok) {
    check.problem(field, read.problem);
    return undefined;
  }
  if (read.ms < options.min) {
    check.problem(field, `must be at least ${formatDuration(options.min)}, got ${formatDuration(read.ms)}`);
    return undefined;
  }
  return read.ms;
}
