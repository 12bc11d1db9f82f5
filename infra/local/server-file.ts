import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { atExit } from './child-process';
import { endpointAnswers } from './endpoint-answers';
import { LocalStackError } from './errors';
import { claimPidFile, type PidRecord, processAlive, readJson, thisCommand } from './pid-file';
import type { RunningService } from './types';

/** What `server.json` in a service's state directory says: who serves it, and where. */
interface ServerRecord extends PidRecord {
  /** Absent while the owner is still starting the server. */
  readonly endpoint?: string;
  readonly kind?: string;
  /** The owner is about to stop the server: nobody may start using it now. */
  readonly stopping?: boolean;
}

export interface StartOrReuseOptions {
  /** What the server is, for messages: `DynamoDB Local`. */
  readonly name: string;
  /** Where to say that the owner waits for other runs before it stops the server. */
  readonly log?: (line: string) => void;
}

let registrations = 0;

/**
 * Records this process in `dir/users/` as a user of the server another process owns, until the
 * returned function (or this process's exit) removes it: the owner keeps the server up meanwhile.
 */
function registerUser(dir: string): () => void {
  const users = join(dir, 'users');
  mkdirSync(users, { recursive: true });
  registrations += 1;
  const file = join(users, `${process.pid}-${registrations}.json`);
  writeFileSync(file, JSON.stringify({ pid: process.pid, command: thisCommand() } satisfies PidRecord));
  const remove = () => rmSync(file, { force: true });
  const cancel = atExit(remove);
  return () => {
    cancel();
    remove();
  };
}

/** Other live processes registered as users of the server in `dir` (files of dead ones are removed). */
function otherUsers(dir: string): PidRecord[] {
  const users = join(dir, 'users');
  let names: string[];
  try {
    names = readdirSync(users);
  } catch {
    return [];
  }
  const live: PidRecord[] = [];
  for (const name of names) {
    const user = readJson<PidRecord>(join(users, name));
    if (user === undefined) continue;
    if (!processAlive(user.pid)) rmSync(join(users, name), { force: true });
    else if (user.pid !== process.pid) live.push(user);
  }
  return live;
}

/** Resolves once no other process uses the server in `dir`, saying whom it waits for. */
async function untilUnused(dir: string, options: StartOrReuseOptions): Promise<void> {
  let said = '';
  for (let users = otherUsers(dir); users.length > 0; users = otherUsers(dir)) {
    const who = users.map((user) => `${user.command ?? 'a process'} (pid ${user.pid})`).join(', ');
    if (who !== said) {
      options.log?.(
        `${options.name} in ${dir} is still used by ${who}: it stops when they are done (Ctrl-C again to stop it now)`,
      );
      said = who;
    }
    await sleep(250);
  }
}

/** What `lookUpOwner` found in `server.json`. */
type Owner =
  | { readonly state: 'gone' }
  | { readonly state: 'serving'; readonly record: ServerRecord & { readonly endpoint: string } }
  | { readonly state: 'unusable'; readonly why: string };

/**
 * The server another live process runs for `file`, waiting while it starts (or while it stops, so
 * that this process can start its own once it is gone).
 */
async function lookUpOwner(file: string, name: string, timeoutMs: number): Promise<Owner> {
  const deadline = Date.now() + timeoutMs;
  let record: ServerRecord | undefined;
  while (Date.now() < deadline) {
    record = readJson<ServerRecord>(file);
    if (record && !processAlive(record.pid)) return { state: 'gone' };
    if (record?.endpoint !== undefined && !record.stopping) {
      const { endpoint } = record;
      if (await endpointAnswers(endpoint, 3000)) return { state: 'serving', record: { ...record, endpoint } };
      return {
        state: 'unusable',
        why: `${name} at ${endpoint}, started by ${record.command ?? 'another process'} (pid ${record.pid}) for this data dir, does not answer`,
      };
    }
    await sleep(200);
  }
  if (record === undefined) return { state: 'gone' };
  const doing = record.stopping ? 'still stopping' : 'still starting';
  return {
    state: 'unusable',
    why: `${name} for this data dir is ${doing} in ${record.command ?? 'another process'} (pid ${record.pid}) after ${timeoutMs / 1000} s`,
  };
}

/**
 * Starts the server whose state lives in `dir` unless another live process already serves that
 * directory, in which case its endpoint is reused (two servers must never share one database file).
 * The owner is recorded in `dir/server.json`, each process that reuses the server in `dir/users/`.
 * The owner stops the server only once no other process uses it (saying so while it waits); if the
 * owner is killed outright the server dies with it, and its users' requests fail.
 *
 * @example
 * const dynamodb = await startOrReuse('.sluice/dynamodb', () => startDynamoDbLocal({ dbPath: '.sluice/dynamodb' }), { name: 'DynamoDB Local' });
 */
export async function startOrReuse(
  dir: string,
  start: () => Promise<RunningService>,
  options: StartOrReuseOptions,
): Promise<RunningService> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'server.json');
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const claim = claimPidFile<ServerRecord>(file, { pid: process.pid, command: thisCommand() });
    if (!claim.claimed) {
      const owner = await lookUpOwner(file, options.name, 120_000);
      if (owner.state === 'gone') {
        rmSync(file, { force: true });
        continue;
      }
      if (owner.state === 'unusable')
        throw new LocalStackError(
          `${owner.why}: stop that process (two servers must not share ${dir}), or use another --data-dir`,
        );
      const unregister = registerUser(dir);
      // Registered first, checked second: an owner that marked itself stopping before it saw us is
      // left alone, and we look again.
      const now = readJson<ServerRecord>(file);
      if (now?.pid !== owner.record.pid || now.stopping) {
        unregister();
        continue;
      }
      const { endpoint, kind = 'unknown', command = 'another process', pid } = owner.record;
      return { endpoint, kind, reusedFrom: `${command} (pid ${pid})`, stop: async () => unregister() };
    }
    const release = () => {
      if (readJson<ServerRecord>(file)?.pid === process.pid) rmSync(file, { force: true });
    };
    const cancelExitTask = atExit(release);
    try {
      const service = await start();
      const record: ServerRecord = {
        pid: process.pid,
        command: thisCommand(),
        endpoint: service.endpoint,
        kind: service.kind,
      };
      writeFileSync(file, JSON.stringify(record));
      let stopping: Promise<void> | undefined;
      const stopWhenUnused = async () => {
        for (;;) {
          await untilUnused(dir, options);
          writeFileSync(file, JSON.stringify({ ...record, stopping: true }));
          if (otherUsers(dir).length === 0) break;
          writeFileSync(file, JSON.stringify(record)); // one registered meanwhile: serve it too
        }
        release();
        cancelExitTask();
        await service.stop();
      };
      return {
        ...service,
        stop: () => {
          stopping ??= stopWhenUnused();
          return stopping;
        },
      };
    } catch (error) {
      release();
      cancelExitTask();
      throw error;
    }
  }
  throw new LocalStackError(`could not claim ${file}: remove it if no sluice process is running`);
}
