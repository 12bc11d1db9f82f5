import type { SluiceConfig } from '../../shared/config';
import { loadRules } from '../../shared/rules/load';
import { type ClosingRule, isClosingRule } from '../../shared/rules/types';

/** The sweeper's view of the rules: those it decides on closed windows, or why it cannot read them. */
export type SweepRules =
  | { readonly ok: true; readonly rules: readonly ClosingRule[] }
  | { readonly ok: false; readonly error: Error };

/**
 * Loads the rules the sweeper decides (flatline and ratio) once per container. A broken rules file is
 * kept as a value, not thrown: the sweeper still delivers every alert and notice, and says each
 * sweep that it could not evaluate closed windows.
 *
 * @example
 * const rules = sweepRules(config);
 * if (!rules.ok) log.error('closed windows not evaluated', { error: rules.error });
 */
export function sweepRules(config: Pick<SluiceConfig, 'rulesFile'>): SweepRules {
  try {
    const { rules } = loadRules(config.rulesFile);
    return { ok: true, rules: rules.filter(isClosingRule) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/**
 * Whether a sweep's event says the input has ended: `{ "inputEnded": true }`, which `sluice replay`
 * sends for its last sweep (EventBridge's schedule events never carry it).
 *
 * @example
 * inputEnded({ inputEnded: true }); // true
 */
export function inputEnded(event: unknown): boolean {
  return (
    typeof event === 'object' && event !== null && (event as { inputEnded?: unknown }).inputEnded === true
  );
}
