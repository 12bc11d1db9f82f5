import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CUT_MARK, messageTemplate, TEMPLATE_INPUT_LIMIT } from '../../../shared/rules/message-template';
import { fixtureLines } from '../logs/helpers';

/** A JSON log's `msg` or `message` field (test/fixtures/logs, sources in each folder's SOURCES.txt). */
const messageOf = (line: string): string => {
  const log = JSON.parse(line) as { msg?: unknown; message?: unknown };
  const message = log.msg ?? log.message;
  return typeof message === 'string' ? message : '';
};
const kafkaController = fixtureLines('plain-text/elastic-examples__kafka0_controller.log.2016-12-19-18');
const kafkaServer = fixtureLines('plain-text/elastic-examples__kafka1_server.log.2016-12-19-20');
const apache = fixtureLines('plain-text/elastic-examples__apache_logs.head400.log');
const syslog = fixtureLines('plain-text/lnav__logfile_syslog.0');
const bunyan = fixtureLines('json-app/lnav__logfile_bunyan.0').map(messageOf);
const ecs = fixtureLines('json-app/lnav__logfile_ecs_log.json').map(messageOf);
const powertools = fixtureLines('json-app/derived__powertools_logger_records.ndjson').map(messageOf);
const zap = fixtureLines('json-app/lnav__logfile_zap_console.0');

describe("messageTemplate on the issue's examples", () => {
  test('ids and quoted values vary within one template; other words make another', () => {
    const a = messageTemplate("order 12345 failed for 'bob@x.io'");
    assert.equal(a, 'order <num> failed for <str>');
    assert.equal(messageTemplate("order 99 failed for 'amy@y.io'"), a);
    assert.equal(messageTemplate('order 12 refunded'), 'order <num> refunded');
  });
});

describe('messageTemplate on real log messages', () => {
  const table: ReadonlyArray<readonly [string, string | undefined, string]> = [
    [
      'Kafka broker: thread numbers, an object hash, a log4j time',
      kafkaServer.find((line) => line.includes('FetchRequest@71b25ec9')),
      '[<time>] WARN [ReplicaFetcherThread-<num>-<num>], Error in fetch kafka.server.ReplicaFetcherThread$FetchRequest@<num> (kafka.server.ReplicaFetcherThread)',
    ],
    [
      'a Java exception header',
      kafkaServer.find((line) => line.startsWith('java.io.IOException: Connection to 0')),
      'java.io.IOException: Connection to <num> was disconnected before the response was read',
    ],
    [
      'a Scala frame: the line number varies, the frame does not',
      kafkaServer.find((line) => line.includes('ShutdownableThread.run')),
      '\tat kafka.utils.ShutdownableThread.run(ShutdownableThread.scala:<num>)',
    ],
    [
      'digits glued to a name stay (kafka1), an apostrophe inside a word is no quote',
      kafkaController.find((line) => line.includes("Controller 0's connection to broker kafka1:9092")),
      "[<time>] WARN [Controller-<num>-to-broker-<num>-send-thread], Controller <num>'s connection to broker kafka1:<num> (id: <num> rack: null) was unsuccessful (kafka.controller.RequestSendThread)",
    ],
    [
      'Apache access log: an IPv4 client, a quoted request, URL and user agent',
      apache[0],
      '<ip> - - [<num>/May/<num>:<num>:<num>:<num> +<num>] <str> <num> <num> <str> <str>',
    ],
    [
      'syslog: a pid in brackets',
      syslog[0],
      'Nov  <num> <num>:<num>:<num> veridian automount[<num>]: lookup(file): lookup for foobar failed',
    ],
    ['bunyan: a count', bunyan.find((m) => m.startsWith('Found 3')), 'Found <num> package file(s)'],
    [
      'bunyan: a version is one number',
      bunyan.find((m) => m.startsWith('Release 2.10.0')),
      'Release <num> is pending status checks',
    ],
    [
      'ECS python: key=value',
      ecs.find((m) => m.includes('error message')),
      'this is a error message num=<num>',
    ],
    [
      'Powertools: a URL path keeps its words, its numbers vary',
      powertools.find((m) => m.includes('httpbin.org')),
      '<num> Server Error: INTERNAL SERVER ERROR for url: http://httpbin.org/status/<num>',
    ],
    [
      'Powertools: a number before a unit',
      powertools.find((m) => m.includes('50%')),
      'This log has ~<num>% chance of being emitted',
    ],
    [
      'zap console: ISO time, file:line, JSON keys and values in double quotes',
      zap.find((line) => line.includes('Exporting failed')),
      '<time>\terror\tinternal/queue_sender.go:<num>\tExporting failed. Dropping data.\t{<str>: <str>, <str>: <str>, <str>: <str>, <str>: <str>, <str>: <num>}',
    ],
  ];
  for (const [name, message, expected] of table) {
    test(name, () => {
      assert.ok(message !== undefined, `fixture line for ${name}`);
      assert.equal(messageTemplate(message), expected);
    });
  }

  test('the Kafka controller log: 169 warnings and exceptions are 8 templates', () => {
    const lines = kafkaController.filter((line) => /WARN|ERROR|Exception/.test(line));
    assert.equal(lines.length, 169);
    assert.equal(new Set(lines.map(messageTemplate)).size, 8);
  });

  test('every bunyan "Release x.y.z is pending" message is one template', () => {
    const releases = bunyan.filter((m) => m.startsWith('Release '));
    assert.ok(releases.length >= 3);
    assert.deepEqual([...new Set(releases.map(messageTemplate))], ['Release <num> is pending status checks']);
  });
});

