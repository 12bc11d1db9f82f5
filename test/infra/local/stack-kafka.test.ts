// `sluice stack --kafka`: the local stack serves librdkafka's mock cluster too and exports its
// brokers, which `sluice produce`, `consume` and `record` then use without --brokers.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { endpointAnswers } from '../../../infra/local/endpoint-answers';
import { testStackEnv, uniqueName } from '../../helpers/local-stack';
import { runSluice, spawnSluice } from '../../helpers/sluice-process';

describe('sluice stack --kafka', () => {
  test('serves the mock cluster, exports SLUICE_KAFKA_BROKERS for the Kafka tools, and stops it on Ctrl-C', async () => {
    // The test stack's endpoints are named, so only the mock cluster is started.
    const stackEnv = await testStackEnv();
    const { child, done } = spawnSluice(['stack', '--kafka'], stackEnv);
    const exports: Record<string, string> = {};
    const stdout = child.stdout;
    assert.ok(stdout);
    for await (const line of createInterface({ input: stdout })) {
      const match = /^export ([A-Z0-9_]+)=(.*)$/.exec(line);
      assert.ok(match, `not an export line: ${line}`);
      exports[match[1] as string] = match[2] as string;
      if (match[1] === 'SLUICE_KAFKA_BROKERS') break;
    }
    const brokers = (exports.SLUICE_KAFKA_BROKERS ?? '').split(',');
    assert.equal(brokers.length, 3);
    try {
      const topic = uniqueName('stack-kafka');
      const produced = await runSluice(['produce', '--topic', topic, '--duration', '0.5'], {
        ...stackEnv,
        SLUICE_KAFKA_BROKERS: brokers.join(','),
      });
      assert.equal(produced.code, 0, produced.stderr);
      assert.match(produced.stdout, new RegExp(`to ${topic} at ${brokers.join(',')}`));
      const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      const offsets = await admin.fetchTopicOffsets(topic);
      await admin.disconnect();
      assert.equal(
        offsets.reduce((sum, p) => sum + Number(p.high), 0),
        Number(/(\d+) records written/.exec(produced.stdout)?.[1]),
      );
    } finally {
      child.kill('SIGINT');
      await once(child, 'exit');
    }
    const run = await done;
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /Kafka mock cluster \(kcat, in memory, a test broker\) at 127\.0\.0\.1:\d+/);
    for (const broker of brokers) assert.equal(await endpointAnswers(`tcp://${broker}`), false, broker);
  });

  test('without kcat: one line that says what to install, before anything is started', async () => {
    const run = await runSluice(['stack', '--kafka'], { ...(await testStackEnv()), PATH: '/nonexistent' });
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr,
      "sluice stack: the Kafka mock cluster is started by kcat (librdkafka's test broker), which is not installed; run: sudo apt-get install -y --no-install-recommends kcat\n",
    );
    assert.equal(run.stdout, '');
  });
});
