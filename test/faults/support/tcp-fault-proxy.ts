// A TCP proxy on 127.0.0.1 in front of a real server (the shared test stack's S3), which can play the
// server going down and coming back without touching the server itself (other test files use it):
// refuse connections (nothing listens), drop them (reset on the first bytes), answer every request
// 503 ServiceUnavailable like S3 does under load, or hang (accept and never answer).
import { type AddressInfo, createServer, type Server, Socket } from 'node:net';

/** What the proxy does with traffic. */
export const ProxyMode = {
  /** Forward every byte both ways. */
  pass: 'pass',
  /** Nothing listens on the port: connections are refused (ECONNREFUSED). */
  refuse: 'refuse',
  /** Connections are accepted and reset as soon as the client sends anything (ECONNRESET). */
  drop: 'drop',
  /** Every request is answered `503 ServiceUnavailable` (S3's XML error) and the connection closed. */
  unavailable: 'unavailable',
  /** Connections are accepted and never answered (until the mode changes). */
  hang: 'hang',
} as const;
export type ProxyMode = (typeof ProxyMode)[keyof typeof ProxyMode];

const S3_503_BODY =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>ServiceUnavailable</Code><Message>Please reduce your request rate.</Message><RequestId>fault-proxy</RequestId></Error>';

/** What the proxy saw and did, for the test's figures. */
export interface ProxyStats {
  connections: number;
  /** Connections cut because the server "went down" while they were open. */
  cut: number;
  dropped: number;
  unavailable: number;
  hung: number;
  /** Times the proxy stopped listening. */
  outages: number;
}

/**
 * @example
 * const proxy = await TcpFaultProxy.start('127.0.0.1', 9000);
 * await proxy.setMode(ProxyMode.refuse);   // the server is down
 * await proxy.setMode(ProxyMode.pass);     // and back
 * await proxy.close();
 */
export class TcpFaultProxy {
  readonly stats: ProxyStats = { connections: 0, cut: 0, dropped: 0, unavailable: 0, hung: 0, outages: 0 };
  #mode: ProxyMode = ProxyMode.pass;
  #listening = false;
  readonly #sockets = new Set<Socket>();
  readonly #server: Server;
  #port = 0;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    this.#server = createServer((client) => this.#accept(client));
  }

  static async start(targetHost: string, targetPort: number): Promise<TcpFaultProxy> {
    const proxy = new TcpFaultProxy(targetHost, targetPort);
    await proxy.#listen();
    return proxy;
  }

  /** `http://127.0.0.1:<port>`: use it as the service endpoint. */
  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get mode(): ProxyMode {
    return this.#mode;
  }

  /**
   * Switches the mode. Leaving `pass` cuts every open connection (a server that stops takes its
   * connections with it); `refuse` also stops listening, and any other mode listens again.
   */
  async setMode(mode: ProxyMode): Promise<void> {
    if (mode === this.#mode) return;
    const previous = this.#mode;
    this.#mode = mode;
    if (previous === ProxyMode.pass || previous === ProxyMode.hang) this.#cutAll();
    if (mode === ProxyMode.refuse) {
      this.stats.outages += 1;
      await this.#stopListening();
    } else if (!this.#listening) {
      await this.#listen();
    }
  }

  async close(): Promise<void> {
    this.#cutAll();
    await this.#stopListening();
  }

  #cutAll(): void {
    for (const socket of this.#sockets) {
      this.stats.cut += 1;
      socket.destroy();
    }
    this.#sockets.clear();
  }

  async #listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#port, '127.0.0.1', () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    this.#port = (this.#server.address() as AddressInfo).port;
    this.#listening = true;
  }

  async #stopListening(): Promise<void> {
    if (!this.#listening) return;
    this.#listening = false;
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #track(socket: Socket): void {
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }

  #accept(client: Socket): void {
    this.stats.connections += 1;
    this.#track(client);
    const mode = this.#mode;
    if (mode === ProxyMode.refuse || mode === ProxyMode.drop) {
      this.stats.dropped += 1;
      client.once('data', () => client.resetAndDestroy());
      return;
    }
    if (mode === ProxyMode.hang) {
      this.stats.hung += 1;
      client.resume();
      return;
    }
    if (mode === ProxyMode.unavailable) {
      this.#answer503(client);
      return;
    }
    const server = new Socket();
    this.#track(server);
    server.connect(this.targetPort, this.targetHost);
    client.pipe(server);
    server.pipe(client);
    server.on('close', () => client.destroy());
    client.on('close', () => server.destroy());
  }

  /** Reads the request head (and its body, when it has a length and no `Expect`), then answers 503. */
  #answer503(client: Socket): void {
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const headEnd = buffered.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const head = buffered.subarray(0, headEnd).toString('latin1');
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      const expects = /\r\nexpect:\s*100-continue/i.test(head);
      if (!expects && buffered.length < headEnd + 4 + length) return;
      client.off('data', onData);
      this.stats.unavailable += 1;
      client.end(
        `HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/xml\r\nContent-Length: ${Buffer.byteLength(S3_503_BODY)}\r\nx-amz-request-id: fault-proxy\r\nConnection: close\r\n\r\n${S3_503_BODY}`,
      );
    };
    client.on('data', onData);
  }
}
