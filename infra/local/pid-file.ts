import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { basename } from 'node:path';

/** What a pid file says: the process that holds it, and what that process is. */
export interface PidRecord {
  readonly pid: number;
  /** How the holder was started, e.g. `sluice start`, for messages to the user. */
  readonly command?: string;
}

/** True while a process with this id exists (EPERM: it exists, but belongs to another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** This process as a user reads it: `sluice start`, or the script's file name. */
export function thisCommand(): string {
  const script = basename(process.argv[1] ?? 'node');
  return script === 'sluice.js' || script === 'sluice' ? `sluice ${process.argv[2] ?? ''}`.trim() : script;
}

/** The JSON in `file`, or undefined when it is missing or half-written. */
export function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** What `claimPidFile` found. */
export type PidClaim<T extends PidRecord> =
  | { readonly claimed: true }
  | { readonly claimed: false; readonly holder: T | undefined };

/**
 * Creates `file` holding `record`, atomically (O_EXCL), unless it exists: a file left by a process
 * that is gone is replaced; one whose holder lives (or is being written) is reported instead.
 *
 * @example
 * const claim = claimPidFile(join(dataDir, 'start.json'), { pid: process.pid, command: 'sluice start' });
 * if (!claim.claimed) console.error(`in use by pid ${claim.holder?.pid}`);
 */
export function claimPidFile<T extends PidRecord>(file: string, record: T): PidClaim<T> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readJson<T>(file);
      if (holder === undefined || processAlive(holder.pid)) return { claimed: false, holder };
      rmSync(file, { force: true });
      continue;
    }
    writeSync(fd, JSON.stringify(record));
    closeSync(fd);
    return { claimed: true };
  }
  return { claimed: false, holder: readJson<T>(file) };
}
