// Least privilege, derived from the code: each function's bundle (built as `serverless package` builds
// it) says which AWS SDK commands and OpenSearch requests it can send; the template says on which
// resources; its role must allow exactly that, grant by grant, in every stage shape.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { resolveTemplate, type Template } from '../deploy/cfn';
import {
  type FunctionName,
  functionNames,
  missingHandlers,
  type Packaged,
  packageService,
} from '../deploy/package';
import { readZip } from '../deploy/zip';
import { type BundleContents, bundleFunction, commandNames } from './support/bundle';
import { compareGrants, requiredGrants } from './support/derive';
import { type Grant, grantKey } from './support/iam-actions';
import { sub } from './support/render';
import { roleGrants } from './support/role-grants';
import { arnIn, functionTargets } from './support/targets';

const missing = missingHandlers();
const skip = missing.length > 0 ? `handlers not written yet: ${missing.join(', ')}` : false;

const PAYMENTS_PARAMETER = '/sluice/dev/slack-payments';

const logicalId = (name: FunctionName) => `${name[0]?.toUpperCase()}${name.slice(1)}LambdaFunction`;

/** The environment variables of a function in a resolved template (a copy: safe to change). */
function variablesOf(template: Template, name: FunctionName): Record<string, unknown> {
  const environment = template.Resources[logicalId(name)]?.Properties?.Environment as
    | { Variables: Record<string, unknown> }
    | undefined;
  assert.ok(environment, `${name} has an environment`);
  return environment.Variables;
}

/** The stage switches as a stage would set them (the packaged template's parameters are the defaults). */
const stages = {
  defaults: {},
  provisioned: { KafkaProvisioned: true },
  everything: { KafkaProvisioned: true, UseVpc: true, CreateOpenSearchDomain: true, BucketVersioning: true },
} as const;

describe('IAM from the code', { skip }, () => {
  let packaged: Packaged;
  const bundles = {} as Record<FunctionName, BundleContents>;

  before(async () => {
    // A stage with a routed Slack channel: its parameter must be granted to detect and sweep alone.
    packaged = packageService('iam', [`slackDestinations=payments=${PAYMENTS_PARAMETER}`]);
    for (const name of functionNames) bundles[name] = await bundleFunction(name);
  });

  test('the bundles read here hold the same SDK commands as the packaged zips', () => {
    for (const name of functionNames) {
      const zip = readZip(readFileSync(packaged.artifacts[name].path));
      const deployed = zip
        .find((entry) => entry.name === `functions/${name}/handler.js`)
        ?.read()
        .toString('utf8');
      assert.ok(deployed, `${name}.zip holds its handler`);
      assert.deepEqual(commandNames(bundles[name].code), commandNames(deployed), name);
    }
  });

  for (const [stage, overrides] of Object.entries(stages)) {
    test(`${stage}: each role allows exactly what its function's code and event source mapping need`, async (t) => {
      const template = resolveTemplate(packaged.template, overrides);
      for (const name of functionNames) {
        await t.test(name, (s) => {
          const targets = functionTargets(template, logicalId(name));
          const required = requiredGrants(bundles[name], targets);
          s.diagnostic(required.map(grantKey).join('; ') || 'nothing');
          const granted = roleGrants(template, logicalId(name));
          assert.deepEqual(compareGrants(required, granted), { missing: [], unneeded: [] });
        });
      }
    });
  }

  test('the check fails on a command without its grant, a grant no command needs, a command it cannot map', () => {
    const template = resolveTemplate(packaged.template, stages.defaults);
    const id = logicalId('archive');
    const targets = functionTargets(template, id);
    const granted = roleGrants(template, id);
    const sending = (client: string, operation: string): BundleContents => ({
      ...bundles.archive,
      commands: [...bundles.archive.commands, { client, operation }],
    });
    const bucket = sub('Bucket.Arn');
    assert.deepEqual(
      compareGrants(requiredGrants(sending('@aws-sdk/client-lambda', 'Invoke'), targets), granted),
      {
        missing: [`lambda:InvokeFunction on ${targets.selfArn}`],
        unneeded: [],
      },
    );
    const extra: Grant = { action: 's3:GetObject', resource: `${bucket}/archive/*` };
    assert.deepEqual(compareGrants(requiredGrants(bundles.archive, targets), [...granted, extra]), {
      missing: [],
      unneeded: [grantKey(extra)],
    });
    assert.throws(
      () => requiredGrants(sending('@aws-sdk/client-sqs', 'SendMessage'), targets),
      /no IAM mapping/,
    );
  });

  test('a routed channel (slackDestinations) reaches only the functions that post alerts', () => {
    const template = resolveTemplate(packaged.template, stages.defaults);
    const routed = functionNames.filter((name) => variablesOf(template, name).SLACK_WEBHOOK_URL_PAYMENTS);
    assert.deepEqual(routed, ['detect', 'sweep']);
    assert.equal(variablesOf(template, 'detect').SLACK_WEBHOOK_URL_PAYMENTS, PAYMENTS_PARAMETER);
    const readers = functionNames.filter((name) =>
      roleGrants(template, logicalId(name)).some((grant) => grant.resource.includes('slack-payments')),
    );
    assert.deepEqual(readers, ['detect', 'sweep']);
  });

  test('a webhook parameter added to the environment needs its grants in the roles that read SSM', () => {
    const template = resolveTemplate(packaged.template, stages.defaults);
    const parameter = arnIn('ssm', 'parameter/sluice/dev/slack-search');
    for (const name of functionNames) {
      const variables = variablesOf(template, name);
      // How a routed destination names its webhook (one SLACK_WEBHOOK_URL_<NAME> per destination).
      variables.SLACK_WEBHOOK_URL_SEARCH = '/sluice/dev/slack-search';
    }
    for (const name of functionNames) {
      const targets = functionTargets(template, logicalId(name));
      const { missing } = compareGrants(
        requiredGrants(bundles[name], targets),
        roleGrants(template, logicalId(name)),
      );
      const readsSsm = bundles[name].commands.some((c) => c.client === '@aws-sdk/client-ssm');
      assert.deepEqual(
        missing,
        readsSsm
          ? [
              `kms:Decrypt on ${arnIn('kms', 'key/*')} when kms:EncryptionContext:PARAMETER_ARN=${parameter}, ` +
                `kms:ViaService=ssm.${sub('AWS::Region')}.amazonaws.com`,
              `ssm:GetParameters on ${parameter}`,
            ]
          : [],
        name,
      );
    }
    variablesOf(template, 'notify').SLACK_ROUTES = '/sluice/dev/routes';
    assert.throws(
      () => functionTargets(template, logicalId('notify')),
      /SLACK_ROUTES=\/sluice\/dev\/routes looks like an SSM parameter/,
    );
  });
});
