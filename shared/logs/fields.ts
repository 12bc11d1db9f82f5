import type { ConsumedKeys } from './key-list';
import { boundField } from './limits';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null;

function take<T>(consumed: ConsumedKeys, key: string, value: T): T {
  consumed.push(key);
  return value;
}

/** A non-empty string, cut to `FieldLimits.maxLength`; `undefined` for anything else. */
const fieldString = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? boundField(value) : undefined;

// The readers below look keys up one by one, in order, rather than looping over key names: each named
// lookup keeps its own inline cache, which is several times faster on the hot path.

/**
 * The message of a JSON log: the first string among `message`, `msg`, `event` (structlog), `MESSAGE`
 * (journald), else the first number or boolean among them as text. Objects (a dict logged as the
 * message) stay in attrs.
 *
 * @example
 * readMessage({ event: 'user logged in', level: 'info' }, []); // 'user logged in'
 */
export function readMessage(log: JsonObject, consumed: ConsumedKeys): string | undefined {
  const message = log.message;
  if (typeof message === 'string') return take(consumed, 'message', message);
  const msg = log.msg;
  if (typeof msg === 'string') return take(consumed, 'msg', msg);
  const event = log.event;
  if (typeof event === 'string') return take(consumed, 'event', event);
  const journal = log.MESSAGE;
  if (typeof journal === 'string') return take(consumed, 'MESSAGE', journal);
  if (message === undefined && msg === undefined && event === undefined && journal === undefined)
    return undefined;
  if (isScalar(message)) return take(consumed, 'message', String(message));
  if (isScalar(msg)) return take(consumed, 'msg', String(msg));
  if (isScalar(event)) return take(consumed, 'event', String(event));
  if (isScalar(journal)) return take(consumed, 'MESSAGE', String(journal));
  return undefined;
}

const isScalar = (value: unknown): value is number | boolean =>
  typeof value === 'number' || typeof value === 'boolean';

/** Where in the code a log was written. */
export interface CodeLocation {
  pathname: string | undefined;
  lineno: number | undefined;
}

/**
 * Fills `into` with `pathname`/`path`/`filename`/`file` and `lineno`/`line`. Without a path: zap's
 * `caller` (`dir/file.go:123`) and Powertools' `location` (`handler:12`) give both; then, read but left
 * in attrs, bunyan's `src: {file, line}`, ECS `log.origin.file.{name,line}` (dotted or nested) and
 * journald's `CODE_FILE`/`CODE_LINE`. Fields already set in `into` are kept; returns true when a path
 * was found. (`into` is a caller's scratch object: no allocation per record.)
 *
 * @example
 * const at = { pathname: undefined, lineno: undefined };
 * readLocation({ caller: 'server/handler.go:42' }, [], at); // at: { pathname: 'server/handler.go', lineno: 42 }
 */
export function readLocation(log: JsonObject, consumed: ConsumedKeys, into: CodeLocation): boolean {
  if (into.lineno === undefined) {
    let lineno = toLineno(log.lineno);
    if (lineno !== undefined) consumed.push('lineno');
    else {
      lineno = toLineno(log.line);
      if (lineno !== undefined) consumed.push('line');
    }
    into.lineno = lineno;
  }
  if (into.pathname !== undefined) return true;
  const pathname = readPath(log, consumed);
  if (pathname !== undefined) {
    into.pathname = pathname;
    return true;
  }
  return (
    splitCaller(log.caller, 'caller', consumed, into) ||
    splitCaller(log.location, 'location', consumed, into) ||
    otherLocation(log, consumed, into)
  );
}

/** bunyan's and ECS's nested objects (read, left in attrs), then ECS's dotted keys and journald's keys. */
function otherLocation(log: JsonObject, consumed: ConsumedKeys, into: CodeLocation): boolean {
  const src = log.src;
  if (isObject(src) && locationOf(src.file, src.line, into) !== undefined) return true;
  const logObject = log.log;
  if (isObject(logObject) && isObject(logObject.origin) && isObject(logObject.origin.file)) {
    const file = logObject.origin.file;
    if (locationOf(file.name, file.line, into) !== undefined) return true;
  }
  return (
    keyedLocation(log, 'log.origin.file.name', 'log.origin.file.line', consumed, into) ||
    keyedLocation(log, 'CODE_FILE', 'CODE_LINE', consumed, into)
  );
}

function keyedLocation(
  log: JsonObject,
  fileKey: string,
  lineKey: string,
  consumed: ConsumedKeys,
  into: CodeLocation,
): boolean {
  const lineUsed = locationOf(log[fileKey], log[lineKey], into);
  if (lineUsed === undefined) return false;
  consumed.push(fileKey);
  if (lineUsed) consumed.push(lineKey);
  return true;
}

/** Sets the path (and the line, unless known): `undefined` when `file` is no path, else whether `line` was used. */
function locationOf(file: unknown, line: unknown, into: CodeLocation): boolean | undefined {
  const pathname = fieldString(file);
  if (pathname === undefined) return undefined;
  into.pathname = pathname;
  if (into.lineno !== undefined) return false;
  into.lineno = toLineno(line);
  return into.lineno !== undefined;
}

/** `dir/file.go:123` into its path and line; false unless it ends in `:<digits>` after a path. */
function splitCaller(value: unknown, key: string, consumed: ConsumedKeys, into: CodeLocation): boolean {
  if (typeof value !== 'string') return false;
  const colon = value.lastIndexOf(':');
  if (colon <= 0) return false;
  const lineno = toLineno(value.slice(colon + 1));
  if (lineno === undefined) return false;
  consumed.push(key);
  into.pathname = boundField(value.slice(0, colon));
  into.lineno ??= lineno;
  return true;
}

/** A line number: a non-negative safe integer, or a string of 1 to 9 digits. */
function toLineno(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 9) return undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return Number(value);
}

/**
 * The service: `service`, `service.name` (dotted key), ECS `service: {name}` (read, left in attrs),
 * `app`, `application`. The caller falls back to the Kubernetes container name.
 *
 * @example
 * readService({ 'service.name': 'payment' }, []); // 'payment'
 */
export function readService(log: JsonObject, consumed: ConsumedKeys): string | undefined {
  const service = log.service;
  if (isObject(service)) {
    const name = fieldString(service.name);
    if (name !== undefined) return name;
  }
  let found = fieldString(service);
  if (found !== undefined) return take(consumed, 'service', found);
  found = fieldString(log['service.name']);
  if (found !== undefined) return take(consumed, 'service.name', found);
  found = fieldString(log.app);
  if (found !== undefined) return take(consumed, 'app', found);
  found = fieldString(log.application);
  return found === undefined ? undefined : take(consumed, 'application', found);
}

function readPath(log: JsonObject, consumed: ConsumedKeys): string | undefined {
  let found = fieldString(log.pathname);
  if (found !== undefined) return take(consumed, 'pathname', found);
  found = fieldString(log.path);
  if (found !== undefined) return take(consumed, 'path', found);
  found = fieldString(log.filename);
  if (found !== undefined) return take(consumed, 'filename', found);
  found = fieldString(log.file);
  return found === undefined ? undefined : take(consumed, 'file', found);
}
