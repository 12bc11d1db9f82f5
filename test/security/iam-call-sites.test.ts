// The call-site reader of the IAM derivation (test/security/iam.test.ts) reads literals, and says
// where it cannot, rather than guess: checked here on small modules written for the purpose.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { root } from '../deploy/package';
import {
  calledFunctions,
  clientImporters,
  httpRequests,
  memberReads,
  transactionParts,
} from './support/call-sites';

const folder = join('test-output', 'iam-call-sites');
let count = 0;

/** Writes `source` as a module under test-output and returns its path relative to the root. */
function moduleOf(source: string): string {
  mkdirSync(join(root, folder), { recursive: true });
  count += 1;
  const path = join(folder, `module-${process.pid}-${count}.ts`);
  writeFileSync(join(root, path), source);
  return path;
}

describe('IAM call sites', () => {
  test('OpenSearch requests: literal method and path, `*` where the path has a substitution', () => {
    const module = moduleOf(`
      await sendRequest(client, { method: 'POST', path: '/_bulk', body });
      await sendRequest(client, { method: 'PUT', path: \`/_index_template/\${name}\` });
    `);
    assert.deepEqual(
      httpRequests([module]).map(({ method, path }) => `${method} ${path}`),
      ['POST /_bulk', 'PUT /_index_template/*'],
    );
  });

  test('a request it cannot read, or the transport called outside sendRequest, is an error', () => {
    const computed = moduleOf(`await sendRequest(client, { method, path: '/_bulk' });`);
    assert.throws(() => httpRequests([computed]), /module-\d+-\d+\.ts:1: sendRequest with a method or path/);
    const direct = moduleOf(
      `const answer = await client.transport.request({ method: 'DELETE', path: '/' });`,
    );
    assert.throws(() => httpRequests([direct]), /calls the OpenSearch transport outside sendRequest/);
    const door = moduleOf(
      `export async function sendRequest(client, params) { return client.transport.request(params); }`,
    );
    assert.deepEqual(httpRequests([door]), []);
  });

  test('transaction parts are read from the item literals; anything else is an error', () => {
    const module = moduleOf(`
      new TransactWriteItemsCommand({ TransactItems: [{ Put: a }, { ConditionCheck: b }, { Put: c }] });
    `);
    assert.deepEqual(transactionParts([module]), ['ConditionCheck', 'Put']);
    const computed = moduleOf(`new TransactWriteItemsCommand({ TransactItems: items });`);
    assert.throws(() => transactionParts([computed]), /TransactItems is not an array literal/);
  });

  test('called functions and member reads, by name', () => {
    const module = moduleOf(`const key = deadLetterKey(reason, place, Area.redriven); archiveKeys.map(f);`);
    assert.deepEqual(calledFunctions([module], ['archiveKey', 'deadLetterKey']), ['deadLetterKey']);
    assert.equal(memberReads([module], 'Area', 'redriven').length, 1);
    assert.deepEqual(memberReads([module], 'Area', 'archive'), []);
  });

  test('what can hold a client: its Client, or any value of the package; not its other types', () => {
    const client = moduleOf(`import type { Client } from '@opensearch-project/opensearch';`);
    const value = moduleOf(`import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws-v3';`);
    const types = moduleOf(`import type { API } from '@opensearch-project/opensearch';`);
    const namedTypes = moduleOf(`import { type API, type Types } from '@opensearch-project/opensearch';`);
    assert.deepEqual(clientImporters([client, value, types, namedTypes], '@opensearch-project/opensearch'), [
      client,
      value,
    ]);
  });
});
