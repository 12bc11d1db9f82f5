import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { SluiceConfig } from '../../config';
import { TransientSinkError } from '../../errors';

/** Starts a function with a JSON event and does not wait for it (Lambda's `Event` invocation type). */
export type InvokeAsync = (functionName: string, event: unknown, signal?: AbortSignal) => Promise<void>;

export interface LambdaInvokerOptions {
  /** Another Lambda API endpoint (tests); default AWS's for the configured region. */
  readonly endpoint?: string;
}

/**
 * Asynchronous invocations through the AWS SDK (`lambda:InvokeFunction`). Imported statically so the
 * bundle holds `InvokeCommand` alone (esbuild cannot tree-shake a client loaded with `import()`, and
 * the role allows only what the bundle can send). Lambda answers 202 once it
 * has queued the event; anything else, or a failed request after the SDK's retries, is a
 * `TransientSinkError` (the invocation fails and Lambda retries it).
 *
 * @example
 * const invoke = lambdaInvoker(loadConfig());
 * await invoke(context.functionName, { since, until, continuation: 7 });
 */
export function lambdaInvoker(config: SluiceConfig, options: LambdaInvokerOptions = {}): InvokeAsync {
  let client: LambdaClient | undefined;
  return async (functionName, event, signal) => {
    client ??= new LambdaClient({
      region: config.region,
      maxAttempts: 3,
      ...(config.credentials ? { credentials: config.credentials } : {}),
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    });
    let status: number | undefined;
    try {
      const response = await client.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify(event)),
        }),
        signal ? { abortSignal: signal } : {},
      );
      status = response.StatusCode;
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new TransientSinkError(`Lambda Invoke of ${functionName} failed: ${reason}`, { cause: error });
    }
    if (status !== 202)
      throw new TransientSinkError(`Lambda Invoke of ${functionName} answered ${status}, not 202 (queued)`);
  };
}
