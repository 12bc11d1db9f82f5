// Runs the real `sluice` command (bin/sluice.js, through tsx) as a child process, for end-to-end tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

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
 * resolves when it exits.
 *
 * @example
 * const { child, done } = spawnSluice(['start', '--duration', '5'], await testStackEnv());
 * const { code, stdout } = await done;
 */
export function spawnSluice(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): { child: ChildProcess; done: Promise<SluiceRun> } {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
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
