import type { Alert, AlertSample } from '../../../shared/alerts/types';

/** Strings a log line could carry to break out of escaping, forge mentions or links, or blow limits. */
export const HOSTILE: ReadonlyArray<[name: string, text: string]> = [
  ['channel mention', '<!channel> db is down'],
  ['here mention', '<!here|here> look'],
  ['everyone mention', '<!everyone>'],
  ['user mention', 'ping <@U024BE7LH>'],
  ['channel link', 'see <#C024BE7LR|general>'],
  ['forged link', 'click <https://evil.example/login|https://sso.example.com>'],
  ['subteam', '<!subteam^SAZ94GDB8|@oncall>'],
  ['date token', '<!date^1392734382^{date_pretty}|Feb 18>'],
  ['pre-escaped', '&lt;!channel&gt; &amp;lt;'],
  ['literal at-mentions', '@channel @here @everyone'],
  ['ampersands', '&&&&&&&&&&'],
  ['code fence', '```\n<!channel>\n```'],
  ['backticks', '`a` ``b`` ```c```'],
  ['mrkdwn', '*bold* _it_ ~strike~ >quote'],
  ['newlines', 'line1\r\nline2\n\n\tline3'],
  ['emoji', '😀🔥 deploy 🚀'],
  ['long entities', '<&>'.repeat(3000)],
  ['long plain', 'x'.repeat(100_000)],
  ['long emoji', '😀'.repeat(5000)],
];

export function sample(overrides: Partial<AlertSample> = {}): AlertSample {
  return {
    timestamp: '2024-05-01T12:00:03.123Z',
    message: 'OperationalError: could not connect to server',
    level: 'error',
    pathname: 'app/db.py',
    lineno: 42,
    service: 'checkout',
    kubernetes: { namespace: 'shop', pod: 'checkout-7f9c-x2', container: 'api', host: 'ip-10-0-1-5' },
    ...overrides,
  };
}

export function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    rule: 'error-burst',
    group: 'app/db.py',
    groupBy: 'pathname',
    windowStart: '2024-05-01T12:00:00.000Z',
    windowEnd: '2024-05-01T12:00:10.000Z',
    count: 31,
    threshold: 25,
    samples: [sample()],
    services: ['checkout'],
    kubernetes: { namespace: 'shop', container: 'api' },
    ...overrides,
  };
}
