import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeOnExit, startChild } from './child-process';
import { localCredentials } from './local-credentials';
import type { RunningService } from './types';

const launcher = join(__dirname, 'swift', 'sluice_swift.py');

export interface SwiftOptions {
  /** State directory (configs, rings, objects); undefined uses a temporary one removed on stop. */
  readonly root?: string;
  /** Region the S3 clients sign requests for (s3api checks it). */
  readonly region: string;
  /** Keep object metadata in files even where the filesystem has user xattrs (tests the fallback). */
  readonly xattrShim?: boolean;
}

/**
 * Starts a one-node OpenStack Swift with the S3 API (s3api + tempauth: user `test:tester`, key
 * `testing`, or the same key under the access key of `localCredentials`) on a free 127.0.0.1 port. The proxy, account, container and object servers run in one
 * Python process (infra/local/swift/sluice_swift.py) next to a memcached. Needs the Debian packages
 * in `swiftPackages` (infra/local/debian-packages.ts). Temporary storage skips fsync.
 *
 * @example
 * const s3 = await startSwift({ region: 'us-east-1' });
 * // ... s3.endpoint ...
 * await s3.stop();
 */
export async function startSwift(options: SwiftOptions): Promise<RunningService> {
  const temporary = options.root === undefined;
  const root = options.root ?? mkdtempSync(join(tmpdir(), 'sluice-swift-'));
  mkdirSync(root, { recursive: true });
  if (temporary) removeOnExit(root);
  const child = await startChild({
    name: 'Swift (S3 API)',
    // Debian's interpreter, whatever python3 comes first on PATH: python3-swift lives in its tree.
    command: '/usr/bin/python3',
    args: [
      '-B', // no __pycache__ beside the launcher
      launcher,
      ...['--root', root, '--region', options.region, '--access-key-alias', localCredentials.accessKeyId],
      ...(temporary ? ['--ephemeral'] : []),
      ...(options.xattrShim ? ['--xattr-shim'] : []),
    ],
    ready: /^\{"event": "ready", "port": (\d+)\}$/,
    timeoutMs: 60_000,
  });
  return {
    endpoint: `http://127.0.0.1:${child.match[1]}`,
    kind: 'swift',
    stop: async () => {
      await child.stop();
      if (temporary) rmSync(root, { recursive: true, force: true });
    },
  };
}
