import type { SluiceConfig } from '../../config';

/** The part of `GetParameterCommand`'s client that the resolver uses; an `SSMClient` fits. */
export interface SsmLike {
  send(command: unknown): Promise<{ Parameter?: { Value?: string } }>;
}

/**
 * Resolves the webhook URL for CLI and local runs: `config.slack.webhookUrl` as is, or the SSM
 * SecureString `config.slack.webhookParameter` read with decryption. Cached per process (container);
 * resolves to `undefined` when neither is configured (use `TerminalSlack` then).
 *
 * @example
 * const url = await resolveWebhookUrl(config.slack, { region: config.region });
 */
export async function resolveWebhookUrl(
  slack: SluiceConfig['slack'],
  options: { region?: string; ssm?: SsmLike } = {},
): Promise<string | undefined> {
  void slack;
  void options;
  throw new Error('resolveWebhookUrl: not implemented yet');
}
