import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { runOpenSearchSetup } from '../../../cli/opensearch/run-setup';
import { renderOpenSearchAssets } from '../../../infra/opensearch/assets';
import { indexTemplate } from '../../../infra/opensearch/index-template';
import { ismPolicy } from '../../../infra/opensearch/ism-policy';
import { loadConfig } from '../../../shared/config';
import { OpenSearchDouble } from '../../helpers/opensearch-double';

const root = join(__dirname, '..', '..', '..');
let double: OpenSearchDouble;

before(async () => {
  double = await OpenSearchDouble.start();
});
after(() => double.close());

const configFor = (env: Record<string, string> = {}) =>
  loadConfig({ OPENSEARCH_URL: double.url, DASHBOARDS_URL: double.url, ...env });
const actions = (steps: { action: string }[]): string[] => steps.map((step) => step.action);

describe('sluice opensearch setup', () => {
  test('creates the template, the ISM policy and the Dashboards objects; a re-run changes nothing', async () => {
    assert.deepEqual(actions(await runOpenSearchSetup(configFor())), ['created', 'created', 'imported']);
    const policyVersion = double.policies.get('sluice-logs-retention')?.version;
    assert.deepEqual(actions(await runOpenSearchSetup(configFor())), ['unchanged', 'unchanged', 'imported']);
    assert.equal(double.policies.get('sluice-logs-retention')?.version, policyVersion);
    assert.equal(double.savedObjects.size, 3);

    const template = double.templates.get('sluice-logs') as {
      index_patterns: string[];
      template: { mappings: unknown };
    };
    assert.deepEqual(template.index_patterns, ['logs-*']);
    const policy = double.policies.get('sluice-logs-retention')?.policy as {
      states: { transitions: { conditions?: { min_index_age: string } }[] }[];
      ism_template: { index_patterns: string[] }[];
    };
    assert.equal(policy.states[0]?.transitions[0]?.conditions?.min_index_age, '30d');
    assert.deepEqual(policy.ism_template[0]?.index_patterns, ['logs-*']);
  });

  test('an index created after setup has the explicit mappings', async () => {
    await runOpenSearchSetup(configFor());
    const { body } = await fetch(`${double.url}/_bulk`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: '{"create":{"_index":"logs-2026.01.01","_id":"t-0-1"}}\n{"message":"hi","lineno":3,"attrs":{"a":{"b":1}}}\n',
    }).then(async (response) => ({ body: await response.json() }));
    assert.equal((body as { errors: boolean }).errors, false);
    const mapping = double.indices.get('logs-2026.01.01')?.mapping as {
      dynamic: boolean;
      properties: Record<string, { type?: string; fields?: unknown }>;
    };
    assert.equal(mapping.dynamic, false);
    assert.equal(mapping.properties['@timestamp']?.type, 'date');
    assert.equal(mapping.properties.lineno?.type, 'integer');
    assert.equal(mapping.properties.attrs?.type, 'flat_object');
    assert.equal(mapping.properties.level?.type, 'keyword');
    assert.deepEqual(mapping.properties.message?.fields, {
      keyword: { type: 'keyword', ignore_above: 1024 },
    });
  });

  test('a new retention updates the policy (naming the stored version); dry runs change nothing', async () => {
    await runOpenSearchSetup(configFor());
    const before = double.policies.get('sluice-logs-retention')?.version ?? 0;
    const dry = await runOpenSearchSetup(configFor(), { retentionMs: 7 * 86_400_000, dryRun: true });
    assert.deepEqual(actions(dry).slice(0, 2), ['unchanged', 'updated']);
    assert.equal(double.policies.get('sluice-logs-retention')?.version, before);
    const steps = await runOpenSearchSetup(configFor({ OPENSEARCH_RETENTION: '7d' }));
    assert.deepEqual(actions(steps).slice(0, 2), ['unchanged', 'updated']);
    assert.equal(double.policies.get('sluice-logs-retention')?.version, before + 1);
    const policy = double.policies.get('sluice-logs-retention')?.policy as { description: string };
    assert.match(policy.description, /logs-\* indices 7d after/);
  });

  test('another prefix gets its own template and policy, leaving the first alone', async () => {
    const steps = await runOpenSearchSetup(configFor({ OPENSEARCH_INDEX_PREFIX: 'audit-' }));
    assert.deepEqual(
      steps.map((step) => step.resource),
      ['index template sluice-audit', 'ISM policy sluice-audit-retention', 'Dashboards saved objects'],
    );
    assert.ok(double.templates.has('sluice-logs'));
    assert.ok(double.savedObjects.has('index-pattern:sluice-audit'));
  });

  test('without ISM (OpenSearch Serverless) or a Dashboards URL, those steps are skipped with a reason', async () => {
    const bare = await OpenSearchDouble.start({ ism: false });
    try {
      const steps = await runOpenSearchSetup(loadConfig({ OPENSEARCH_URL: bare.url }));
      assert.deepEqual(actions(steps), ['created', 'skipped', 'skipped']);
      assert.match(steps[1]?.detail ?? '', /ISM is not available/);
      assert.match(steps[2]?.detail ?? '', /DASHBOARDS_URL/);
    } finally {
      await bare.close();
    }
  });

  test('an unreachable cluster is one clear error', async () => {
    await assert.rejects(runOpenSearchSetup(loadConfig({ OPENSEARCH_URL: 'http://127.0.0.1:9' })), {
      name: 'OpenSearchSetupError',
      message: /cannot reach http:\/\/127\.0\.0\.1:9/,
    });
  });

  test('the command line: setup --json, exit 0; not configured, exit 1 with one line', async () => {
    const run = promisify(execFile);
    const env = {
      ...process.env,
      OPENSEARCH_URL: double.url,
      DASHBOARDS_URL: '',
      OPENSEARCH_INDEX_PREFIX: 'cli-',
    };
    const { stdout } = await run(process.execPath, ['bin/sluice.js', 'opensearch', 'setup', '--json'], {
      cwd: root,
      env,
    });
    assert.deepEqual(actions(JSON.parse(stdout)), ['created', 'created', 'skipped']);
    const missing = await run(process.execPath, ['bin/sluice.js', 'opensearch', 'setup'], {
      cwd: root,
      env: { ...env, OPENSEARCH_URL: '' },
    }).catch((error: { code: number; stderr: string }) => error);
    assert.equal((missing as { code: number }).code, 1);
    assert.match((missing as { stderr: string }).stderr, /^sluice opensearch: OpenSearch is not configured/);
  });
});

