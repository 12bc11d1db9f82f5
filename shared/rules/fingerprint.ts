import { createHash } from 'node:crypto';
import type { LogEvent } from '../logs/types';
import { fieldText, fieldValue } from './fields';
import { exceptionOf } from './logged-exception';
import { messageTemplate } from './message-template';

/** An error's identity for a rule: the same kind of error gives the same fingerprint, whatever its ids. */
export interface Fingerprint {
  /** 16 hex digits (64 bits) of SHA-256 over the named fields: stable across processes and releases. */
  readonly id: string;
  /**
   * What a person reads: the message's template, then ` · ` and the exception's type and template when
   * the log carries one; without `message` among the fields, the fields' values joined by ` · `.
   */
  readonly template: string;
}

/** Separates a part's name from its value and parts from each other; neither can be in a field name. */
const nameEnd = '\u0000';
const partEnd = '\u0001';

/**
 * The fingerprint of an event for a rule's `fingerprint` fields. `message` stands for the message
 * reduced to its template (`messageTemplate`) and, when the log carries an exception (`exceptionOf`),
 * its type and its message's template; every other field is taken as it is (`fieldText`, absent is
 * empty). The order of the fields counts.
 *
 * @example
 * fingerprintOf(event, ['service', 'pathname', 'message']); // service api, pathname /app/db.py, message "order 12345 failed for 'bob@x.io'"
 * // { id: '617dd3e6959a4b53', template: 'order <num> failed for <str>' }
 * fingerprintOf(powertoolsError, ['message']).template; // exception_name RuntimeError
 * // 'Received a HTTP <num>xx error · RuntimeError'
 */
export function fingerprintOf(event: LogEvent, fields: readonly string[]): Fingerprint {
  const hash = createHash('sha256');
  const values: string[] = [];
  let template: string | undefined;
  for (const field of fields) {
    if (field === 'message') {
      template = messageTemplate(event.message);
      hash.update(`message${nameEnd}${template}${partEnd}`);
      const exception = exceptionOf(event);
      if (exception !== undefined) {
        const detail = messageTemplate(exception.message);
        hash.update(`exception${nameEnd}${exception.type}${nameEnd}${detail}${partEnd}`);
        template += ` · ${exception.type}${detail === '' || detail === template ? '' : `: ${detail}`}`;
      }
    } else {
      const value = fieldText(fieldValue(event, field)) ?? '';
      hash.update(`${field}${nameEnd}${value}${partEnd}`);
      values.push(value);
    }
  }
  return { id: hash.digest('hex').slice(0, 16), template: template ?? values.join(' · ') };
}
