import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../../shared/errors';
import { type Asset, loadAssets } from './assets';
import type { LiveState } from './types';

export interface LiveServerOptions {
  /** The state to answer `GET /api/state` with, taken per request. */
  readonly state: () => LiveState;
  /** TCP port; 0 (the default) picks a free one. */
  readonly port?: number;
}

/** The running live page server. */
export interface LiveServer {
  /** e.g. `http://127.0.0.1:41234/` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Only loopback. */
const host = '127.0.0.1';

/** The page may load only its own files and ask only its own server. */
const securityHeaders = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  head: boolean,
): void {
  response.writeHead(status, {
    ...securityHeaders,
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  response.end(head ? undefined : body);
}

/**
 * Answers one request: the page's files, `GET /api/state` (the live state as JSON), 404 for other
 * paths, 405 for other methods. A `Host` other than this server's loopback address is refused (421),
 * so a web page elsewhere cannot read the state through DNS rebinding.
 */
function handler(
  assets: ReadonlyMap<string, Asset>,
  state: () => LiveState,
  port: () => number,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const method = request.method ?? 'GET';
    const head = method === 'HEAD';
    const hostHeader = request.headers.host ?? '';
    if (hostHeader !== `${host}:${port()}` && hostHeader !== `localhost:${port()}`) {
      send(response, 421, 'text/plain; charset=utf-8', 'unexpected Host header\n', head);
      return;
    }
    if (method !== 'GET' && !head) {
      response.setHeader('allow', 'GET, HEAD');
      send(response, 405, 'text/plain; charset=utf-8', 'method not allowed\n', head);
      return;
    }
    const path = new URL(request.url ?? '/', `http://${host}`).pathname;
    if (path === '/api/state') {
      try {
        send(response, 200, 'application/json; charset=utf-8', JSON.stringify(state()), head);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        send(response, 500, 'application/json; charset=utf-8', JSON.stringify({ error: message }), head);
      }
      return;
    }
    const asset = assets.get(path === '/index.html' ? '/' : path);
    if (asset) send(response, 200, asset.contentType, asset.body, head);
    else send(response, 404, 'text/plain; charset=utf-8', 'not found\n', head);
  };
}

/**
 * Serves the live page on 127.0.0.1: `/` (the page), `/live.js`, `/live.css` and `/api/state`.
 * Node's own HTTP server, no framework; the page polls `/api/state` once a second.
 *
 * @example
 * const server = await startLiveServer({ state: () => recorder.state(Date.now()) });
 * console.log(server.url); // http://127.0.0.1:41234/
 * await server.close();
 */
export async function startLiveServer(options: LiveServerOptions): Promise<LiveServer> {
  const assets = loadAssets();
  let bound = 0;
  const server: Server = createServer(handler(assets, options.state, () => bound));
  server.keepAliveTimeout = 5_000;
  const wanted = options.port ?? 0;
  await new Promise<void>((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'EADDRINUSE'
          ? `port ${wanted} on ${host} is in use; choose another with --port, or leave --port out for a free one`
          : `cannot serve the live page on ${host}:${wanted}: ${error.message}`;
      reject(new ConfigError(reason, { cause: error }));
    };
    server.once('error', fail);
    server.listen(wanted, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
  bound = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${bound}/`,
    port: bound,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
