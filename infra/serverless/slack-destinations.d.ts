/** A routed Slack destination of a stage, from the `slackDestinations` parameter. */
export interface SlackDestination {
  readonly name: string;
  /** The name upper-cased, `-` as `_`. */
  readonly key: string;
  /** `SLACK_WEBHOOK_URL_<KEY>`. */
  readonly variable: string;
  /** The SSM SecureString parameter holding its webhook. */
  readonly parameter: string;
  /** Its part of the IAM statement ids. */
  readonly sid: string;
}

/** The destinations of `name=/ssm/parameter` pairs separated by commas; throws on a bad one. */
export function slackDestinationsOf(spec: string | undefined): SlackDestination[];

/** Adds each destination's variable to detect and sweep, and its grants to their roles. */
export function routeSlackDestinations(
  template: { Resources?: Record<string, unknown> },
  destinations: readonly SlackDestination[],
): void;
