import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixture, fixtureLines, mainFields, normalizeAt } from './helpers';

const kubernetesDir = 'k8s-wrapped/fluent-bit_tests_runtime_data_kubernetes/';
const dockerLine = (path: string, index = 0): string => fixtureLines(kubernetesDir + path)[index] as string;
/** Fluent Bit's expected outputs are `[epoch, record]`; Kafka carries the record. */
const fluentBitRecord = (path: string): string =>
  JSON.stringify((JSON.parse(dockerLine(path)) as unknown[])[1]);

describe('docker json-file envelopes', () => {
  test('plain text log: trailing newline dropped, docker time used, stream kept', () => {
    const event = normalizeAt(dockerLine('log/core/core_base_fluent-bit.log'), '2019-04-01T17:58:40Z');
    assert.deepEqual(mainFields(event), {
      '@timestamp': '2019-04-01T17:58:33.598Z',
      timestampSource: 'log',
      level: 'unknown',
      message: 'Fluent Bit is logging',
    });
    assert.deepEqual(event.attrs, { stream: 'stdout' });
    assert.equal(event.kubernetes, undefined);
  });

  test('JSON log inside: unwrapped, its fields become attrs, no message key gives an empty message', () => {
    const event = normalizeAt(
      dockerLine('log/options/options_merge-log-enabled_json.log'),
      '2019-04-01T17:58:40Z',
    );
    assert.equal(event.message, '');
    assert.deepEqual(event.attrs, { stream: 'stdout', text: 'Simple text' });
  });

  test('heavily escaped stringified JSON inside is decoded exactly once', () => {
    const event = normalizeAt(dockerLine('log/core/core_unescaping_json.log'), '2019-04-01T17:58:40Z');
    assert.equal(event.attrs['stringified-json'], '{"stringified-json":"{\\"stringified-json\\":\\"\\"}"}');
    assert.equal(event.attrs.text, 'quoted "text with embedded quoted \\"text\\""');
  });

  test('invalid JSON inside is plain text', () => {
    const event = normalizeAt(
      dockerLine('log/options/options_merge-log-enabled_invalid-json.log'),
      '2019-04-01T17:58:40Z',
    );
    assert.equal(event.message, '{"text":"Simple text"]');
    assert.deepEqual(event.attrs, { stream: 'stdout' });
  });

  test("the inner log's own fields win over the envelope's", () => {
    const inner = JSON.stringify({
      time: '2019-04-01T17:58:30.000Z',
      level: 'warn',
      msg: 'inner',
      stream: 'mine',
    });
    const envelope = JSON.stringify({
      log: `${inner}\n`,
      stream: 'stderr',
      time: '2019-04-01T17:58:33.598656444Z',
      level: 'info',
    });
    const event = normalizeAt(envelope, '2019-04-01T17:58:40Z');
    assert.deepEqual(mainFields(event), {
      '@timestamp': '2019-04-01T17:58:30.000Z',
      timestampSource: 'log',
      level: 'warn',
      message: 'inner',
    });
    assert.deepEqual(event.attrs, { stream: 'mine', time: '2019-04-01T17:58:33.598656444Z', level: 'info' });
  });

  test('the envelope supplies what the inner log lacks (time, level merged by Fluent Bit)', () => {
    const envelope = JSON.stringify({
      log: 'connection reset\n',
      stream: 'stderr',
      time: '2019-04-01T17:58:33Z',
      level: 'error',
    });
    const event = normalizeAt(envelope, '2019-04-01T17:58:40Z');
    assert.deepEqual(
      [event['@timestamp'], event.level, event.message],
      ['2019-04-01T17:58:33.000Z', 'error', 'connection reset'],
    );
  });
});

describe('Fluent Bit Kubernetes records', () => {
  test('kubernetes metadata: namespace, pod, container, host; the rest kept under attrs.kubernetes', () => {
    const event = normalizeAt(fluentBitRecord('out/core/core_base_fluent-bit.out'), '2019-04-01T17:58:40Z');
    assert.deepEqual(event.kubernetes, {
      namespace: 'core',
      pod: 'base',
      container: 'fluent-bit',
      host: 'ip-10-49-18-80.eu-west-1.compute.internal',
    });
    assert.deepEqual(mainFields(event), {
      '@timestamp': '2019-04-01T17:58:40.000Z',
      timestampSource: 'kafka',
      level: 'unknown',
      message: 'Fluent Bit is logging',
      service: 'fluent-bit',
    });
    const rest = event.attrs.kubernetes as Record<string, unknown>;
    assert.deepEqual(rest.labels, { 'app.kubernetes.io/name': 'fluent-bit' });
    assert.equal(rest.container_image, 'fluent/fluent-bit:latest');
    assert.equal(rest.pod_name, undefined);
    assert.equal(event.attrs.stream, 'stdout');
  });

  test('a record without host still gives the other three', () => {
    const event = normalizeAt(fluentBitRecord('out/core/core_no-meta_text.out'));
    assert.deepEqual(event.kubernetes, { namespace: 'core', pod: 'no-meta', container: 'text' });
    assert.equal(event.attrs.kubernetes, undefined);
    assert.equal(event.message, 'Simple text');
  });

  test('Merge_Log with Keep_Log off: no `log`, merged keys at the top, metadata still read', () => {
    const event = normalizeAt(fluentBitRecord('out/options/options_keep-log-disabled_json.out'));
    assert.deepEqual(event.kubernetes, { namespace: 'options', pod: 'keep-log-disabled', container: 'json' });
    assert.equal(event.service, 'json');
    assert.deepEqual(event.attrs, { stream: 'stdout', text: 'Simple text' });
  });

  test('an explicit service wins over the container name', () => {
    const record = JSON.parse(fluentBitRecord('out/core/core_no-meta_text.out')) as Record<string, unknown>;
    record.log = '{"msg":"hi","service":"checkout"}\n';
    assert.equal(normalizeAt(JSON.stringify(record)).service, 'checkout');
  });

  test('journald record through Fluent Bit: MESSAGE, PRIORITY, CODE_FILE/CODE_LINE', () => {
    const event = normalizeAt(fluentBitRecord('out/kairosdb-914055854-b63vq.out'));
    assert.deepEqual(mainFields(event), {
      '@timestamp': '2024-01-01T00:00:00.000Z',
      timestampSource: 'kafka',
      level: 'info',
      message: '08:58:45.839 [qtp151442075-47] DEBUG [HttpParser.java:281] - filled 157/157',
      pathname: 'filter_kubernetes.c',
      lineno: 456,
      service: 'kairosdb',
    });
    assert.equal(event.kubernetes?.namespace, 'default');
    assert.equal(event.attrs._HOSTNAME, 'cube');
    assert.equal(event.attrs.MESSAGE, undefined);
  });

  test('multi-line CRI-prefixed Java trace in `log`: error, with Fluent Bit `date` as the time', () => {
    const [record] = JSON.parse(
      fixture('k8s-wrapped/fluent-bit__tests_internal_data_avro_multiline.json'),
    ) as unknown[];
    const event = normalizeAt(JSON.stringify(record), '2020-08-19T21:06:30Z');
    assert.deepEqual(
      [event['@timestamp'], event.timestampSource, event.level, event.service],
      ['2020-08-19T21:06:25.922Z', 'log', 'error', 'tb1'],
    );
    assert.match(event.message, /^2020-08-19T21:06:24.337499838Z stderr F hdfsExists/);
    assert.equal(event.kubernetes?.pod, 'rrrr-bert-completion-tb1-6786c9c8-wj25m');
  });
});
