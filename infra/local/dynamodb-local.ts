import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { startChild } from './child-process';
import type { RunningService } from './types';

const run = promisify(execFile);
const launcherSource = join(__dirname, 'dynamodb', 'LoopbackDynamoDb.java');
const launcherClass = 'LoopbackDynamoDb.class';

/** Where the npm package amplify-dynamodb-simulator keeps AWS's DynamoDB Local jar. */
function emulatorDir(): string {
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

/** Compiles the launcher into `target` (atomically: another process may be doing the same). */
async function compileInto(cacheRoot: string, target: string, emulator: string): Promise<void> {
  mkdirSync(cacheRoot, { recursive: true });
  const scratch = mkdtempSync(join(cacheRoot, 'build-'));
  try {
    const classpath = [join(emulator, 'DynamoDBLocal.jar'), join(emulator, 'DynamoDBLocal_lib', '*')].join(
      ':',
    );
    await run('javac', ['-nowarn', '-cp', classpath, '-d', scratch, launcherSource]);
    renameSync(scratch, target);
  } catch (error) {
    if (!existsSync(join(target, launcherClass))) throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Compiles the loopback launcher once (into node_modules/.cache, or a per-user directory under the
 * temporary directory when that is read-only) and returns its class directory; undefined when there
 * is no `javac` (java then compiles the source file itself at each start, about a second slower).
 */
async function compiledLauncher(emulator: string): Promise<string | undefined> {
  const source = readFileSync(launcherSource);
  const hash = createHash('sha256').update(source).update(emulator).digest('hex').slice(0, 16);
  const cacheRoots = [
    join(emulator, '..', '..', '.cache', 'sluice'),
    join(tmpdir(), `sluice-cache-${process.getuid?.() ?? 'user'}`),
  ];
  for (const cacheRoot of cacheRoots) {
    const target = join(cacheRoot, `dynamodb-launcher-${hash}`);
    if (existsSync(join(target, launcherClass))) return target;
    try {
      await compileInto(cacheRoot, target, emulator);
      return target;
    } catch {
      // Read-only cache, or no javac: try the next place, then fall back to the source file.
    }
  }
  return undefined;
}

export interface DynamoDbLocalOptions {
  /** Directory for the database file; undefined runs `-inMemory`. */
  readonly dbPath?: string;
}

/**
 * Starts AWS's DynamoDB Local (Java) on a free 127.0.0.1 port. One database is shared by all
 * credentials and regions (`-sharedDb`); telemetry is off.
 *
 * @example
 * const dynamodb = await startDynamoDbLocal({ dbPath: '.sluice/dynamodb' });
 * // ... dynamodb.endpoint ...
 * await dynamodb.stop();
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<RunningService> {
  const emulator = emulatorDir();
  const classDir = await compiledLauncher(emulator);
  const jar = join(emulator, 'DynamoDBLocal.jar');
  const main = classDir ? ['-cp', `${classDir}:${jar}`, 'LoopbackDynamoDb'] : ['-cp', jar, launcherSource];
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const storage = options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory'];
  const child = await startChild({
    name: 'DynamoDB Local',
    command: 'java',
    args: [
      // Quick start matters more than peak speed here.
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      `-Djava.library.path=${join(emulator, 'DynamoDBLocal_lib')}`,
      ...main,
      '-port',
      '8000',
      '-sharedDb',
      '-disableTelemetry',
      ...storage,
    ],
    cwd: emulator,
    ready: /^sluice-dynamodb-ready (\d+)$/,
    timeoutMs: 60_000,
  });
  return {
    endpoint: `http://127.0.0.1:${child.match[1]}`,
    kind: 'dynamodb-local',
    stop: () => child.stop(),
  };
}
