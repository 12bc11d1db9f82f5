/** Which S3 API server the local stack runs when the environment does not name one. */
export const S3Server = {
  /** OpenStack Swift with its s3api middleware: a real object store (Debian packages). */
  swift: 'swift',
  /** s3rver, in this process: no system packages, but see infra/local/README.md for its limits. */
  s3rver: 's3rver',
  /** Swift when its packages are installed, s3rver otherwise. */
  auto: 'auto',
} as const;
export type S3Server = (typeof S3Server)[keyof typeof S3Server];

/** A server the stack started (or found running) and how to reach it. */
export interface RunningService {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly endpoint: string;
  /**
   * What serves it: `dynamodb-local`, `swift`, `s3rver`, `external` for one the environment named, or
   * `none` when it was not asked for.
   */
  readonly kind: string;
  /** Set when another process serves it for the same data dir: `sluice start (pid 4242)`. */
  readonly reusedFrom?: string;
  /** Stops the server if this process started it; a no-op otherwise. Safe to call twice. */
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  /** Persist state under this directory (`<dataDir>/dynamodb`, `<dataDir>/s3`). Default `.sluice`. */
  readonly dataDir?: string;
  /** Keep nothing: DynamoDB Local runs `-inMemory` and S3 objects go to a temporary directory. */
  readonly inMemory?: boolean;
  /** S3 server to run when `AWS_ENDPOINT_URL_S3` is not set. Default `auto`. */
  readonly s3?: S3Server;
  /** Install missing Debian packages (Swift, memcached, a JDK) with apt-get; only works as root. */
  readonly installMissing?: boolean;
  /**
   * Start (or reuse) the S3 server only, for readers of the archive (`sluice search`): no DynamoDB
   * Local to wait for. `dynamodb` is then `{ kind: 'none' }` and `env` names no table.
   */
  readonly s3Only?: boolean;
  /** Progress lines (`installing ...`), for commands that want to show them. */
  readonly log?: (line: string) => void;
}

/** The running local stack. */
export interface LocalStack {
  /**
   * The variables that point AWS SDKs, `sluice` and `serverless invoke local` at the stack:
   * AWS_REGION, AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_DYNAMODB, AWS_ACCESS_KEY_ID,
   * AWS_SECRET_ACCESS_KEY, SLUICE_BUCKET, SLUICE_TABLE. The credentials are left out when the
   * environment names its own S3 endpoint (its credentials then come from the environment).
   */
  readonly env: Readonly<Record<string, string>>;
  readonly s3: RunningService;
  readonly dynamodb: RunningService;
  /** Stops what this call started. */
  stop(): Promise<void>;
}
