// An HTTP proxy on 127.0.0.1 in front of DynamoDB Local that throttles: for a share of requests (or
// every request during a storm) it answers as DynamoDB does, 400 with the AWS JSON error body of
// ProvisionedThroughputExceededException or ThrottlingException, without forwarding. Everything else
// is forwarded unchanged. It also reads DynamoDB's answers, to count the conditional-write conflicts
// that concurrent partitions cause, and remembers which "mark the alert sent" writes it refused: the
// only write whose loss the design allows to repeat a Slack post (docs/detect.md).
import {
  Agent,
  createServer,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

const THROTTLES = [
  {
    type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    message:
      'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
  },
  {
    type: 'com.amazon.coral.availability#ThrottlingException',
    message: 'Rate of requests exceeds the allowed throughput.',
  },
] as const;

export interface DynamoProxyStats {
  requests: number;
  throttled: number;
  /** Answers of DynamoDB itself: a refused condition (another partition's write got there first). */
  conditionalFailures: number;
  /** Transactions cancelled by DynamoDB (a condition or a conflicting transaction). */
  transactionsCancelled: number;
}

/**
 * @example
 * const proxy = await DynamoFaultProxy.start(new URL(process.env.AWS_ENDPOINT_URL_DYNAMODB!), random);
 * proxy.throttleShare = 0.2;
 */
export class DynamoFaultProxy {
  readonly stats: DynamoProxyStats = {
    requests: 0,
    throttled: 0,
    conditionalFailures: 0,
    transactionsCancelled: 0,
  };
  /** Share of requests throttled, 0..1. */
  throttleShare = 0;
  /** While true, every request is throttled. */
  storm = false;
  /** `pk|sk` of alerts whose "sent" write this proxy refused at least once. */
  readonly refusedSentWrites = new Set<string>();
  readonly #server: Server;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 32 });
  #url = '';

  private constructor(
    private readonly target: URL,
    private readonly random: () => number,
  ) {
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch(() => res.destroy());
    });
  }

  static async start(target: URL, random: () => number): Promise<DynamoFaultProxy> {
    const proxy = new DynamoFaultProxy(target, random);
    await new Promise<void>((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve));
    proxy.#url = `http://127.0.0.1:${(proxy.#server.address() as AddressInfo).port}`;
    return proxy;
  }

  get url(): string {
    return this.#url;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    this.#agent.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    this.stats.requests += 1;
    if (this.storm || this.random() < this.throttleShare) {
      this.stats.throttled += 1;
      this.#rememberSentWrite(String(req.headers['x-amz-target'] ?? ''), body);
      const fault = THROTTLES[this.stats.throttled % THROTTLES.length] as (typeof THROTTLES)[number];
      const answer = JSON.stringify({ __type: fault.type, message: fault.message });
      res.writeHead(400, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': Buffer.byteLength(answer),
        'x-amzn-requestid': `fault-proxy-${this.stats.throttled}`,
      });
      res.end(answer);
      return;
    }
    const upstream = await new Promise<IncomingMessage>((resolve, reject) => {
      const forward = request(
        {
          host: this.target.hostname,
          port: this.target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
          agent: this.#agent,
        },
        resolve,
      );
      forward.on('error', reject);
      forward.end(body);
    });
    const answerChunks: Buffer[] = [];
    for await (const chunk of upstream) answerChunks.push(chunk as Buffer);
    const answer = Buffer.concat(answerChunks);
    if (upstream.statusCode === 400) {
      const text = answer.toString('utf8');
      if (text.includes('ConditionalCheckFailedException')) this.stats.conditionalFailures += 1;
      if (text.includes('TransactionCanceledException')) this.stats.transactionsCancelled += 1;
    }
    res.writeHead(upstream.statusCode ?? 502, upstream.headers);
    res.end(answer);
  }

  #rememberSentWrite(target: string, body: Buffer): void {
    if (!target.endsWith('.UpdateItem')) return;
    const input = JSON.parse(body.toString('utf8')) as {
      UpdateExpression?: string;
      Key?: { pk?: { S?: string }; sk?: { S?: string } };
    };
    if (!input.UpdateExpression?.includes('#status = :sent')) return;
    this.refusedSentWrites.add(`${input.Key?.pk?.S}|${input.Key?.sk?.S}`);
  }
}
