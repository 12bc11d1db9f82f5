import type { LogEvent } from '../logs/types';
import { fieldText, fieldValue } from './fields';

/** An exception a log carries: its type (class name) and its message, as written. */
export interface LoggedException {
  readonly type: string;
  /** Empty when the log names the type only. */
  readonly message: string;
}

/** Structured exceptions, `[type, message]` paths, first found wins (ECS, pino, bunyan, Node, Powertools). */
const structured: readonly (readonly [string, string])[] = [
  ['attrs.error.type', 'attrs.error.message'],
  ['attrs.err.type', 'attrs.err.message'],
  ['attrs.err.name', 'attrs.err.message'],
  ['attrs.error.name', 'attrs.error.message'],
  ['attrs.stack_trace.type', 'attrs.stack_trace.value'],
];
/** Formatted tracebacks and stacks: python-json-logger, Powertools and structlog, Node, Java encoders, ECS. */
const traces: readonly string[] = [
  'attrs.exc_info',
  'attrs.exception',
  'attrs.stack_trace',
  'attrs.stack',
  'attrs.error.stack_trace',
  'attrs.error.stack',
  'attrs.err.stack',
];
/** Types the log names without a trace we can read (Powertools' `exception_name`). */
const typeOnly: readonly string[] = ['attrs.exception_name'];

const MAX_TYPE_LENGTH = 256;
const pythonTrace = 'Traceback (most recent call last):';
/** What normalization appends to a string it cut (shared/logs/limits.ts): the end of the trace is gone. */
const truncated = '…[truncated]';
/** `pkg.Class$Inner: message`, `TypeError: message`, or a bare type. Anchored, one pass. */
const header = /^([A-Za-z_$][\w$]*(?:[.$][A-Za-z_$][\w$]*)*)(?::[ \t]?(.*))?$/;
const javaThread = /^Exception in thread "[^"\n]{0,256}" /;

/**
 * The exception a log carries, when it carries one: from a structured error (`error.type` and
 * `error.message`, pino's `err`, Powertools' `stack_trace`), else from a formatted traceback or stack
 * (`exc_info`, `exception`, `stack_trace`, `stack`, `error.stack_trace`: a Python traceback's last
 * line, a Java or JavaScript stack's first line), else a bare type (`exception_name`).
 *
 * @example
 * exceptionOf(event); // { type: 'requests.exceptions.HTTPError', message: '500 Server Error: ... for url: http://httpbin.org/status/500' }
 */
export function exceptionOf(event: LogEvent): LoggedException | undefined {
  for (const [typePath, messagePath] of structured) {
    const type = fieldText(fieldValue(event, typePath));
    if (type !== undefined && type !== '' && type.length <= MAX_TYPE_LENGTH) {
      return { type, message: fieldText(fieldValue(event, messagePath)) ?? '' };
    }
  }
  for (const path of traces) {
    const text = fieldValue(event, path);
    const found = typeof text === 'string' ? exceptionOfTrace(text) : undefined;
    if (found !== undefined) return found;
  }
  for (const path of typeOnly) {
    const type = fieldText(fieldValue(event, path));
    if (type !== undefined && type !== '' && type.length <= MAX_TYPE_LENGTH) return { type, message: '' };
  }
  return undefined;
}

/**
 * The exception a formatted trace names: a Python traceback's last unindented line, or the first line
 * of a Java or JavaScript stack; undefined when that line is no `Type: message` (or the trace was cut).
 *
 * @example
 * exceptionOfTrace('java.io.IOException: Connection to 0 was disconnected\n\tat kafka...'); // { type: 'java.io.IOException', message: 'Connection to 0 was disconnected' }
 */
export function exceptionOfTrace(trace: string): LoggedException | undefined {
  let line: string | undefined;
  if (trace.startsWith(pythonTrace)) {
    if (trace.endsWith(truncated)) return undefined;
    line = lastUnindentedLine(trace, pythonTrace.length);
  } else {
    const end = trace.indexOf('\n');
    line = (end < 0 ? trace : trace.slice(0, end)).replace(javaThread, '');
  }
  const match = line === undefined ? null : header.exec(line.trimEnd());
  const type = match?.[1];
  if (type === undefined || type.length > MAX_TYPE_LENGTH) return undefined;
  return { type, message: match?.[2] ?? '' };
}

/** The last line of `text` after `from` that is neither blank nor indented. */
function lastUnindentedLine(text: string, from: number): string | undefined {
  let end = text.length;
  while (end > from) {
    const start = Math.max(text.lastIndexOf('\n', end - 1) + 1, from);
    const line = text.slice(start, end);
    if (line.trim() !== '' && line[0] !== ' ' && line[0] !== '\t') return line;
    end = start - 1;
  }
  return undefined;
}
