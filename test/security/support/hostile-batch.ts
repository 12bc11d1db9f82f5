// An MSK batch whose logs try to talk to Slack: error bursts whose messages, pathnames and container
// names carry Slack control sequences (mentions, links, formatting), enough of them to trip the
// bundled rules (error-burst: over 25 errors in 10 s for a pathname; exception-seen: any exception).
import type { MSKEvent } from 'aws-lambda';
import { toMskEvent } from '../../../cli/sim/msk-event';

/** What a log may try to make Slack do. */
export const hostileTexts = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U0123ABCD>',
  '<#C0123ABCD>',
  '<!subteam^S0123|@oncall>',
  '<https://evil.example/login|https://sso.example.com>',
  '<mailto:a@evil.example|click>',
  '@channel',
  '&lt;!channel&gt;',
  '```\n<!here>\n```',
  '/app/\u202egpj.exe',
  'a\u2066isolated\u2069 b',
] as const;

/** Raw forms that must never reach Slack unescaped. */
export const forbiddenInSlack = [
  '<!channel',
  '<!here',
  '<!everyone',
  '<@U0123',
  '<#C0123',
  '<!subteam',
  '<https://evil',
  '<mailto:',
  '\u202e',
  '\u2066',
  '\u2069',
] as const;

/**
 * 60 error logs in one second on one hostile pathname, each message an exception carrying every
 * hostile text, from a Kubernetes container whose name is hostile too.
 *
 * @example
 * const event = hostileBatch(Date.UTC(2026, 0, 1, 12));
 */
export function hostileBatch(startMs: number, partition = 0, firstOffset = 0): MSKEvent {
  const records = Array.from({ length: 60 }, (_, i) => ({
    topic: 'logs',
    partition,
    offset: firstOffset + i,
    timestamp: startMs + i * 10,
    value: JSON.stringify({
      log: JSON.stringify({
        timestamp: new Date(startMs + i * 10).toISOString(),
        levelname: 'ERROR',
        message: `RuntimeException ${i}: ${hostileTexts.join(' ')}`,
        pathname: '/app/<!channel>/<https://evil.example|x>\n\u202egpj.py',
        lineno: 7,
        service: '<@U0123ABCD>',
      }),
      stream: 'stderr',
      kubernetes: { namespace_name: 'shop', pod_name: 'api-1', container_name: '<!here>', host: 'node-1' },
    }),
  }));
  return toMskEvent(records);
}
