// `sluice replay` with a `type: new` rule over real-looking logs whose messages carry varying ids
// (order numbers, e-mail addresses, IPs, UUIDs): one new-error alert per real kind of error, and a
// second replay of the same files raises none.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ReplayTotals } from '../../cli/commands/replay';
import { toMskEvent } from '../../cli/sim/msk-event';
import { freshBucket, freshTable, testStackEnv } from '../helpers/local-stack';
import { runSluice } from '../helpers/sluice-process';

const RULES = `rules:
  - name: new-error
    type: new
    where: { level: [error, fatal] }
    fingerprint: [service, pathname, message]
    lookback: 7d
`;

/** A python-json-logger line of the payments service. */
const line = (at: number, levelname: string, pathname: string, lineno: number, message: string) =>
  JSON.stringify({
    asctime: new Date(at).toISOString(),
    levelname,
    name: 'payments',
    service: 'payments',
    pathname,
    lineno,
    message,
  });

function writeEvents(dir: string, started: number): void {
  for (let file = 0; file < 3; file += 1) {
    const values: string[] = [];
    for (let i = 0; i < 40; i += 1) {
      const n = file * 40 + i;
      const at = started + n * 250;
      values.push(
        line(
          at,
          'ERROR',
          '/srv/app/orders.py',
          88,
          `order ${48_000 + n} failed for 'customer${n}@mail.example'`,
        ),
        line(
          at,
          'ERROR',
          '/srv/app/db.py',
          31,
          `could not connect to 10.20.${n % 250}.4:5432 after ${(n % 5) + 1} attempts`,
        ),
        line(
          at,
          'CRITICAL',
          '/srv/app/users.py',
          12,
          `user ${crypto.randomUUID()} not found in tenant 0x${(0xabc000 + n).toString(16)}`,
        ),
        line(at, 'INFO', '/srv/app/orders.py', 40, `order ${48_000 + n} accepted`),
      );
    }
    const event = toMskEvent(
      values.map((value, offset) => ({
        topic: 'logs',
        partition: file,
        offset,
        timestamp: started + offset,
        value,
      })),
    );
    writeFileSync(join(dir, `batch-${file}.json`), JSON.stringify(event));
  }
}

test('a replay raises one new-error alert per real kind of error; a second replay raises none', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-new-errors-'));
  const rules = join(dir, 'rules.yml');
  writeFileSync(rules, RULES);
  const events = join(dir, 'events');
  mkdirSync(events);
  writeEvents(events, Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const env = {
    ...(await testStackEnv()),
    SLUICE_BUCKET: await freshBucket(),
    SLUICE_TABLE: await freshTable(),
  };

  const first = await runSluice(['replay', events, '--rules', rules, '--json'], env);
  assert.equal(first.code, 0, first.stderr);
  const report = JSON.parse(first.stdout) as ReplayTotals;
  assert.equal(report.accepted, 480);
  assert.deepEqual(report.alerts.map((alert) => alert.group).sort(), [
    'payments · /srv/app/db.py · could not connect to <ip>:<num> after <num> attempts',
    'payments · /srv/app/orders.py · order <num> failed for <str>',
    'payments · /srv/app/users.py · user <uuid> not found in tenant <num>',
  ]);

  const second = await runSluice(['replay', events, '--rules', rules, '--json'], env);
  assert.equal(second.code, 0, second.stderr);
  assert.deepEqual((JSON.parse(second.stdout) as ReplayTotals).alerts, []);
});
