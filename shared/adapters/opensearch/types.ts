/** One document to `create` in OpenSearch: where it goes, under which id, and its body. */
export interface BulkDocument {
  /** Target index, e.g. `logs-2026.11.22`. */
  readonly index: string;
  /** Deterministic `_id` (`topic-partition-offset`), so a redelivered record can never be indexed twice. */
  readonly id: string;
  readonly source: Readonly<Record<string, unknown>>;
}

/** The verdict on one `_bulk` item, as a value (see `classifyItem`). */
export const ItemVerdictKind = {
  /** Stored now, or already stored (409 on `create`). */
  ok: 'ok',
  /** Worth sending again later: throttling (429), a server error (5xx), an unknown outcome. */
  retry: 'retry',
  /** The document itself is refused (400, mapping errors): sending it again unchanged cannot help. */
  permanent: 'permanent',
} as const;
export type ItemVerdictKind = (typeof ItemVerdictKind)[keyof typeof ItemVerdictKind];

export type ItemVerdict =
  | { readonly kind: 'ok'; readonly status: number; readonly existed: boolean }
  | { readonly kind: 'retry'; readonly status: number; readonly type: string; readonly reason: string }
  | {
      readonly kind: 'permanent';
      readonly status: number;
      readonly type: string;
      readonly reason: string;
      /** Whether the error is about the mapping (a field's type), which quarantine can repair. */
      readonly mapping: boolean;
    };

/** What one `_bulk` HTTP exchange came back with, before item-level classification. */
export type BulkHttpResult =
  | { readonly kind: 'response'; readonly status: number; readonly body: unknown }
  /** No HTTP answer: connection refused or reset, timeout, aborted. */
  | { readonly kind: 'network'; readonly detail: string };

/** Sends one `_bulk` body. The only part of the writer that does I/O; tests and the bench swap it. */
export interface BulkTransport {
  /**
   * POSTs an NDJSON body to `/_bulk`. `body` is already gzip-compressed when `gzip` is true. Never
   * throws for an HTTP or network failure: those come back as values.
   */
  bulk(
    body: Buffer,
    options: {
      readonly gzip: boolean;
      readonly timeoutMs: number;
      readonly documents: number;
      /** Cancels the request (the invocation gave up). */
      readonly signal?: AbortSignal;
    },
  ): Promise<BulkHttpResult>;
}

/** What became of one document after the writer is done with it. */
export type DocumentOutcome =
  | { readonly kind: 'indexed'; readonly existed: boolean; readonly quarantined: boolean }
  | { readonly kind: 'deadLetter'; readonly reason: 'mapping_conflict' | 'oversize'; readonly detail: string }
  /** Not resolved within the time budget (or the attempt limit): the batch must be retried. */
  | { readonly kind: 'failed'; readonly detail: string };

/** Time left to finish, from the Lambda context (`getRemainingTimeInMillis`) or a CLI deadline. */
export interface TimeBudget {
  remainingMs(): number;
  /** Aborted when the invocation gives up: no new request starts, requests in flight are cancelled. */
  readonly signal?: AbortSignal;
}

/** Counts of what the writer did, for logs, metrics and the bench. */
export interface WriteStats {
  /** `_bulk` requests made (retries and quarantine rounds included). */
  requests: number;
  /** Uncompressed body bytes sent, summed over requests. */
  bytes: number;
  /** Bytes on the wire after gzip, summed over requests. */
  compressedBytes: number;
  /** Largest uncompressed body sent. */
  largestBody: number;
  /** Rounds after the first (retries of throttled or failed items, quarantine re-sends). */
  rounds: number;
}

/** The result of one `write`: an outcome per document (same order as the input) and what it cost. */
export interface WriteResult {
  readonly outcomes: readonly DocumentOutcome[];
  readonly stats: WriteStats;
}
