import type { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { ConfigError, InvalidInputError } from '../errors';
import { type Invocation, invocationOf } from './invocation';
import { functionLogger, type LineSink } from './logger';
import { type EmitMetrics, functionMetrics } from './metrics';
import { once } from './once';

/** The functions of the stack. */
export const FunctionName = {
  index: 'index',
  archive: 'archive',
  detect: 'detect',
  sweep: 'sweep',
  notify: 'notify',
  rehydrate: 'rehydrate',
} as const;
export type FunctionName = (typeof FunctionName)[keyof typeof FunctionName];

/** A middleware of a function (middy's shape, on the Lambda context). */
export type FunctionMiddleware = middy.MiddlewareObj<unknown, unknown, Error, Context>;

/** What a handler's core gets besides its event and dependencies: where to log and emit metrics. */
export interface FunctionTools {
  readonly log: Logger;
  readonly metrics: EmitMetrics;
  /** Says what this invocation is handling (e.g. a batch's offsets), for its failure line. */
  describe(fields: Readonly<Record<string, unknown>>): void;
}

/** Options every handler factory takes; local tools and tests use them, Lambda uses the defaults. */
export interface HandlerOptions {
  /** Where the handler's JSON log lines and EMF metric lines go; default stdout (Lambda's log). */
  readonly logSink?: LineSink;
}

/**
 * One function: its per-container dependencies, the per-invocation inputs its middlewares resolve,
 * and its core.
 */
export interface FunctionSpec<E, R, D, X extends object> {
  readonly name: FunctionName;
  /** Built once per container on first use; a build that fails is retried by the next invocation. */
  readonly deps: () => D | Promise<D>;
  /** Middlewares that resolve per-invocation inputs (e.g. the Slack webhook from SSM). */
  readonly use?: readonly FunctionMiddleware[];
  /** The per-invocation inputs, read from the context the middlewares filled (e.g. the Slack sender). */
  readonly inputs?: (context: Context, invocation: Invocation, deps: D) => X;
  readonly run: (event: E, deps: D, invocation: Invocation & X, tools: FunctionTools) => Promise<R>;
  /** Releases what `deps` holds open (sockets): local runs call it at the end; Lambda never does. */
  readonly close?: (deps: D) => Promise<void>;
}

/** A function's Lambda handler, plus `close()` for local runs that end (Lambda freezes the container). */
export type FunctionHandler<E, R> = middy.MiddyfiedHandler<E, R, Error, Context> & {
  close(): Promise<void>;
};

/** middy ends an invocation this long before Lambda would (its default `timeoutEarlyInMillis`). */
const EARLY_MS = 5;

/**
 * The invocation's own abort signal, fired when middy's early timeout ends it. middy passes the handler
 * a signal too, but one shared by every invocation in the process: in Lambda that is one at a time,
 * while a local run hosts several functions in one process, where one function's timeout would cancel
 * the others' requests. This one belongs to its invocation alone.
 */
function invocationDeadline(context: Context): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const remaining = context.getRemainingTimeInMillis?.();
  const timer =
    remaining === undefined
      ? undefined
      : setTimeout(
          () => controller.abort(new DOMException('the invocation reached its deadline', 'TimeoutError')),
          Math.max(0, remaining - EARLY_MS),
        );
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/** Errors no retry can fix: the configuration or the input is wrong, and a person must act. */
export function isPermanent(error: unknown): boolean {
  return error instanceof ConfigError || error instanceof InvalidInputError;
}

/**
 * The Lambda handler of a function: a plain `(event, context)` function (middy) that builds the
 * dependencies once per container, gives the core the invocation (request id, deadline, middy's
 * abort signal, and the inputs the middlewares resolved) and logs every failure with its error object
 * and cause chain before it goes on to Lambda. A failure no retry can fix (bad configuration, bad
 * input) is reported in full once per container, with what to do; its repeats get one short line.
 * Every local tool (`sluice replay`, `start`, `consume`, `redrive`, `sweep`) and the fault suite
 * call the handler this returns, with a Lambda-shaped context.
 *
 * @example
 * export const handler = lambdaHandler({ name: 'notify', deps: () => ({}), run: async (event) => notify(event) });
 */
export function lambdaHandler<E, R, D, X extends object>(
  spec: FunctionSpec<E, R, D, X>,
  options: HandlerOptions = {},
): FunctionHandler<E, R> {
  const log = functionLogger(spec.name, options.logSink);
  const metrics = functionMetrics(options.logSink);
  let built = false;
  const deps = once(async () => {
    const ready = await spec.deps();
    built = true;
    return ready;
  });
  const reported = new Set<string>();
  // What the failure line says about the work in hand, per invocation (keyed by its context).
  const inHand = new WeakMap<Context, Readonly<Record<string, unknown>>>();
  const handler = middy(async (event: E, context: Context): Promise<R> => {
    log.addContext(context);
    const cancel = invocationDeadline(context);
    try {
      const ready = await deps();
      const invocation = invocationOf(context, cancel.signal);
      const inputs = spec.inputs ? spec.inputs(context, invocation, ready) : ({} as X);
      const tools: FunctionTools = { log, metrics, describe: (fields) => inHand.set(context, fields) };
      return await spec.run(event, ready, { ...invocation, ...inputs }, tools);
    } finally {
      cancel.clear();
    }
  });
  for (const middleware of spec.use ?? []) handler.use(middleware);
  handler.use({
    onError: (request) => {
      const error = request.error;
      const fields = inHand.get(request.context) ?? {};
      if (!isPermanent(error)) {
        log.error('invocation failed, it will be retried', { ...fields, error });
        return;
      }
      const key = `${error?.name}: ${error?.message}`;
      if (reported.has(key)) {
        log.error('invocation failed again for the reason reported before', { ...fields, reason: key });
        return;
      }
      reported.add(key);
      log.error('invocation failed: retrying cannot fix this; fix the cause below, then redeploy', {
        ...fields,
        error,
        retryable: false,
      });
    },
  });
  const close = async () => {
    if (built && spec.close) await spec.close(await deps());
  };
  return Object.assign(handler as unknown as middy.MiddyfiedHandler<E, R, Error, Context>, { close });
}
