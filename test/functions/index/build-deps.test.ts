import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { buildIndexDeps } from '../../../functions/index/build-deps';
import { indexBatch } from '../../../functions/index/index-batch';
import { endpointUrl, resolveOpenSearchUrl } from '../../../shared/adapters/opensearch/endpoint';
import { loadConfig } from '../../../shared/config';
import { ConfigError, TransientSinkError } from '../../../shared/errors';
import { OpenSearchDouble } from '../../helpers/opensearch-double';
import { readRecords, simulatedRecords } from '../../shared/adapters/opensearch/batches';

let double: OpenSearchDouble;
before(async () => {
  double = await OpenSearchDouble.start();
});
after(() => double.close());

const budget = { remainingMs: () => 60_000 };
const credentials = async () => ({
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
});

describe('buildIndexDeps', () => {
  test('undefined when OpenSearch is not configured', async () => {
    assert.equal(await buildIndexDeps(loadConfig({})), undefined);
  });

  test('an index prefix OpenSearch would refuse is a ConfigError naming the variable', async () => {
    await assert.rejects(
      buildIndexDeps(loadConfig({ OPENSEARCH_URL: double.url, OPENSEARCH_INDEX_PREFIX: 'Logs-' })),
      {
        name: 'ConfigError',
        message: /OPENSEARCH_INDEX_PREFIX must be lower case/,
      },
    );
  });

  test('a plain URL: no signing; bodies gzip-compressed; indexes through the configured chunk size', async () => {
    const deps = await buildIndexDeps(
      loadConfig({ OPENSEARCH_URL: double.url, OPENSEARCH_CHUNK_BYTES: '20000' }),
    );
    assert.ok(deps);
    try {
      double.clearRequests();
      const report = await indexBatch(readRecords(simulatedRecords(100, { topic: 'plain' })), deps, budget);
      assert.equal(report.indexed, 100);
      const requests = double.bulkRequests();
      assert.ok(requests.length > 1);
      for (const request of requests) {
        assert.equal(request.headers.authorization, undefined);
        assert.equal(request.headers['content-encoding'], 'gzip');
        assert.ok(request.bodyBytes <= 20_000);
      }
    } finally {
      await deps.close();
    }
  });

  test('es signing: every request carries a SigV4 signature over the compressed body', async () => {
    const config = loadConfig({
      OPENSEARCH_URL: double.url,
      OPENSEARCH_SIGNING: 'es',
      AWS_REGION: 'eu-west-1',
    });
    const deps = await buildIndexDeps(config, { getCredentials: credentials });
    assert.ok(deps);
    try {
      double.clearRequests();
      await indexBatch(readRecords(simulatedRecords(10, { topic: 'signed' })), deps, budget);
      const [request] = double.bulkRequests();
      assert.match(
        String(request?.headers.authorization),
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/es\/aws4_request, SignedHeaders=[^,]*content-encoding[^,]*, Signature=[0-9a-f]{64}$/,
      );
      assert.ok(request?.headers['x-amz-date']);
      assert.equal(request?.headers['content-encoding'], 'gzip');
    } finally {
      await deps.close();
    }
  });

  test('aoss signing: the signed payload hash (x-amz-content-sha256) is of the gzip bytes on the wire', async () => {
    const hashes: boolean[] = [];
    // A stand-in endpoint that checks the hash against the raw body, then answers "created".
    const endpoint = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        hashes.push(
          createHash('sha256').update(body).digest('hex') === request.headers['x-amz-content-sha256'],
        );
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ errors: false, items: [{ create: { _id: 'a', status: 201 } }] }));
      });
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    const { port } = endpoint.address() as AddressInfo;
    const config = loadConfig({
      OPENSEARCH_URL: `http://127.0.0.1:${port}`,
      OPENSEARCH_SIGNING: 'aoss',
      AWS_REGION: 'eu-west-1',
    });
    const deps = await buildIndexDeps(config, { getCredentials: credentials });
    assert.ok(deps);
    try {
      const { outcomes } = await deps.writer.write(
        [{ index: 'i', id: 'a', source: { message: 'x' } }],
        budget,
      );
      assert.deepEqual(outcomes, [{ kind: 'indexed', existed: false, quarantined: false }]);
      assert.deepEqual(hashes, [true]);
    } finally {
      await deps.close();
      endpoint.close();
    }
  });

  test('a domain name is resolved through DescribeDomain (injected here)', async () => {
    const asked: string[] = [];
    const deps = await buildIndexDeps(loadConfig({ OPENSEARCH_DOMAIN: 'logs' }), {
      describeDomain: async (name) => {
        asked.push(name);
        return { DomainName: name, Endpoints: { vpc: 'vpc-logs-abc.eu-west-1.es.amazonaws.com' } };
      },
      getCredentials: credentials,
    });
    assert.ok(deps);
    assert.deepEqual(asked, ['logs']);
    await deps.close();
  });
});

describe('endpoint resolution', () => {
  test('the VPC endpoint wins, then the public one, then dual-stack', () => {
    assert.equal(
      endpointUrl({ Endpoint: 'search-a.es.amazonaws.com', Endpoints: { vpc: 'vpc-a.es.amazonaws.com' } }),
      'https://vpc-a.es.amazonaws.com',
    );
    assert.equal(endpointUrl({ Endpoint: 'search-a.es.amazonaws.com' }), 'https://search-a.es.amazonaws.com');
    assert.equal(
      endpointUrl({ EndpointV2: 'search-a.aos.eu-west-1.on.aws' }),
      'https://search-a.aos.eu-west-1.on.aws',
    );
  });

  test('a domain still being created, or being deleted, is a ConfigError that says so', () => {
    assert.throws(() => endpointUrl({ DomainName: 'logs' }), /logs has no endpoint yet/);
    assert.throws(() => endpointUrl({ DomainName: 'logs', Deleted: true, Endpoint: 'x' }), /being deleted/);
  });

  test('OPENSEARCH_URL wins over a domain; an unknown domain is a ConfigError, a failed lookup is transient', async () => {
    const never = async () => assert.fail('not looked up');
    assert.equal(
      await resolveOpenSearchUrl({ url: 'http://localhost:9200', domainName: 'logs' }, never),
      'http://localhost:9200',
    );
    assert.equal(await resolveOpenSearchUrl({ url: undefined, domainName: undefined }, never), undefined);
    const notFound = Object.assign(new Error('Domain not found: logs'), {
      name: 'ResourceNotFoundException',
    });
    await assert.rejects(
      resolveOpenSearchUrl({ url: undefined, domainName: 'logs' }, async () => {
        throw notFound;
      }),
      (error: unknown) => error instanceof ConfigError && /check OPENSEARCH_DOMAIN/.test(error.message),
    );
    await assert.rejects(
      resolveOpenSearchUrl({ url: undefined, domainName: 'logs' }, async () => {
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      }),
      (error: unknown) => error instanceof TransientSinkError,
    );
  });
});
