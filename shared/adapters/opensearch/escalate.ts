import { offendingFields, quarantineSource } from './quarantine';

/** How far a refused document has been quarantined: not yet, its named fields, everything non-core. */
export const QuarantineLevel = { none: 0, fields: 1, all: 2 } as const;
export type QuarantineLevel = (typeof QuarantineLevel)[keyof typeof QuarantineLevel];

/** A document's current body and how it got there. */
export interface DocumentState {
  readonly source: Readonly<Record<string, unknown>>;
  readonly level: QuarantineLevel;
  /** Rounds spent moving named fields, so a chain of new field errors ends. */
  readonly fieldRounds: number;
}

/** Rounds of moving named fields before everything non-core is moved at once. */
const maxFieldRounds = 3;

/**
 * The next body to try after OpenSearch refused this one for good: first the fields the error names
 * move to quarantine; if none can be named (or the error repeats), every non-core field; after that
 * there is nothing left to try, and the result is `undefined` (the record becomes a `mapping_conflict`).
 *
 * @example
 * nextQuarantine({ source, level: 0, fieldRounds: 0 }, 'mapper_parsing_exception: failed to parse field [attrs.n] ...');
 * // { source: { ...without attrs.n, quarantine: {...} }, level: 1, fieldRounds: 1 }
 */
export function nextQuarantine(state: DocumentState, error: string): DocumentState | undefined {
  if (state.level === QuarantineLevel.all) return undefined;
  if (state.fieldRounds < maxFieldRounds) {
    const fields = offendingFields(error);
    const source = fields.length > 0 ? quarantineSource(state.source, fields, error) : undefined;
    if (source) return { source, level: QuarantineLevel.fields, fieldRounds: state.fieldRounds + 1 };
  }
  const source = quarantineSource(state.source, 'all', error);
  return source ? { source, level: QuarantineLevel.all, fieldRounds: state.fieldRounds } : undefined;
}
