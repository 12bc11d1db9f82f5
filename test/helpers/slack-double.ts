// An in-repo Slack incoming-webhook double on 127.0.0.1 (random port). It records every post and
// answers like Slack: 200 `ok`, or a scripted reply (429 + Retry-After, 500 with Slack's real error
// page, 4xx error strings, a hang for timeout tests, a dropped connection). By default it also checks
// payloads as Slack does (JSON, text or blocks present, at most 50 blocks, header and section limits).
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { blocksViolations } from './block-kit-limits';

/** Slack's "Server Error | Slack" page, as the python-slack-sdk mock serves it (see the fixture SOURCES). */
export const SLACK_500_PAGE = readFileSync(
  join(__dirname, '..', 'fixtures', 'slack-webhook', 'python-slack-sdk__mock_500_error_page.html'),
  'utf8',
);

/** One scripted reply. `hang` never answers (until `close`); `disconnect` drops the socket unanswered. */
export type SlackReply =
  | { kind: 'answer'; status: number; body: string; headers?: Record<string, string>; afterMs?: number }
  | { kind: 'hang' }
  | { kind: 'disconnect' };

const TEXT = { 'content-type': 'text/plain;charset=utf-8' };

/** Ready-made replies, matching what Slack sends (README table in the corpus). */
export const SlackReplies = {
  ok: (): SlackReply => ({ kind: 'answer', status: 200, body: 'ok', headers: TEXT }),
  /** 429 with `Retry-After` in seconds. Slack's mock sends an empty body; the docs mention a JSON one. */
  rateLimited: (retryAfterSeconds = 1, body = ''): SlackReply => ({
    kind: 'answer',
    status: 429,
    body,
    headers: { ...TEXT, 'retry-after': String(retryAfterSeconds) },
  }),
  serverError: (): SlackReply => ({
    kind: 'answer',
    status: 500,
    body: SLACK_500_PAGE,
    headers: { 'content-type': 'text/html' },
  }),
  /** Any Slack error string with its status, e.g. `error(404, 'channel_not_found')`. */
  error: (status: number, code: string): SlackReply => ({
    kind: 'answer',
    status,
    body: code,
    headers: TEXT,
  }),
  invalidPayload: (): SlackReply => ({ kind: 'answer', status: 400, body: 'invalid_payload', headers: TEXT }),
  hang: (): SlackReply => ({ kind: 'hang' }),
  /** 200 ok, but only after `ms`: Slack takes the message at once and answers late. */
  slowOk: (ms: number): SlackReply => ({
    kind: 'answer',
    status: 200,
    body: 'ok',
    headers: TEXT,
    afterMs: ms,
  }),
  disconnect: (): SlackReply => ({ kind: 'disconnect' }),
} as const;

/** A request the double received, with the reply it gave. */
export interface RecordedPost {
  path: string;
  headers: IncomingMessage['headers'];
  /** Raw body text. */
  body: string;
  /** Parsed body, or `undefined` when it was not JSON. */
  json: unknown;
  /** Status answered; 0 for a hang or a dropped connection. */
  status: number;
  /** The sender had stopped waiting before the (late) answer came: it cannot know Slack took it. */
  answeredAfterGiveUp?: boolean;
}

export interface SlackDoubleOptions {
  /** Check payloads as Slack does (default true); a bad one gets 400 invalid_payload / invalid_blocks / no_text. */
  validate?: boolean;
}

/**
 * @example
 * const slack = await SlackDouble.start();
 * slack.enqueue(SlackReplies.rateLimited(3));   // next post gets 429, later ones 200 ok
 * const webhook = new SlackWebhook({ webhookUrl: slack.url });
 * ...
 * assert.equal(slack.delivered().length, 1);
 * await slack.close();
 */
export class SlackDouble {
  readonly posts: RecordedPost[] = [];
  readonly #server: Server;
  readonly #queue: SlackReply[] = [];
  readonly #hanging = new Set<ServerResponse>();
  readonly #validate: boolean;
  #default: SlackReply = SlackReplies.ok();
  /** Webhook URL of the double, shaped like Slack's (`/services/T…/B…/…`). */
  readonly url: string;

  private constructor(server: Server, validate: boolean) {
    this.#server = server;
    this.#validate = validate;
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX`;
  }

  /** Starts a double on 127.0.0.1 with a random free port. */
  static async start(options: SlackDoubleOptions = {}): Promise<SlackDouble> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const double = new SlackDouble(server, options.validate ?? true);
    server.on('request', (req, res) => double.#handle(req, res));
    return double;
  }

  /** Replies for the next posts, in order; after them the default reply (200 ok unless changed). */
  enqueue(...replies: SlackReply[]): this {
    this.#queue.push(...replies);
    return this;
  }

  /** The reply for every post once the queue is empty, e.g. `SlackReplies.serverError()` for an outage. */
  setDefault(reply: SlackReply): this {
    this.#default = reply;
    return this;
  }

  /** Parsed bodies of the posts that were answered 200 ok, in order. */
  delivered(): unknown[] {
    return this.posts.filter((post) => post.status === 200).map((post) => post.json);
  }

  /** Forgets recorded posts and scripted replies; the default goes back to 200 ok. */
  reset(): void {
    this.posts.length = 0;
    this.#queue.length = 0;
    this.#default = SlackReplies.ok();
  }

  /** Releases hanging requests and stops the server. */
  async close(): Promise<void> {
    for (const res of this.#hanging) res.destroy();
    this.#hanging.clear();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const json = parseJson(body);
      const scripted = this.#queue.shift() ?? this.#default;
      const invalid = this.#validate && scripted.kind === 'answer' && scripted.status === 200;
      const problem = invalid ? checkPayload(req, json) : undefined;
      const reply = problem ? SlackReplies.error(400, problem) : scripted;
      const status = reply.kind === 'answer' ? reply.status : 0;
      const post: RecordedPost = { path: req.url ?? '', headers: req.headers, body, json, status };
      this.posts.push(post);
      if (reply.kind === 'hang') {
        this.#hanging.add(res);
        res.on('close', () => this.#hanging.delete(res));
        return;
      }
      if (reply.kind === 'disconnect') {
        req.socket.destroy();
        return;
      }
      const answer = () => {
        if (res.destroyed) {
          post.answeredAfterGiveUp = true;
          return;
        }
        res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) });
        res.end(reply.body);
      };
      if (reply.afterMs === undefined) answer();
      else {
        this.#hanging.add(res);
        res.on('close', () => this.#hanging.delete(res));
        setTimeout(answer, reply.afterMs).unref();
      }
    });
  }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** What Slack would reject in a payload, as its error string; `undefined` when acceptable. */
function checkPayload(req: IncomingMessage, json: unknown): string | undefined {
  if (req.method !== 'POST') return 'invalid_payload';
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return 'invalid_payload';
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'invalid_payload';
  const { text, blocks } = json as { text?: unknown; blocks?: unknown };
  if (blocks !== undefined && !Array.isArray(blocks)) return 'invalid_blocks';
  if ((typeof text !== 'string' || text === '') && (!Array.isArray(blocks) || blocks.length === 0)) {
    return 'no_text';
  }
  if (blocks !== undefined && blocksViolations(blocks).length > 0) return 'invalid_blocks';
  return undefined;
}
