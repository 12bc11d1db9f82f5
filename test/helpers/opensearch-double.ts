// An in-repo OpenSearch double on 127.0.0.1 (random port) that answers like OpenSearch 2.x, with the
// response shapes of test/fixtures/opensearch-bulk: `_bulk` (create and index, gzip bodies, 409 on an
// existing id, 413 past a body limit, mapping errors from real explicit + dynamic mappings, scripted
// 429/5xx/400 items and whole-request failures), `_index_template`, `_plugins/_ism/policies`,
// `_search`/`_count`/`_refresh` for reading back, and the Dashboards saved-objects import. It records
// every request, so tests can see what was sent, and what was sent again.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import {
  type FieldMapping,
  type MappingError,
  mappingProblem,
  parseDocument,
} from './opensearch-double-mapping';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A scripted answer for one bulk item, used on the item's next attempts (`times`, default 1). */
export interface ItemFault {
  readonly status: number;
  readonly type?: string;
  readonly reason?: string;
  readonly times?: number;
}

/** A scripted answer for a whole request (the next `_bulk` requests, in order). */
export type RequestFault =
  | { readonly kind: 'status'; readonly status: number; readonly body: unknown }
  /** Never answers (until `close`): for request timeouts. */
  | { readonly kind: 'hang' }
  /** Drops the connection unanswered. */
  | { readonly kind: 'disconnect' }
  /** Answered normally: lets the requests before a scripted fault through. */
  | { readonly kind: 'pass' };

/** Ready-made faults with OpenSearch's own error shapes. */
export const Faults = {
  throttled: (times = 1): ItemFault => ({
    status: 429,
    type: 'rejected_execution_exception',
    reason:
      'rejected execution of coordinating operation [coordinating_and_primary_bytes=0, replica_bytes=0, all_bytes=0, coordinating_operation_bytes=104857600, max_coordinating_and_primary_bytes=53687091]',
    times,
  }),
  unavailable: (times = 1): ItemFault => ({
    status: 503,
    type: 'unavailable_shards_exception',
    reason: '[logs][0] primary shard is not active Timeout: [1m]',
    times,
  }),
  /** A 400 mapping error for this id on every attempt, whatever the body: quarantine cannot fix it. */
  alwaysRefused: (): ItemFault => ({
    status: 400,
    type: 'mapper_parsing_exception',
    reason: 'failed to parse',
    times: Number.POSITIVE_INFINITY,
  }),
  requestThrottled: (): RequestFault => ({
    kind: 'status',
    status: 429,
    body: {
      error: {
        root_cause: [
          { type: 'rejected_execution_exception', reason: 'rejected execution of coordinating operation' },
        ],
        type: 'rejected_execution_exception',
        reason: 'rejected execution of coordinating operation',
      },
      status: 429,
    },
  }),
  requestUnavailable: (): RequestFault => ({
    kind: 'status',
    status: 503,
    body: {
      error: {
        root_cause: [
          {
            type: 'cluster_block_exception',
            reason: 'blocked by: [SERVICE_UNAVAILABLE/1/state not recovered / initialized];',
          },
        ],
        type: 'cluster_block_exception',
        reason: 'blocked by: [SERVICE_UNAVAILABLE/1/state not recovered / initialized];',
      },
      status: 503,
    },
  }),
  hang: (): RequestFault => ({ kind: 'hang' }),
  pass: (): RequestFault => ({ kind: 'pass' }),
  disconnect: (): RequestFault => ({ kind: 'disconnect' }),
} as const;

/** One action of a recorded `_bulk` request. */
export interface RecordedAction {
  readonly op: string;
  readonly index: string;
  readonly id: string;
  /** Status the double answered for this item. */
  readonly status: number;
}

/** A request the double received. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  /** Body size on the wire. */
  readonly wireBytes: number;
  /** Body size after gunzip (equal to `wireBytes` when not compressed). */
  readonly bodyBytes: number;
  readonly gzip: boolean;
  /** For `_bulk`: each action with the status it got. */
  readonly actions: RecordedAction[];
  status: number;
}

export interface StoredDocument {
  readonly index: string;
  readonly id: string;
  readonly source: Json;
  readonly version: number;
  readonly seqNo: number;
}

interface IndexState {
  readonly uuid: string;
  mapping: FieldMapping;
  readonly docs: Map<string, StoredDocument>;
}

interface PolicyState {
  policy: Json;
  version: number;
  seqNo: number;
}

