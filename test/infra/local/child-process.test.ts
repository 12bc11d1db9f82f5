import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..');

test('stop() of a child that ignores SIGTERM: killed after the grace, and the process waits for it', () => {
  // In a process of its own: the runner's event loop would hide a loop that ends before the exit.
  const script = `
    const { startChild } = require(${JSON.stringify(join(root, 'infra', 'local', 'child-process.ts'))});
    (async () => {
      const child = await startChild({ name: 'stubborn', command: 'bash',
        args: ['-c', 'trap "" TERM; echo ready 1; sleep 30'], ready: /^ready (\\d+)$/, timeoutMs: 10000 });
      await child.stop(200);
      process.stdout.write('stopped');
    })();
  `;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    timeout: 20_000,
  });
  assert.equal(run.stdout, 'stopped', run.stderr);
  assert.equal(run.status, 0);
});
