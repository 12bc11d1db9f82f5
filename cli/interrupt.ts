/** Exit code of a command stopped by a second Ctrl-C (128 + SIGINT, as shells report it). */
export const interruptedExitCode = 130;

/**
 * Signals this close after the first are the same Ctrl-C: `npm start` forwards the SIGINT it gets from
 * the terminal to its script, which has just got that SIGINT from the terminal itself.
 */
const sameCtrlCMs = 500;

/** The two-step Ctrl-C of a long-running command: the first asks it to finish, the second stops it. */
export interface Interrupt {
  /** Resolves on the first SIGINT or SIGTERM. */
  readonly requested: Promise<NodeJS.Signals>;
  /** True once the first signal has come. */
  isRequested(): boolean;
  /** Stops listening (the command is done). */
  dispose(): void;
}

/**
 * Listens for Ctrl-C (SIGINT) and SIGTERM. The first resolves `requested`, so the command can drain
 * its work and stop the local servers last (they run in process groups of their own, out of reach of
 * the terminal's Ctrl-C). A second one calls `onSecond`, which says what was left undone, then exits
 * at once with code 130; the exit hooks of `infra/local` still stop the servers this process started.
 *
 * @example
 * const interrupt = onInterrupt(() => say(`stopped at once: ${lag} records not processed`));
 * await Promise.race([interrupt.requested, finished]);
 * // ... drain, then stop the stack ...
 * interrupt.dispose();
 */
export function onInterrupt(onSecond: () => void = () => {}): Interrupt {
  let requestedAt: number | undefined;
  let resolveRequested: (signal: NodeJS.Signals) => void = () => {};
  const first = new Promise<NodeJS.Signals>((resolve) => {
    resolveRequested = resolve;
  });
  const handler = (signal: NodeJS.Signals) => {
    if (requestedAt === undefined) {
      requestedAt = Date.now();
      resolveRequested(signal);
      return;
    }
    if (Date.now() - requestedAt < sameCtrlCMs) return;
    try {
      onSecond();
    } finally {
      process.exit(interruptedExitCode);
    }
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    requested: first,
    isRequested: () => requestedAt !== undefined,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