export interface OpenSearchDoubleOptions {
  /** Largest accepted body after decompression, bytes (default 10 MiB, like small AWS instances). */
  readonly maxBodyBytes?: number;
  /** Whether the ISM plugin answers (default true; false is like OpenSearch Serverless). */
  readonly ism?: boolean;
}

/** Matches index names against `a,b*,*` patterns. */
function matches(patterns: string, name: string): boolean {
  return patterns.split(',').some((pattern) => {
    const regex = new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*')}$`);
    return regex.test(name);
  });
}
const escapeRegex = (text: string): string => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/** `filter_path` as OpenSearch applies it: dotted patterns with `*`, arrays traversed. */
function filterPath(value: unknown, patterns: string[][]): unknown {
  if (Array.isArray(value)) return value.map((element) => filterPath(element, patterns) ?? {});
  if (!isObject(value)) return patterns.some((pattern) => pattern.length === 0) ? value : undefined;
  if (patterns.some((pattern) => pattern.length === 0)) return value;
  const out: Json = {};
  for (const [key, inner] of Object.entries(value)) {
    const rest = patterns
      .filter((pattern) => pattern[0] === '*' || pattern[0] === key)
      .map((pattern) => pattern.slice(1));
    if (rest.length === 0) continue;
    const filtered = filterPath(inner, rest);
    if (filtered !== undefined) out[key] = filtered;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** OpenSearch's answer shape for a whole-request error. */
function errorBody(status: number, type: string, reason: string, extra: Json = {}): Json {
  return { error: { root_cause: [{ type, reason, ...extra }], type, reason, ...extra }, status };
}

/** Settings as GET _index_template returns them: nested under `index`, values as strings. */
function normalizeSettings(settings: unknown): Json {
  const out: Json = {};
  const put = (path: string[], value: unknown): void => {
    let node = out;
    const keys = path[0] === 'index' ? path : ['index', ...path];
    for (const key of keys.slice(0, -1)) {
      node[key] = isObject(node[key]) ? node[key] : {};
      node = node[key] as Json;
    }
    node[keys[keys.length - 1] as string] = typeof value === 'object' ? value : String(value);
  };
  const walk = (value: unknown, path: string[]): void => {
    if (isObject(value))
      for (const [key, inner] of Object.entries(value)) walk(inner, [...path, ...key.split('.')]);
    else put(path, value);
  };
  walk(settings ?? {}, []);
  return out;
}

/**
 * @example
 * const opensearch = await OpenSearchDouble.start();
 * opensearch.faultItem('logs-0-7', Faults.throttled(2)); // 429 twice, then created
 * ... write through a client on opensearch.url ...
 * assert.equal(opensearch.documents().length, 10);
 * await opensearch.close();
 */
export class OpenSearchDouble {
  readonly requests: RecordedRequest[] = [];
  readonly indices = new Map<string, IndexState>();
  readonly templates = new Map<string, Json>();
  readonly policies = new Map<string, PolicyState>();
  readonly savedObjects = new Map<string, Json>();
  maxBodyBytes: number;
  readonly #ism: boolean;
  readonly #server: Server;
  readonly #itemFaults = new Map<string, ItemFault[]>();
  readonly #requestFaults: RequestFault[] = [];
  readonly #hanging = new Set<ServerResponse>();
  #seqNo = 0;
  #url = '';

  private constructor(options: OpenSearchDoubleOptions) {
    this.maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;
    this.#ism = options.ism ?? true;
    this.#server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        this.#send(
          response,
          500,
          errorBody(500, 'exception', error instanceof Error ? error.message : String(error)),
        );
      });
    });
  }

  static async start(options: OpenSearchDoubleOptions = {}): Promise<OpenSearchDouble> {
    const double = new OpenSearchDouble(options);
    await new Promise<void>((resolve) => double.#server.listen(0, '127.0.0.1', resolve));
    const { port } = double.#server.address() as AddressInfo;
    double.#url = `http://127.0.0.1:${port}`;
    return double;
  }

  get url(): string {
    return this.#url;
  }

  /** Scripts the next answers for one document id (appended to any already scripted). */
  faultItem(id: string, ...faults: ItemFault[]): void {
    this.#itemFaults.set(id, [...(this.#itemFaults.get(id) ?? []), ...faults]);
  }

  /** Scripts the answers to the next `_bulk` requests, in order. */
  faultRequests(...faults: RequestFault[]): void {
    this.#requestFaults.push(...faults);
  }

  /** Forgets every scripted fault not used yet. */
  clearFaults(): void {
    this.#itemFaults.clear();
    this.#requestFaults.length = 0;
  }

  /** Every stored document, sorted by index and id. */
  documents(): StoredDocument[] {
    return [...this.indices.values()]
      .flatMap((index) => [...index.docs.values()])
      .sort((a, b) => (a.index === b.index ? a.id.localeCompare(b.id) : a.index.localeCompare(b.index)));
  }

  /** The `_bulk` requests received, in order. */
  bulkRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.path.endsWith('/_bulk'));
  }

  /** Forgets recorded requests (not documents). */
  clearRequests(): void {
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    for (const response of this.#hanging) response.destroy();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const wire = Buffer.concat(chunks);
    const gzip = /gzip/i.test(String(request.headers['content-encoding'] ?? ''));
    const url = new URL(request.url ?? '/', 'http://double');
    const method = request.method ?? 'GET';
    let body: Buffer;
    try {
      body = gzip ? gunzipSync(wire) : wire;
    } catch {
      const recorded = this.#record(method, url, request, wire.length, wire.length, gzip);
      recorded.status = 400;
      this.#send(
        response,
        400,
        errorBody(400, 'illegal_argument_exception', 'request body is not valid gzip'),
      );
      return;
    }
    const recorded = this.#record(method, url, request, wire.length, body.length, gzip);
    const [status, answer] = this.#route(method, url, request, body, recorded, response);
    recorded.status = status;
    if (status === 0) return; // hang or disconnect: answered (or not) already
    // A 413 comes from the HTTP layer in front (AWS's load balancer), which knows nothing of filter_path.
    const filter = status === 413 ? null : url.searchParams.get('filter_path');
    const filtered =
      filter && isObject(answer)
        ? (filterPath(
            answer,
            filter.split(',').map((p) => p.split('.')),
          ) ?? {})
        : answer;
    this.#send(response, status, filtered);
  }

  #record(
    method: string,
    url: URL,
    request: IncomingMessage,
    wireBytes: number,
    bodyBytes: number,
    gzip: boolean,
  ): RecordedRequest {
    const recorded: RecordedRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      wireBytes,
      bodyBytes,
      gzip,
      actions: [],
      status: 0,
    };
    this.requests.push(recorded);
    return recorded;
  }

  #send(response: ServerResponse, status: number, body: unknown): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    response.writeHead(status, {
      'content-type':
        typeof body === 'string' ? 'text/plain; charset=UTF-8' : 'application/json; charset=UTF-8',
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
  }

  #route(
    method: string,
    url: URL,
    request: IncomingMessage,
    body: Buffer,
    recorded: RecordedRequest,
    response: ServerResponse,
  ): [number, unknown] {
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const json = (): Json => (body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as Json));
    if (parts.length === 0 && method === 'GET') {
      return [
        200,
        {
          name: 'double',
          cluster_name: 'sluice-double',
          version: { distribution: 'opensearch', number: '2.19.0' },
        },
      ];
    }
    if (parts[parts.length - 1] === '_bulk' && (method === 'POST' || method === 'PUT') && parts.length <= 2) {
      return this.#bulk(body, parts.length === 2 ? parts[0] : undefined, recorded, response);
    }
    if (parts[0] === '_index_template' && parts[1]) return this.#indexTemplate(method, parts[1], json);
    if (parts[0] === '_plugins' && parts[1] === '_ism' && parts[2] === 'policies' && parts[3] && this.#ism) {
      return this.#ismPolicy(method, parts[3], url.searchParams, json);
    }
    if (parts[0] === 'api' && parts[1] === 'saved_objects')
      return this.#savedObjects(method, parts.slice(2), url, request, body);
    const last = parts[parts.length - 1];
    if (last === '_refresh') return [200, { _shards: { total: 1, successful: 1, failed: 0 } }];
    if (last === '_search' || last === '_count') {
      const pattern = parts.length === 2 ? (parts[0] as string) : '*';
      // A concrete name that is not an index is an error, as in OpenSearch (patterns may match nothing).
      if (
        !/[*,]/.test(pattern) &&
        !this.indices.has(pattern) &&
        url.searchParams.get('ignore_unavailable') !== 'true'
      ) {
        return [
          404,
          errorBody(404, 'index_not_found_exception', `no such index [${pattern}]`, {
            index: pattern,
            'resource.type': 'index_or_alias',
          }),
        ];
      }
      const docs = this.documents().filter((doc) => matches(pattern, doc.index));
      if (last === '_count')
        return [200, { count: docs.length, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 } }];
      const size = Number((json() as { size?: number }).size ?? url.searchParams.get('size') ?? 10);
      return [
        200,
        {
          took: 1,
          timed_out: false,
          _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
          hits: {
            total: { value: docs.length, relation: 'eq' },
            max_score: 1,
            hits: docs
              .slice(0, size)
              .map((doc) => ({ _index: doc.index, _id: doc.id, _score: 1, _source: doc.source })),
          },
        },
      ];
    }
    if (parts.length === 1 && method === 'PUT') {
      const name = parts[0] as string;
      if (this.indices.has(name)) {
        return [
          400,
          errorBody(400, 'resource_already_exists_exception', `index [${name}/x] already exists`, {
            index: name,
          }),
        ];
      }
      const mappings = (json().mappings ?? {}) as FieldMapping;
      const problem = mappingProblem(mappings);
      if (problem) return [400, errorBody(400, 'mapper_parsing_exception', problem)];
      this.indices.set(name, {
        uuid: randomUUID().replace(/-/g, '').slice(0, 22),
        mapping: structuredClone(mappings),
        docs: new Map(),
      });
      return [200, { acknowledged: true, shards_acknowledged: true, index: name }];
    }
    if (parts.length === 1 && method === 'DELETE') {
      const name = parts[0] as string;
      if (!this.indices.delete(name)) {
        return [
          404,
          errorBody(404, 'index_not_found_exception', `no such index [${name}]`, {
            index: name,
            'resource.type': 'index_or_alias',
          }),
        ];
      }
      return [200, { acknowledged: true }];
    }
    if (parts.length === 2 && parts[1] === '_mapping' && method === 'GET') {
      const index = this.indices.get(parts[0] as string);
      if (!index) return [404, errorBody(404, 'index_not_found_exception', `no such index [${parts[0]}]`)];
      return [200, { [parts[0] as string]: { mappings: index.mapping } }];
    }
    return [400, { error: `no handler found for uri [${url.pathname}] and method [${method}]` }];
  }

  #bulk(
    body: Buffer,
    defaultIndex: string | undefined,
    recorded: RecordedRequest,
    response: ServerResponse,
  ): [number, unknown] {
    const fault = this.#requestFaults.shift();
    if (fault?.kind === 'hang') {
      this.#hanging.add(response);
      return [0, undefined];
    }
    if (fault?.kind === 'disconnect') {
      response.socket?.destroy();
      return [0, undefined];
    }
    if (fault?.kind === 'status') return [fault.status, fault.body];
    if (body.length > this.maxBodyBytes)
      return [413, { Message: `Request size exceeded ${this.maxBodyBytes} bytes` }];
    const text = body.toString('utf8');
    if (text.length > 0 && !text.endsWith('\n')) {
      return [
        400,
        errorBody(
          400,
          'illegal_argument_exception',
          'The bulk request must be terminated by a newline [\\n]',
        ),
      ];
    }
    const lines = text.split('\n');
    lines.pop();
    const items: Json[] = [];
    const started = Date.now();
    for (let i = 0; i < lines.length; i += 1) {
      let action: Json;
      try {
        action = JSON.parse(lines[i] as string) as Json;
      } catch {
        return [400, errorBody(400, 'json_parse_exception', `Unexpected character in action line ${i + 1}`)];
      }
      const op = Object.keys(action)[0] ?? '';
      const meta = (action[op] ?? {}) as { _index?: string; _id?: string };
      if (op !== 'create' && op !== 'index') {
        return [
          400,
          errorBody(
            400,
            'illegal_argument_exception',
            `Malformed action/metadata line [${i + 1}], expected one of [create, delete, index, update] but found [${op}]`,
          ),
        ];
      }
      i += 1;
      const index = meta._index ?? defaultIndex ?? '';
      const id = meta._id ?? randomUUID();
      const item = this.#bulkItem(op, index, id, lines[i]);
      recorded.actions.push({ op, index, id, status: item.status as number });
      items.push({ [op]: item });
    }
    const errors = items.some((item) => Number((Object.values(item)[0] as Json).status) >= 300);
    return [200, { took: Date.now() - started, errors, items }];
  }

  #bulkItem(op: string, index: string, id: string, line: string | undefined): Json {
    const scripted = this.#itemFaults.get(id)?.[0];
    if (scripted) {
      const left = (scripted.times ?? 1) - 1;
      const queue = this.#itemFaults.get(id) ?? [];
      if (left > 0) queue[0] = { ...scripted, times: left };
      else queue.shift();
      return {
        _index: index,
        _id: id,
        status: scripted.status,
        error: {
          type: scripted.type ?? 'exception',
          reason: scripted.reason ?? 'scripted failure',
          index,
          shard: '0',
        },
      };
    }
    let source: Json;
    try {
      source = JSON.parse(line ?? '') as Json;
    } catch (error) {
      return this.#itemError(index, id, 400, {
        type: 'mapper_parsing_exception',
        reason: 'failed to parse',
        caused_by: {
          type: 'json_parse_exception',
          reason: error instanceof Error ? error.message : String(error),
        },
      });
    }
    const state = this.#index(index);
    const existing = state.docs.get(id);
    const mapping = structuredClone(state.mapping);
    const problem: MappingError | undefined = parseDocument(mapping, source, id);
    if (problem) return this.#itemError(index, id, 400, problem);
    if (existing && op === 'create') {
      return this.#itemError(index, id, 409, {
        type: 'version_conflict_engine_exception',
        reason: `[${id}]: version conflict, document already exists (current version [${existing.version}])`,
        index,
        shard: '0',
        index_uuid: state.uuid,
      });
    }
    state.mapping = mapping;
    const seqNo = this.#seqNo++;
    const version = (existing?.version ?? 0) + 1;
    state.docs.set(id, { index, id, source, version, seqNo });
    return {
      _index: index,
      _id: id,
      _version: version,
      result: existing ? 'updated' : 'created',
      _shards: { total: 2, successful: 1, failed: 0 },
      _seq_no: seqNo,
      _primary_term: 1,
      status: existing ? 200 : 201,
    };
  }

  #itemError(index: string, id: string, status: number, error: Json | MappingError): Json {
    return { _index: index, _id: id, status, error };
  }

  /** The index, created on first write with the mappings of the best matching template. */
  #index(name: string): IndexState {
    let state = this.indices.get(name);
    if (!state) {
      const template = [...this.templates.values()]
        .filter((body) => (body.index_patterns as string[]).some((pattern) => matches(pattern, name)))
        .sort((a, b) => Number(b.priority ?? 0) - Number(a.priority ?? 0))[0];
      const mappings = ((template?.template as Json | undefined)?.mappings ?? {}) as FieldMapping;
      state = {
        uuid: randomUUID().replace(/-/g, '').slice(0, 22),
        mapping: structuredClone(mappings),
        docs: new Map(),
      };
      this.indices.set(name, state);
    }
    return state;
  }

  #indexTemplate(method: string, name: string, json: () => Json): [number, unknown] {
    if (method === 'PUT' || method === 'POST') {
      const body = json();
      const mappings = ((body.template as Json | undefined)?.mappings ?? {}) as FieldMapping;
      const problem = mappingProblem(mappings);
      if (problem) return [400, errorBody(400, 'mapper_parsing_exception', problem)];
      this.templates.set(name, body);
      return [200, { acknowledged: true }];
    }
    const notFound = (): [number, unknown] => [
      404,
      errorBody(404, 'resource_not_found_exception', `index template matching [${name}] not found`),
    ];
    if (method === 'DELETE') return this.templates.delete(name) ? [200, { acknowledged: true }] : notFound();
    const stored = this.templates.get(name);
    if (!stored) return notFound();
    const template = (stored.template ?? {}) as Json;
    return [
      200,
      {
        index_templates: [
          {
            name,
            index_template: {
              index_patterns: stored.index_patterns,
              template: { settings: normalizeSettings(template.settings), mappings: template.mappings ?? {} },
              composed_of: stored.composed_of ?? [],
              priority: stored.priority ?? 0,
              ...(stored._meta !== undefined ? { _meta: stored._meta } : {}),
            },
          },
        ],
      },
    ];
  }

  #ismPolicy(method: string, id: string, query: URLSearchParams, json: () => Json): [number, unknown] {
    const stored = this.policies.get(id);
    if (method === 'GET') {
      if (!stored) return [404, errorBody(404, 'status_exception', 'Policy not found')];
      return [
        200,
        { _id: id, _version: stored.version, _seq_no: stored.seqNo, _primary_term: 1, policy: stored.policy },
      ];
    }
    if (method === 'DELETE') {
      if (!stored) return [404, { _index: '.opendistro-ism-config', _id: id, result: 'not_found' }];
      this.policies.delete(id);
      return [200, { _index: '.opendistro-ism-config', _id: id, result: 'deleted' }];
    }
    if (method !== 'PUT')
      return [
        405,
        {
          error: `Incorrect HTTP method for uri [/_plugins/_ism/policies/${id}] and method [${method}], allowed: [GET, PUT, DELETE]`,
          status: 405,
        },
      ];
    const ifSeqNo = query.get('if_seq_no');
    if (stored && ifSeqNo === null) {
      return [
        409,
        errorBody(
          409,
          'version_conflict_engine_exception',
          `[${id}]: version conflict, document already exists (current version [${stored.version}])`,
        ),
      ];
    }
    if (stored && (Number(ifSeqNo) !== stored.seqNo || query.get('if_primary_term') !== '1')) {
      return [
        409,
        errorBody(
          409,
          'version_conflict_engine_exception',
          `[${id}]: version conflict, required seqNo [${ifSeqNo}], primary term [${query.get('if_primary_term')}]. current document has seqNo [${stored.seqNo}] and primary term [1]`,
        ),
      ];
    }
    const given = (json().policy ?? {}) as Json;
    const now = Date.now();
    // ISM stores the policy with its own fields added: id, times, schema, action retry defaults.
    const policy: Json = {
      policy_id: id,
      description: given.description,
      last_updated_time: now,
      schema_version: 21,
      error_notification: null,
      default_state: given.default_state,
      states: ((given.states ?? []) as Json[]).map((state) => ({
        ...state,
        actions: ((state.actions ?? []) as Json[]).map((action) => ({
          retry: { count: 3, backoff: 'exponential', delay: '1m' },
          ...action,
        })),
      })),
      ism_template: ((given.ism_template ?? []) as Json[]).map((entry) => ({
        ...entry,
        last_updated_time: now,
      })),
    };
    const next: PolicyState = { policy, version: (stored?.version ?? 0) + 1, seqNo: this.#seqNo++ };
    this.policies.set(id, next);
    return [
      stored ? 200 : 201,
      { _id: id, _version: next.version, _primary_term: 1, _seq_no: next.seqNo, policy: { policy } },
    ];
  }

  #savedObjects(
    method: string,
    rest: string[],
    url: URL,
    request: IncomingMessage,
    body: Buffer,
  ): [number, unknown] {
    if (method === 'GET' && rest.length === 2) {
      const object = this.savedObjects.get(`${rest[0]}:${rest[1]}`);
      if (!object)
        return [
          404,
          { statusCode: 404, error: 'Not Found', message: `Saved object [${rest[0]}/${rest[1]}] not found` },
        ];
      return [200, object];
    }
    if (method !== 'POST' || rest[0] !== '_import')
      return [404, { statusCode: 404, error: 'Not Found', message: 'Not Found' }];
    if (request.headers['osd-xsrf'] === undefined) {
      return [
        400,
        { statusCode: 400, error: 'Bad Request', message: 'Request must contain a osd-xsrf header.' },
      ];
    }
    const boundary = /boundary=([^;]+)/.exec(String(request.headers['content-type'] ?? ''))?.[1];
    const part = boundary
      ? body
          .toString('utf8')
          .split(`--${boundary}`)
          .find((piece) => /filename="[^"]+\.ndjson"/.test(piece))
      : undefined;
    if (!part)
      return [
        400,
        {
          statusCode: 400,
          error: 'Bad Request',
          message: '[request body.file]: expected value of type [object] but got [undefined]',
        },
      ];
    const content = part.slice(part.indexOf('\r\n\r\n') + 4).replace(/\r\n$/, '');
    const objects = content
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Json);
    const overwrite = url.searchParams.get('overwrite') === 'true';
    const errors: Json[] = [];
    const successResults: Json[] = [];
    for (const object of objects) {
      const key = `${String(object.type)}:${String(object.id)}`;
      if (this.savedObjects.has(key) && !overwrite) {
        errors.push({
          id: object.id,
          type: object.type,
          title: (object.attributes as Json | undefined)?.title,
          error: { type: 'conflict' },
        });
        continue;
      }
      this.savedObjects.set(key, object);
      successResults.push({ type: object.type, id: object.id, ...(overwrite ? { overwrite: true } : {}) });
    }
    return [
      200,
      {
        successCount: successResults.length,
        success: errors.length === 0,
        ...(errors.length ? { errors } : {}),
        successResults,
      },
    ];
  }
}
