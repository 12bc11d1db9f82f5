import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import { Client } from '@opensearch-project/opensearch';
import { clientBulkTransport } from '../../../../shared/adapters/opensearch/client-transport';

let server: Server;
let client: Client;

before(async () => {
  // A node that takes the request and never answers: only the abort can end it early.
  server = createServer(() => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = new Client({ node: `http://127.0.0.1:${(server.address() as { port: number }).port}` });
});

after(async () => {
  server.closeAllConnections();
  server.close();
  await client.close();
});

test('an invocation that gives up cancels its _bulk request in flight, and nothing escapes', async () => {
  const escaped: unknown[] = [];
  const onUncaught = (error: unknown) => escaped.push(error);
  process.on('uncaughtException', onUncaught);
  try {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    const result = await clientBulkTransport(client).bulk(Buffer.from('{}\n'), {
      gzip: false,
      timeoutMs: 10_000,
      documents: 1,
      signal: controller.signal,
    });
    assert.equal(result.kind, 'network');
    assert.match(result.kind === 'network' ? result.detail : '', /RequestAbortedError/);
    assert.ok(Date.now() - started < 2_000, 'ended by the abort, not the 10 s timeout');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(escaped, [], 'no uncaught exception from the aborted request');
  } finally {
    process.off('uncaughtException', onUncaught);
  }
});

test('a signal that fired before the request starts: no request is made', async () => {
  const controller = new AbortController();
  controller.abort();
  const result = await clientBulkTransport(client).bulk(Buffer.from('{}\n'), {
    gzip: false,
    timeoutMs: 10_000,
    documents: 1,
    signal: controller.signal,
  });
  assert.equal(result.kind, 'network');
});
