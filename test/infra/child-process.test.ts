import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const root = join(__dirname, '..', '..');

test('stop() of a server slow to die keeps the caller alive until it has exited (no unsettled await)', async () => {
  // A server that ignores SIGTERM: stop() must wait through the SIGKILL, in a process with nothing else to do.
  const script = `
    import childProcess from './infra/local/child-process.ts';
    const server = await childProcess.startChild({
      name: 'stubborn', command: 'sh', args: ['-c', 'trap "" TERM; echo ready; exec sleep 30'],
      ready: /ready/, timeoutMs: 10000,
    });
    await server.stop(200);
    console.log('stopped');
  `;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: root },
  );
  assert.equal(stdout.trim(), 'stopped');
});
