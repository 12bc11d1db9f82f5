import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slackSenders } from '../../../../shared/adapters/slack/senders';
import { TerminalSlack } from '../../../../shared/adapters/slack/terminal';
import { formatAlert } from '../../../../shared/alerts/format-alert';
import { formatDigest } from '../../../../shared/alerts/format-digest';
import { alert, sample } from '../../alerts/fixtures';

function sink() {
  const chunks: string[] = [];
  return { chunks, write: (chunk: string) => chunks.push(chunk) };
}

test('prints an alert as readable text and reports ok', async () => {
  const out = sink();
  const slack = new TerminalSlack(out);
  const message = formatAlert(alert({ samples: [sample({ message: 'x < y && <!channel>' })] }), {
    dashboardsUrl: 'https://dash.example',
  });
  assert.deepEqual(await slack.post(message), { ok: true });
  const text = out.chunks.join('');
  assert.match(text, /^┌ slack\n│ 🚨 error-burst: app\/db\.py\n/);
  assert.match(text, /│ Count: \*31\* \(threshold 25\)\n/);
  assert.match(text, /│ Window: 2024-05-01 12:00:00 → 12:00:10 UTC \(10s\)\n/);
  assert.match(text, /│ ```x < y && <!channel>```\n/);
  assert.match(text, /│ → Open in Discover: https:\/\/dash\.example\/app\/discover#\/\?_g=/);
  assert.ok(text.endsWith('└\n'));
});

test('control characters from logs cannot drive the terminal', async () => {
  const out = sink();
  await new TerminalSlack(out).post(
    formatAlert(alert({ samples: [sample({ message: 'red \u001b[31mX\u0007' })] })),
  );
  const text = out.chunks.join('');
  assert.ok(!text.includes('\u001b') && !text.includes('\u0007'));
  assert.match(text, /red \uFFFD\[31mX\uFFFD/);
});

test('digest links render as label (url)', async () => {
  const out = sink();
  await new TerminalSlack(out).post(formatDigest([alert()], { dashboardsUrl: 'https://dash.example' }));
  assert.match(out.chunks.join(''), /· Discover \(https:\/\/dash\.example\/app\/discover#\/\?_g=[^)]+\)/);
});

test('a message without blocks prints its text', async () => {
  const out = sink();
  await new TerminalSlack(out).post({ text: 'hello &amp; bye', blocks: [] });
  assert.equal(out.chunks.join(''), '┌ slack\n│ hello & bye\n└\n');
});

test('slackSenders: terminal without a URL, webhook with one', () => {
  assert.equal(slackSenders({ out: sink() }).forUrl(undefined).kind, 'terminal');
  assert.equal(slackSenders().forUrl('https://hooks.slack.com/services/T/B/x').kind, 'webhook');
});
