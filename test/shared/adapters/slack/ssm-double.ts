// A tiny SSM double on 127.0.0.1 speaking the AWS JSON 1.1 protocol for GetParameter and
// GetParameters (the two calls sluice makes), so the resolver and @middy/ssm run their real SDK
// client code against it. Records each request's target and body.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SsmRequest {
  target: string;
  body: Record<string, unknown>;
}

export class SsmDouble {
  readonly requests: SsmRequest[] = [];
  readonly parameters = new Map<string, string>();
  /** When set, every call fails with this AWS error type (e.g. `ThrottlingException`). */
  failWith: string | undefined;
  readonly #server: Server;
  readonly endpoint: string;

  private constructor(server: Server) {
    this.#server = server;
    this.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  static async start(): Promise<SsmDouble> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const double = new SsmDouble(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        double.requests.push({ target, body });
        const [status, payload] = double.#answer(target, body);
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(payload));
      });
    });
    return double;
  }

  /** Client options pointing an SSMClient at this double. */
  clientOptions() {
    return {
      region: 'eu-west-1',
      endpoint: this.endpoint,
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
      maxAttempts: 1,
    };
  }

  #parameter(name: string) {
    const value = this.parameters.get(name);
    return value === undefined
      ? undefined
      : { Name: name, Type: 'SecureString', Value: value, Version: 1, DataType: 'text' };
  }

  #answer(target: string, body: Record<string, unknown>): [number, unknown] {
    if (this.failWith) return [400, { __type: this.failWith, message: 'scripted failure' }];
    if (target === 'AmazonSSM.GetParameter') {
      const parameter = this.#parameter(String(body.Name));
      return parameter
        ? [200, { Parameter: parameter }]
        : [400, { __type: 'ParameterNotFound', message: '' }];
    }
    if (target === 'AmazonSSM.GetParameters') {
      const names = (body.Names as string[]) ?? [];
      return [
        200,
        {
          Parameters: names.flatMap((name) => this.#parameter(name) ?? []),
          InvalidParameters: names.filter((name) => !this.parameters.has(name)),
        },
      ];
    }
    return [400, { __type: 'UnknownOperationException', message: target }];
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
