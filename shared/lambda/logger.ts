import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { redact } from '../redact';

/** Where a function's log lines go when not to stdout: one JSON object per call, without a newline. */
export type LineSink = (line: string) => void;

/** The service name on every log line and metric (`POWERTOOLS_SERVICE_NAME` overrides it). */
export const SERVICE_NAME = 'sluice';

/**
 * Powertools' log item with every field passed through `redact`: a secret-named key or a Slack
 * webhook URL anywhere (messages, fields, error messages and stacks, cause chains) never reaches the
 * log. Lines carry `level`, `message`, `timestamp`, `service`, the Lambda context (`function_name`,
 * `function_request_id`, `cold_start`) once known, then the call's fields.
 */
class RedactingFormatter extends LogFormatter {
  override formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const base = {
      level: attributes.logLevel,
      message: attributes.message,
      timestamp: this.formatTimestamp(attributes.timestamp),
      service: attributes.serviceName,
      function_name: attributes.lambdaContext?.functionName,
      function_request_id: attributes.lambdaContext?.awsRequestId,
      cold_start: attributes.lambdaContext?.coldStart,
    };
    return new LogItem({ attributes: redact(base) as LogAttributes }).addAttributes(
      redact(additional) as LogAttributes,
    );
  }
}

/** Powertools' logger, with its lines sent to `sink` instead of stdout when one is given. */
class SinkLogger extends Logger {
  readonly #sink: LineSink | undefined;

  constructor(options: ConstructorParameters<typeof Logger>[0], sink: LineSink | undefined) {
    super(options);
    this.#sink = sink;
  }

  protected override printLog(logLevel: number, log: LogItem): void {
    if (this.#sink === undefined) super.printLog(logLevel, log);
    else this.#sink(JSON.stringify(log.getAttributes(), this.getJsonReplacer()));
  }

  protected override createLogger(options?: ConstructorParameters<typeof Logger>[0]): Logger {
    return new SinkLogger(options, this.#sink);
  }
}

/**
 * The structured logger of one function (Powertools for AWS Lambda's `Logger`, the ecosystem's
 * standard): JSON lines with the function's name, the request id and cold start once the handler has
 * seen its context, errors with their whole `cause` chain, every field redacted. Lambda's log level
 * controls (`AWS_LAMBDA_LOG_LEVEL`, `POWERTOOLS_LOG_LEVEL`) apply.
 *
 * @example
 * const log = functionLogger('index');
 * log.error('invocation failed, it will be retried', { error, topic: 'logs' });
 */
export function functionLogger(name: string, sink?: LineSink): Logger {
  return new SinkLogger(
    { serviceName: SERVICE_NAME, logFormatter: new RedactingFormatter(), persistentKeys: { function: name } },
    sink,
  );
}
