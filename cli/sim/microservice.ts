import { seededRandom } from './random';

/**
 * A simulated microservice that writes JSON logs like the seed's: two source files, about 30 % errors.
 * Deterministic for a given seed, so benchmarks and tests see the same stream every run.
 */
export interface MicroserviceOptions {
  /** Source files that log; errors are spread evenly over them. */
  readonly pathnames?: readonly string[];
  /** Share of records that are errors, 0..1. */
  readonly errorShare?: number;
  /**
   * Share of errors per source file and time, instead of `errorShare` (see `bursts.ts`): the file is
   * then picked before the level.
   */
  readonly errorShareAt?: (pathname: string, timeMs: number) => number;
  readonly service?: string;
  readonly seed?: number;
  /** The files logging at a time, instead of all of them (see `silences.ts`). */
  readonly pathnamesAt?: (timeMs: number) => readonly string[];
}

export interface SimulatedLog {
  readonly value: string;
  readonly level: 'INFO' | 'ERROR';
  readonly pathname: string;
}

export const defaultPathnames = ['/app/orders/checkout.py', '/app/payments/gateway.py'] as const;

const infoMessages = [
  'order accepted',
  'payment authorised',
  'cart updated',
  'inventory reserved',
  'GET /api/orders/{id} 200',
];
const errorMessages = [
  'payment provider timed out after 3000 ms',
  'ValueError: invalid literal for int() with base 10',
  'database connection refused: could not connect to server',
  'KeyError exception while reading customer profile',
];

/** A short Python traceback, as python-json-logger puts it in `exc_info`. */
const errorTrace = (pathname: string): string =>
  `Traceback (most recent call last):\n  File "${pathname}", line 42, in handle\n    result = client.call(request)\nTimeoutError: payment provider timed out`;

const pick = <T>(items: readonly T[], r: number): T => items[Math.floor(r * items.length)] as T;

/**
 * Returns a function that writes one log line (JSON, python-json-logger style) for a given time.
 *
 * @example
 * const next = simulateMicroservice({ seed: 1 });
 * next(Date.now()).value; // '{"timestamp":"2026-...","levelname":"ERROR",...}'
 */
export function simulateMicroservice(options: MicroserviceOptions = {}): (timeMs: number) => SimulatedLog {
  const pathnames = options.pathnames ?? defaultPathnames;
  const errorShare = options.errorShare ?? 0.3;
  const service = options.service ?? 'orders';
  const next = seededRandom(options.seed ?? 42);
  let sequence = 0;
  return (timeMs) => {
    sequence += 1;
    let isError: boolean;
    let pathname: string;
    if (options.errorShareAt) {
      pathname = pick(options.pathnamesAt?.(timeMs) ?? pathnames, next());
      isError = next() < options.errorShareAt(pathname, timeMs);
    } else {
      // This order keeps the stream of a seed what it was before per-file shares existed.
      isError = next() < errorShare;
      pathname = pick(pathnames, next());
    }
    const level = isError ? 'ERROR' : 'INFO';
    const log = {
      timestamp: new Date(timeMs).toISOString(),
      levelname: level,
      message: pick(isError ? errorMessages : infoMessages, next()),
      name: 'app',
      pathname,
      lineno: isError ? 40 + Math.floor(next() * 8) : 12,
      funcName: isError ? 'handle' : 'process',
      service,
      module: pathname.slice(pathname.lastIndexOf('/') + 1, -3),
      process: 7,
      processName: 'MainProcess',
      thread: 140_245_067_224_896,
      threadName: 'MainThread',
      request_id: `req-${sequence.toString(16).padStart(8, '0')}`,
      trace_id: `1-${(timeMs / 1000).toString(16).slice(0, 8)}-${sequence.toString(16).padStart(24, '0')}`,
      http: {
        method: isError ? 'POST' : 'GET',
        path: isError ? '/api/checkout' : '/api/orders',
        status: isError ? 500 : 200,
      },
      duration_ms: Math.round(next() * 250),
      ...(isError ? { exc_info: errorTrace(pathname) } : {}),
    };
    return { value: JSON.stringify(log), level, pathname };
  };
}