describe('messageTemplate: each kind of variable part', () => {
  const table: ReadonlyArray<readonly [string, string]> = [
    ['retry 3 of 5 after 1500ms (2.5s)', 'retry <num> of <num> after <num>ms (<num>s)'],
    ['user42 on utf8 via log4j: 7 rows', 'user42 on utf8 via log4j: <num> rows'],
    ['request 3f2a9c1b-1d2e-4f00-9a1b-0123456789ab not found', 'request <uuid> not found'],
    ['trace 6c9bb6b3e3d983f9432d048419e7ae03 span 162692cf4dc66d24', 'trace <num> span <num>'],
    ['0xDEADBEEF CAFE1234 deadbeefcafe DeadBeef12', '<num> <num> deadbeefcafe DeadBeef12'],
    ['from 10.0.0.12:5432 and 192.168.1.1.', 'from <ip>:<num> and <ip>.'],
    ['peer fe80::1ff:fe23:4567:890a, ::1, ::ffff:192.0.2.128', 'peer <ip>, <ip>, <ip>'],
    ['full 2001:db8:85a3:0:0:8a2e:370:7334 ok', 'full <ip> ok'],
    ['std::vector and Foo::bar are code', 'std::vector and Foo::bar are code'],
    ['mail bob.smith+tag@mail.example.co.uk now', 'mail <email> now'],
    [
      'GET https://api.x.io/v2/users/42?token=abc&page=2#top took 5000ms',
      'GET https://api.x.io/v2/users/<num>?<query> took <num>ms',
    ],
    ['see https://docs.x.io/guide#setup', 'see https://docs.x.io/guide#setup'],
    ["it's done, don't 'quoted' \"dq\" x='y'", "it's done, don't <str> <str> x=<str>"],
    ['at 2024-05-01T12:00:03.123Z and 2018-08-19 16:41:41,123+0200', 'at <time> and <time>'],
    ['version v1.2.3 and 1.2.3', 'version v1.2.3 and <num>'],
  ];
  for (const [message, expected] of table) {
    test(JSON.stringify(message), () => assert.equal(messageTemplate(message), expected));
  }
});

describe('messageTemplate on long and hostile lines', () => {
  test(`reads the first ${TEMPLATE_INPUT_LIMIT} characters of a 64 KB line, and says it cut`, () => {
    const head = 'order 1 failed ';
    const template = messageTemplate(`${head}${'x'.repeat(65_536)}`);
    assert.equal(template, `order <num> failed ${'x'.repeat(TEMPLATE_INPUT_LIMIT - head.length)}${CUT_MARK}`);
    assert.equal(messageTemplate(`order 2 failed ${'x'.repeat(65_536)}`), template);
  });

  test('64 KB of what each pattern starts with gives a bounded, well-formed template', () => {
    const unit = ['1:', "' ", '"a', 'a@', 'a.', '1.', 'ab12', 'ffff:', 'a::', '1-', 'http://a?'];
    for (const piece of unit) {
      const template = messageTemplate(piece.repeat(65_536 / piece.length));
      assert.ok(template.length <= TEMPLATE_INPUT_LIMIT * 4, `${piece}: ${template.length}`);
      assert.equal(template, template.toWellFormed());
    }
  });

  test('a cut through a surrogate pair leaves no lone surrogate', () => {
    const template = messageTemplate(`${'a'.repeat(TEMPLATE_INPUT_LIMIT - 1)}😀 tail`);
    assert.equal(template, template.toWellFormed());
  });
});
