import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';

/** How to start a server process and recognize that it is ready. */
export interface ChildSpec {
  /** Name used in error messages, e.g. `DynamoDB Local`. */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** A stdout line matching this means the server is ready; the match is returned. */
  readonly ready: RegExp;
  readonly timeoutMs: number;
}

/** A started server process. */
export interface StartedChild {
  readonly match: RegExpMatchArray;
  readonly pid: number;
  /** Last lines of its stderr, for error reports. */
  stderrTail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();

/**
 * Signals the child's whole process group (it leads one: see `startChild`), so helpers it started
 * (Swift's memcached) get the signal too; the child alone if the group is gone.
 */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}
const exitTasks = new Set<() => void>();
let exitHookInstalled = false;

/**
 * Stops whatever is still running when this process exits, then runs the registered clean-ups.
 * SIGTERM, not SIGKILL: the servers shut down cleanly on their own (DynamoDB Local closes its
 * database file) after we are gone.
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) signalGroup(child, 'SIGTERM');
    for (const task of exitTasks) task();
  });
}

/** Runs `task` (synchronous) when this process exits; returns a function that cancels it. */
export function atExit(task: () => void): () => void {
  installExitHook();
  exitTasks.add(task);
  return () => exitTasks.delete(task);
}

/** Removes `dir` when this process exits (a server's temporary storage). */
export function removeOnExit(dir: string): void {
  atExit(() => rmSync(dir, { recursive: true, force: true }));
}

/** util-linux `setpriv`, which can ask the kernel to signal a child when its parent dies. */
const setprivPath = (): string | undefined =>
  ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path));

/**
 * Starts a server as a child process and resolves once it prints its ready line. The child leads a
 * process group of its own, so the Ctrl-C a terminal sends to its foreground group does not reach
 * it: the command that started it drains its work first and stops it last. It is still tied to this
 * process: killed on exit, and (through `setpriv --pdeathsig` where available) even when this process
 * is killed outright. Once ready it no longer keeps the event loop alive.
 */
export function startChild(spec: ChildSpec): Promise<StartedChild> {
  installExitHook();
  const setpriv = setprivPath();
  const [command, args] = setpriv
    ? [setpriv, ['--pdeathsig', 'TERM', '--', spec.command, ...spec.args]]
    : [spec.command, [...spec.args]];
  const child = spawn(command, args, {
    cwd: spec.cwd,
    env: spec.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // A new process group (and session): out of reach of the terminal's SIGINT and SIGTSTP.
    detached: true,
  });
  live.add(child);
  const tail: string[] = [];
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      live.delete(child);
      resolve();
    }),
  );
  createInterface({ input: child.stderr as Socket }).on('line', (line) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
  });
  const stderrTail = () => tail.join('\n');

  const stop = async (graceMs = 5000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // Started unref'd; without this, a child slow to exit lets the event loop end before its exit.
    child.ref();
    signalGroup(child, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  return new Promise<StartedChild>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      void stop(0);
      const detail = stderrTail().trim();
      reject(new Error(`${spec.name} ${why}${detail ? `:\n${detail}` : ''}`));
    };
    const timer = setTimeout(() => fail(`did not start within ${spec.timeoutMs / 1000} s`), spec.timeoutMs);
    child.once('error', (error) => fail(`could not be started (${error.message})`));
    const onEarlyExit = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(`exited before it was ready (${signal ?? `code ${code}`})`);
    // 'close' rather than 'exit': by then the last stderr lines have been read.
    child.once('close', onEarlyExit);
    const lines = createInterface({ input: child.stdout as Socket });
    lines.on('line', (line) => {
      const match = spec.ready.exec(line);
      if (!match || child.pid === undefined) return;
      clearTimeout(timer);
      child.off('close', onEarlyExit);
      child.unref();
      (child.stdout as Socket).unref();
      (child.stderr as Socket).unref();
      resolve({ match, pid: child.pid, stderrTail, stop });
    });
  });
}
