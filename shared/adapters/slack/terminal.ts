import type { SlackPort, SlackPostResult } from '../../alerts/slack-port';
import type { SlackMessage } from '../../alerts/types';
import { renderText } from './render-text';

/** Where {@link TerminalSlack} writes: `process.stdout`, or any stream with `write`. */
export interface TextSink {
  write(chunk: string): unknown;
}

/**
 * Prints messages as readable text instead of posting them (local runs with no webhook). Same
 * interface as `SlackWebhook`; always succeeds.
 *
 * @example
 * const slack = new TerminalSlack(process.stdout);
 * await slack.post(formatAlert(alert));
 */
export class TerminalSlack implements SlackPort {
  readonly kind = 'terminal' as const;
  readonly #out: TextSink;
  readonly #destination: string | undefined;

  /** `destination`: the routed destination it stands for, named in each message printed. */
  constructor(out: TextSink, destination?: string) {
    this.#out = out;
    this.#destination = destination;
  }

  async post(message: SlackMessage): Promise<SlackPostResult> {
    this.#out.write(renderText(message, this.#destination));
    return { ok: true };
  }
}
