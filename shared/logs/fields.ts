import { maxFieldLength, truncate } from './limits';

type JsonObject = Record<string, unknown>;

/** Where the message may be: design.md §2's keys (structlog's `event`), then journald's `MESSAGE`. */
const messageKeys: readonly string[] = ['message', 'msg', 'event', 'MESSAGE'];
const pathKeys: readonly string[] = ['pathname', 'path', 'filename', 'file'];
const lineKeys: readonly string[] = ['lineno', 'line'];
const serviceKeys: readonly string[] = ['service', 'service.name', 'app', 'application'];

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null;

/**
 * The message of a JSON log: the first string among `message`, `msg`, `event`, `MESSAGE`, else the first
 * number or boolean among them as text. Objects (a dict logged as the message) stay in attrs.
 *
 * @example
 * readMessage({ event: 'user logged in', level: 'info' }, []); // 'user logged in'
 */
export function readMessage(log: JsonObject, consumed: string[]): string | undefined {
  for (let i = 0; i < messageKeys.length; i++) {
    const key = messageKeys[i] as string;
    const value = log[key];
    if (typeof value === 'string') {
      consumed.push(key);
      return value;
    }
  }
  for (let i = 0; i < messageKeys.length; i++) {
    const key = messageKeys[i] as string;
    const value = log[key];
    if (typeof value === 'number' || typeof value === 'boolean') {
      consumed.push(key);
      return String(value);
    }
  }
  return undefined;
}

/** Where in the code a log was written. */
export interface CodeLocation {
  pathname?: string;
  lineno?: number;
}

/**
 * `pathname`/`path`/`filename`/`file` and `lineno`/`line`. Without a path: zap's `caller`
 * (`dir/file.go:123`) and Powertools' `location` (`handler:12`) give both; then, read but left in attrs,
 * bunyan's `src: {file, line}`, ECS `log.origin.file.{name,line}` (dotted or nested) and journald's
 * `CODE_FILE`/`CODE_LINE`.
 *
 * @example
 * readLocation({ caller: 'server/handler.go:42' }, []); // { pathname: 'server/handler.go', lineno: 42 }
 */
export function readLocation(log: JsonObject, consumed: string[]): CodeLocation | undefined {
  const pathname = firstString(log, pathKeys, consumed);
  let lineno: number | undefined;
  for (let i = 0; i < lineKeys.length && lineno === undefined; i++) {
    const key = lineKeys[i] as string;
    lineno = toLineno(log[key]);
    if (lineno !== undefined) consumed.push(key);
  }
  if (pathname !== undefined) return lineno === undefined ? { pathname } : { pathname, lineno };
  const fromCaller =
    splitCaller(log.caller, 'caller', consumed) ?? splitCaller(log.location, 'location', consumed);
  if (fromCaller !== undefined) {
    if (lineno !== undefined) fromCaller.lineno = lineno;
    return fromCaller;
  }
  const nested = nestedLocation(log);
  if (nested !== undefined) {
    if (lineno !== undefined) nested.lineno = lineno;
    return nested;
  }
  return lineno === undefined ? undefined : { lineno };
}

function nestedLocation(log: JsonObject): CodeLocation | undefined {
  const src = log.src;
  if (isObject(src)) {
    const found = locationOf(src.file, src.line);
    if (found !== undefined) return found;
  }
  const ecs = locationOf(log['log.origin.file.name'], log['log.origin.file.line']);
  if (ecs !== undefined) return ecs;
  const logObject = log.log;
  if (isObject(logObject) && isObject(logObject.origin) && isObject(logObject.origin.file)) {
    const file = logObject.origin.file;
    const found = locationOf(file.name, file.line);
    if (found !== undefined) return found;
  }
  if (log.CODE_FILE !== undefined) return locationOf(log.CODE_FILE, log.CODE_LINE);
  return undefined;
}

function locationOf(file: unknown, line: unknown): CodeLocation | undefined {
  if (typeof file !== 'string' || file === '') return undefined;
  const pathname = truncate(file, maxFieldLength);
  const lineno = toLineno(line);
  return lineno === undefined ? { pathname } : { pathname, lineno };
}

/** `dir/file.go:123` into its path and line; `undefined` unless it ends in `:<digits>` after a path. */
function splitCaller(value: unknown, key: string, consumed: string[]): CodeLocation | undefined {
  if (typeof value !== 'string') return undefined;
  const colon = value.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const lineno = toLineno(value.slice(colon + 1));
  if (lineno === undefined) return undefined;
  consumed.push(key);
  return { pathname: truncate(value.slice(0, colon), maxFieldLength), lineno };
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
export function readService(log: JsonObject, consumed: string[]): string | undefined {
  const service = log.service;
  if (isObject(service) && typeof service.name === 'string' && service.name !== '') {
    return truncate(service.name, maxFieldLength);
  }
  return firstString(log, serviceKeys, consumed);
}

function firstString(log: JsonObject, keys: readonly string[], consumed: string[]): string | undefined {
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const value = log[key];
    if (typeof value === 'string' && value !== '') {
      consumed.push(key);
      return truncate(value, maxFieldLength);
    }
  }
  return undefined;
}
