import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  levelFromName,
  levelFromPino,
  levelFromPython,
  levelFromSyslog,
  readLevel,
} from '../../../shared/logs/level';

describe('levelFromName', () => {
  const table: ReadonlyArray<readonly [string, string | undefined]> = [
    ['trace', 'trace'],
    ['TRACE', 'trace'],
    ['debug', 'debug'],
    ['DEBUG5', 'debug'],
    ['info', 'info'],
    ['Info', 'info'],
    ['notice', 'info'],
    ['NOTICE', 'info'],
    ['information', 'info'],
    ['warn', 'warn'],
    ['WARNING', 'warn'],
    ['wArNiNg', 'warn'],
    ['error', 'error'],
    ['err', 'error'],
    ['ERR', 'error'],
    ['fatal', 'fatal'],
    ['critical', 'fatal'],
    ['CRITICAL', 'fatal'],
    ['crit', 'fatal'],
    ['alert', 'fatal'],
    ['emerg', 'fatal'],
    ['emergency', 'fatal'],
    ['panic', 'fatal'],
    ['dpanic', 'error'],
    ['STATS', undefined],
    ['DEFAULT', undefined],
    ['', undefined],
    ['5', undefined],
    ['informational-but-much-too-long', undefined],
  ];
  for (const [name, expected] of table) {
    test(`${JSON.stringify(name)} -> ${expected}`, () => assert.equal(levelFromName(name), expected));
  }
});

describe('numeric scales', () => {
  const scales = [
    ['pino / bunyan: 10..60', levelFromPino, [10, 20, 30, 40, 50, 60, 35, 70, 9, 0]],
    ['python levelno: 10..50', levelFromPython, [5, 10, 20, 30, 40, 50, 0, Number.NaN]],
    ['syslog severity: 0..7', levelFromSyslog, [0, 1, 2, 3, 4, 5, 6, 7, 8, -1, 2.5]],
  ] as const;
  const expected: Record<string, ReadonlyArray<string | undefined>> = {
    'pino / bunyan: 10..60': [
      'trace',
      'debug',
      'info',
      'warn',
      'error',
      'fatal',
      'info',
      'fatal',
      undefined,
      undefined,
    ],
    'python levelno: 10..50': ['trace', 'debug', 'info', 'warn', 'error', 'fatal', undefined, undefined],
    'syslog severity: 0..7': [
      'fatal',
      'fatal',
      'fatal',
      'error',
      'warn',
      'info',
      'info',
      'debug',
      undefined,
      undefined,
      undefined,
    ],
  };
  for (const [name, scale, inputs] of scales) {
    test(name, () =>
      assert.deepEqual(
        inputs.map((n) => scale(n)),
        expected[name],
      ),
    );
  }
});

describe('readLevel', () => {
  const table: ReadonlyArray<readonly [string, Record<string, unknown>, string | undefined, string[]]> = [
    ['pino number', { level: 50 }, 'error', ['level']],
    ['string level', { level: 'WARNING' }, 'warn', ['level']],
    ['ECS dotted log.level', { 'log.level': 'critical' }, 'fatal', ['log.level']],
    ['python levelname', { levelname: 'ERROR', levelno: 40 }, 'error', ['levelname']],
    ['python levelno alone', { levelno: 30 }, 'warn', ['levelno']],
    ['syslog numeric severity', { severity: 3 }, 'error', ['severity']],
    ['string severity (GCP)', { severity: 'NOTICE' }, 'info', ['severity']],
    ['journald PRIORITY', { PRIORITY: '4' }, 'warn', ['PRIORITY']],
    ['ECS nested log.level, left in place', { log: { level: 'debug' } }, 'debug', []],
    ['an unknown level name falls through', { level: 'STATS', levelno: 20 }, 'info', ['levelno']],
    ['none', { lvl: 'INFO' }, undefined, []],
  ];
  for (const [name, log, expected, consumed] of table) {
    test(name, () => {
      const used: string[] = [];
      assert.equal(readLevel(log, used), expected);
      assert.deepEqual(used, consumed);
    });
  }
});
