/** Where the tools write: whole lines, and one live status line redrawn in place on a terminal. */
export interface StatusTerminal {
  /** Prints a line above the live line. */
  say(line: string): void;
  /** Redraws the live line (on a terminal) or prints it every `everyTicks` calls (in a log). */
  status(line: string): void;
  /** Removes the live line, before the final summary. */
  clear(): void;
}

/** A `StatusTerminal` on `out` (stdout by default), like `sluice start`'s live view. */
export function statusTerminal(out: NodeJS.WriteStream = process.stdout, everyTicks = 5): StatusTerminal {
  const tty = out.isTTY === true;
  let shown = false;
  let ticks = 0;
  const clear = () => {
    if (tty && shown) out.write('\r\x1b[2K');
    shown = false;
  };
  return {
    say(line) {
      clear();
      out.write(`${line}\n`);
    },
    status(line) {
      ticks += 1;
      if (tty) {
        clear();
        out.write(line.slice(0, (out.columns ?? 160) - 1));
        shown = true;
      } else if (ticks % everyTicks === 0) {
        out.write(`${line}\n`);
      }
    },
    clear,
  };
}

/**
 * Resolves on Ctrl-C (SIGINT), SIGTERM, after `durationMs` when it is finite, or when `early` settles;
 * either way its timer and signal handlers are gone afterwards.
 */
export function untilStopped(
  durationMs: number,
  early?: Promise<unknown>,
): Promise<'signal' | 'duration' | 'early'> {
  return new Promise((done) => {
    const timer = Number.isFinite(durationMs) ? setTimeout(() => finish('duration'), durationMs) : undefined;
    const onSignal = () => finish('signal');
    function finish(why: 'signal' | 'duration' | 'early') {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      done(why);
    }
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    early?.then(
      () => finish('early'),
      () => finish('early'),
    );
  });
}

/** Ctrl-C (SIGINT) and SIGTERM for the life of a command that drains before it stops. */
export interface StopSignals {
  /** Resolves on the first signal: stop gracefully. */
  readonly requested: Promise<void>;
  /** Removes the handler. */
  dispose(): void;
}

/**
 * One signal handler from now until `dispose`: the first Ctrl-C resolves `requested`, the second
 * calls `atOnce`. Installed once for the whole run, so that no Ctrl-C ever meets Node's default
 * (which kills the process) in between.
 *
 * @example
 * const signals = stopSignals(() => process.exit(130));
 * await untilStopped(durationMs, signals.requested);
 * // ... drain ...
 * signals.dispose();
 */
export function stopSignals(atOnce: () => void): StopSignals {
  let count = 0;
  let first: () => void = () => {};
  const requested = new Promise<void>((resolve) => {
    first = resolve;
  });
  const onSignal = () => {
    count += 1;
    if (count === 1) first();
    else atOnce();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    requested,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
