// Runs the real `sluice` command (bin/sluice.js, through tsx) as a child process, for end-to-end tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

const root = join(__dirname, '..', '..');
const cli = join(root, 'bin', 'sluice.js');

/** How a `sluice` run ended. */
export interface SluiceRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Starts `sluice <args>` in the repository with only PATH, HOME and `env` in its environment; `done`
 * resolves when it exits. With `ownGroup` it leads a process group of its own, as a shell starts a
 * job: `process.kill(-child.pid, 'SIGINT')` then does what Ctrl-C in its terminal does. `cwd` is the
 * repository unless given (the default data dir `.sluice/` is relative to it).
 *
 * @example
 * const { child, done } = spawnSluice(['start', '--duration', '5'], await testStackEnv());
 * const { code, stdout } = await done;
 */
export function spawnSluice(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
  options: { readonly ownGroup?: boolean; readonly cwd?: string } = {},
): { child: ChildProcess; done: Promise<SluiceRun> } {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: options.cwd ?? root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    detached: options.ownGroup === true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const done = new Promise<SluiceRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}

/** Runs `sluice <args>` to the end. */
export const runSluice = (
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<SluiceRun> => spawnSluice(args, env).done;

/**
 * Resolves with the first match of `pattern` in what the child has written to stdout (and stderr)
 * so far; rejects if it exits first.
 *
 * @example
 * const [, url] = await waitForOutput(run.child, /live view {2}(http:\S+)/);
 */
export function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) {
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        child.off('close', onClose);
        resolve(match);
      }
    };
    const onClose = () => reject(new Error(`exited before printing ${pattern}:\n${seen}`));
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('close', onClose);
  });
}

/** An environment that names no endpoint, so `sluice` starts (or reuses) its own local servers. */
export const noEndpointsEnv = (): Record<string, string> => ({ AWS_REGION: 'us-east-1' });

/** What a terminal does on Ctrl-C: SIGINT to every process of the child's group (see `ownGroup`). */
export const ctrlC = (child: ChildProcess): void => {
  process.kill(-(child.pid as number), 'SIGINT');
};

/** The lines `sluice start` prints once it runs, with the endpoints of its DynamoDB and S3. */
export const startedEndpoints =
  /DynamoDB {3}(http:\/\/127\.0\.0\.1:\d+)[^\n]*\n {2}S3 {9}(http:\/\/127\.0\.0\.1:\d+)[\s\S]*live view/;

/**
 * Temporary directories, removed when the test file ends.
 *
 * @example
 * const tempDir = scratchDirs();
 * const dataDir = tempDir('sluice-x-');
 */
export function scratchDirs(): (prefix: string) => string {
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return (prefix) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}
