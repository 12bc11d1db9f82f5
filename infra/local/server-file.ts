import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { atExit } from './child-process';
import { endpointAnswers } from './endpoint-answers';
import type { RunningService } from './types';

/** What `server.json` in a service's state directory says: who serves it, and where. */
interface ServerRecord {
  readonly pid: number;
  /** Absent while the owner is still starting the server. */
  readonly endpoint?: string;
  readonly kind?: string;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const readRecord = (file: string): ServerRecord | undefined => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ServerRecord;
  } catch {
    return undefined;
  }
};

/** The server another live process runs for `file`, waiting while it starts; undefined if stale. */
async function runningServer(file: string, timeoutMs: number): Promise<RunningService | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const record = readRecord(file);
    if (record && !alive(record.pid)) return undefined;
    if (record?.endpoint !== undefined) {
      if (!(await endpointAnswers(record.endpoint))) return undefined;
      return { endpoint: record.endpoint, kind: record.kind ?? 'unknown', stop: async () => {} };
    }
    await sleep(200);
  }
  return undefined;
}

/**
 * Starts the server whose state lives in `dir` unless another live process already serves that
 * directory, in which case its endpoint is reused (two servers must never share one database file).
 * The owner is recorded in `dir/server.json` until it stops.
 */
export async function startOrReuse(
  dir: string,
  start: () => Promise<RunningService>,
): Promise<RunningService> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'server.json');
  for (let attempt = 0; attempt < 5; attempt += 1) {
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const running = await runningServer(file, 120_000);
      if (running) return running;
      rmSync(file, { force: true });
      continue;
    }
    writeSync(fd, JSON.stringify({ pid: process.pid } satisfies ServerRecord));
    closeSync(fd);
    const release = () => {
      if (readRecord(file)?.pid === process.pid) rmSync(file, { force: true });
    };
    const cancelExitTask = atExit(release);
    try {
      const service = await start();
      const record: ServerRecord = { pid: process.pid, endpoint: service.endpoint, kind: service.kind };
      writeFileSync(file, JSON.stringify(record));
      return {
        ...service,
        stop: async () => {
          release();
          cancelExitTask();
          await service.stop();
        },
      };
    } catch (error) {
      release();
      cancelExitTask();
      throw error;
    }
  }
  throw new Error(`could not claim ${file}: remove it if no sluice process is running`);
}