describe('infra/opensearch', () => {
  test('dashboards.ndjson is the rendering for the default prefix (regenerate it when dashboards.ts changes)', () => {
    const committed = readFileSync(join(root, 'infra', 'opensearch', 'dashboards.ndjson'), 'utf8');
    assert.equal(committed, renderOpenSearchAssets('logs-', 30 * 86_400_000).dashboardsNdjson);
  });

  test('saved objects reference each other by id: search -> index pattern, visualization -> search', () => {
    const objects = renderOpenSearchAssets('logs-', 86_400_000)
      .dashboardsNdjson.trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { id: string; type: string; references: { id: string; type: string }[] },
      );
    const ids = new Set(objects.map((object) => `${object.type}:${object.id}`));
    for (const object of objects) {
      for (const reference of object.references)
        assert.ok(ids.has(`${reference.type}:${reference.id}`), reference.id);
    }
    const visualization = objects.find((object) => object.type === 'visualization') as unknown as {
      attributes: { visState: string };
    };
    const visState = JSON.parse(visualization.attributes.visState) as {
      aggs: { type: string; params: { field?: string } }[];
    };
    assert.deepEqual(
      visState.aggs.map((agg) => [agg.type, agg.params.field]),
      [
        ['count', undefined],
        ['date_histogram', '@timestamp'],
        ['terms', 'pathname'],
      ],
    );
  });

  test('index-template.json and ism-policy.json are the typed template and policy (edit the .ts, then regenerate them)', () => {
    const json = (name: string): unknown =>
      JSON.parse(readFileSync(join(root, 'infra', 'opensearch', name), 'utf8'));
    assert.deepEqual(json('index-template.json'), indexTemplate);
    assert.deepEqual(json('ism-policy.json'), { policy: ismPolicy });
  });

  test('rendering sets the pattern and the age, and stores the hash of what it rendered', () => {
    const {
      indexTemplate: template,
      ismPolicy: policy,
      hashes,
    } = renderOpenSearchAssets('audit-', 7 * 86_400_000);
    assert.deepEqual(template.index_patterns, ['audit-*']);
    assert.deepEqual(template._meta, { managed_by: 'sluice', sluice_hash: hashes.indexTemplate });
    assert.deepEqual(template.template, indexTemplate.template);
    assert.equal(
      policy.policy.description,
      `sluice: delete audit-* indices 7d after they are created [sluice:${hashes.ismPolicy}]`,
    );
    assert.deepEqual(policy.policy.ism_template, [{ index_patterns: ['audit-*'], priority: 100 }]);
  });

  test('retention renders as whole days, hours or minutes', () => {
    const age = (ms: number): unknown =>
      renderOpenSearchAssets('logs-', ms).ismPolicy.policy.states?.[0]?.transitions?.[0]?.conditions
        ?.min_index_age;
    assert.equal(age(90 * 86_400_000), '90d');
    assert.equal(age(36 * 3_600_000), '36h');
    assert.equal(age(90 * 60_000), '90m');
  });
});
