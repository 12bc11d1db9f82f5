// Opt-in: the index-path contract and setup against a real OpenSearch cluster. Set
// OPENSEARCH_TEST_URL to a disposable cluster (e.g. http://localhost:9200 from infra/local); every
// index, template and policy it writes carries a per-run prefix and is deleted afterwards.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Client } from '@opensearch-project/opensearch';
import { runOpenSearchSetup } from '../../../../cli/opensearch/run-setup';
import { renderOpenSearchAssets } from '../../../../infra/opensearch/assets';
import { createOpenSearchClient } from '../../../../shared/adapters/opensearch/client';
import { sendRequest } from '../../../../shared/adapters/opensearch/client-transport';
import { loadConfig, type SluiceConfig } from '../../../../shared/config';
import { indexingContract } from './contract';

const url = process.env.OPENSEARCH_TEST_URL;
const skip = url
  ? false
  : 'OPENSEARCH_TEST_URL is not set: set it to a disposable OpenSearch 2.7+ cluster (e.g. http://localhost:9200) to run this suite against real OpenSearch';

describe('index path contract, against a real cluster (OPENSEARCH_TEST_URL)', { skip }, () => {
  const run = randomUUID().slice(0, 8);
  let config: SluiceConfig;
  let client: Client;

  before(() => {
    config = loadConfig({
      OPENSEARCH_URL: url,
      AWS_REGION: process.env.AWS_REGION,
      OPENSEARCH_SIGNING: process.env.OPENSEARCH_TEST_SIGNING,
    });
    client = createOpenSearchClient({
      node: config.opensearch.url ?? '',
      signing: config.opensearch.signing,
      region: config.region,
      requestTimeoutMs: 30_000,
      concurrency: 2,
    });
  });
  after(() => client?.close());

  indexingContract(() => ({ client, prefix: (name) => `sluice-test-${run}-${name}-` }));

  test('setup applies the template and the ISM policy, and a re-run changes nothing', async () => {
    const prefix = `sluice-test-${run}-setup-`;
    const scoped = {
      ...config,
      opensearch: { ...config.opensearch, indexPrefix: prefix },
      dashboardsUrl: undefined,
    };
    const assets = renderOpenSearchAssets(prefix, 86_400_000);
    try {
      const first = await runOpenSearchSetup(scoped, { retentionMs: 86_400_000 });
      assert.equal(first[0]?.action, 'created');
      assert.ok(['created', 'skipped'].includes(first[1]?.action ?? ''), JSON.stringify(first[1]));
      const second = await runOpenSearchSetup(scoped, { retentionMs: 86_400_000 });
      assert.equal(second[0]?.action, 'unchanged');
      assert.ok(['unchanged', 'skipped'].includes(second[1]?.action ?? ''), JSON.stringify(second[1]));
    } finally {
      await sendRequest(client, { method: 'DELETE', path: `/_index_template/${assets.templateName}` });
      await sendRequest(client, { method: 'DELETE', path: `/_plugins/_ism/policies/${assets.policyId}` });
    }
  });
});
