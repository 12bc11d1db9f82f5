/** A service sluice talks to, as an error message names it. */
export interface ServiceAt {
  /** `S3`, `DynamoDB`. */
  readonly name: string;
  /** The endpoint in use; undefined for AWS's own. */
  readonly endpoint: string | undefined;
  /** Where the endpoint came from: `AWS_ENDPOINT_URL_S3`, or `the local stack (swift)`. */
  readonly source: string;
  readonly region: string;
}

/** The fields of the errors the AWS SDK and Node's sockets throw that say what went wrong. */
interface ErrorFields {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

const credentialHelp = 'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE)';

/** What went wrong, in words, and what to do about it when there is something to do. */
function problem(error: ErrorFields, service: ServiceAt): string {
  const local = service.endpoint !== undefined;
  if (error.name === 'CredentialsProviderError')
    return local
      ? `no credentials to sign requests with: ${credentialHelp}; for the servers of \`sluice stack\`, the values it prints`
      : `no AWS credentials: ${credentialHelp}, or name a local endpoint`;
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused: nothing listens there (is the server running?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ETIMEDOUT':
    case 'ECONNRESET':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no connection (${error.code}): is the address right and reachable from here?`;
  }
  if (error.name === 'TimeoutError' || /timed? ?out/i.test(error.message ?? ''))
    return 'no answer in time: is the address right and reachable from here?';
  if (
    ['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'UnrecognizedClientException'].includes(error.name ?? '')
  )
    return `refused the credentials (${error.name}): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`;
  if (error.name === 'AccessDenied' || error.name === 'AccessDeniedException' || error.name === 'Forbidden')
    return `access denied (${error.name}): the credentials may not use it`;
  const status = error.$metadata?.httpStatusCode;
  if (status !== undefined && (error.message === 'UnknownError' || error.name === 'Unknown'))
    return `answered HTTP ${status}, not as ${service.name} does: is it the right address?`;
  return `${error.name && error.name !== 'Error' ? `${error.name}: ` : ''}${error.message ?? String(error)}`;
}

/**
 * One line for a failed request: which service, where (the endpoint and the variable or server it
 * came from), what went wrong and what to do, instead of the SDK's bare `UnknownError` or
 * `Could not load credentials from any providers`.
 *
 * @example
 * describeServiceError(error, { name: 'S3', endpoint: 'http://127.0.0.1:1', source: 'AWS_ENDPOINT_URL_S3', region: 'us-east-1' }); // or with `doing`: 'S3 at ... (...), creating bucket logs: ...'
 * // 'S3 at http://127.0.0.1:1 (AWS_ENDPOINT_URL_S3): connection refused: nothing listens there (is the server running?)'
 */
export function describeServiceError(error: unknown, service: ServiceAt, doing?: string): string {
  const where =
    service.endpoint === undefined
      ? `${service.name} (AWS, region ${service.region})`
      : `${service.name} at ${service.endpoint} (${service.source})`;
  const fields: ErrorFields =
    typeof error === 'object' && error !== null ? (error as ErrorFields) : { message: String(error) };
  return `${where}${doing ? `, ${doing}` : ''}: ${problem(fields, service)}`;
}
