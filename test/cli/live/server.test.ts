import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { type LiveServer, startLiveServer } from '../../../cli/live/server';
import type { LiveState } from '../../../cli/live/types';
import { ConfigError } from '../../../shared/errors';

const state: LiveState = {
  now: 2000,
  startedAt: 1000,
  totals: {
    produced: 10,
    accepted: 9,
    deadLettered: 1,
    skipped: 0,
    indexed: null,
    archived: 9,
    alerts: 0,
    lag: 0,
  },
  recordsPerSecond: 10,
  windows: [],
  alerts: [],
  suppressed: [],
  throughput: [],
};

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, options: { method?: string; host?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: { host: options.host ?? `127.0.0.1:${port}` },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('live server', () => {
  let server: LiveServer;
  let calls = 0;

  before(async () => {
    server = await startLiveServer({
      state: () => {
        calls += 1;
        if (calls === 3) throw new Error('state broke');
        return state;
      },
    });
  });
  after(() => server.close());

  test('listens on 127.0.0.1 on a free port and says where', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.ok(server.port > 0);
    assert.equal(server.url, `http://127.0.0.1:${server.port}/`);
  });

  test('serves the page, its script and its style, with a strict Content-Security-Policy', async () => {
    const page = await get(server.port, '/');
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(page.body, /<script src="\/live\.js" defer><\/script>/);
    assert.doesNotMatch(page.body, /https?:\/\//, 'nothing fetched from elsewhere');
    assert.match(String(page.headers['content-security-policy']), /default-src 'none'; script-src 'self'/);
    assert.equal((await get(server.port, '/index.html')).body, page.body);
    const script = await get(server.port, '/live.js');
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.match(script.body, /\/api\/state/);
    assert.equal((await get(server.port, '/live.css')).headers['content-type'], 'text/css; charset=utf-8');
  });

  test('GET /api/state answers the state as JSON, not cached; a failing state is a 500 with the reason', async () => {
    calls = 0;
    const first = await get(server.port, '/api/state');
    assert.equal(first.status, 200);
    assert.equal(first.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(first.headers['cache-control'], 'no-store');
    assert.deepEqual(JSON.parse(first.body), state);
    const head = await get(server.port, '/api/state', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    const broken = await get(server.port, '/api/state');
    assert.equal(broken.status, 500);
    assert.deepEqual(JSON.parse(broken.body), { error: 'state broke' });
  });

  test('unknown paths are 404, other methods 405, a foreign Host header 421', async () => {
    assert.equal((await get(server.port, '/etc/passwd')).status, 404);
    assert.equal((await get(server.port, '/../package.json')).status, 404);
    const post = await get(server.port, '/api/state', { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
    assert.equal((await get(server.port, '/api/state', { host: 'evil.example:80' })).status, 421);
    assert.equal((await get(server.port, '/api/state', { host: `localhost:${server.port}` })).status, 200);
  });

  test('a port in use is a ConfigError that says what to do', async () => {
    await assert.rejects(
      startLiveServer({ state: () => state, port: server.port }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /port \d+ on 127\.0\.0\.1 is in use; choose another with --port/.test(error.message),
    );
  });
});
