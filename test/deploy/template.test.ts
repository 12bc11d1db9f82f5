import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { createTableInput, tableSchema } from '../../shared/adapters/dynamodb/table-schema';
import { SERVICE_NAME } from '../../shared/lambda/logger';
import { METRICS_DIMENSION, METRICS_NAMESPACE, SluiceMetric } from '../../shared/lambda/metrics';
import {
  type FoundStatement,
  isObject,
  list,
  policyStatements,
  type Resource,
  referencedId,
  resolveTemplate,
  resourcesOfType,
  type Template,
} from './cfn';
import {
  type FunctionName,
  functionNames,
  missingHandlers,
  type Packaged,
  packageService,
  root,
} from './package';
import { readZip } from './zip';

// Packaging needs every handler that serverless.yml names; until they all exist this file says which
// are missing and skips, rather than failing everyone's test run.
const missing = missingHandlers();
const skip = missing.length > 0 ? `handlers not written yet: ${missing.join(', ')}` : false;

const MiB = 1024 * 1024;
const kafkaFunctions = ['index', 'archive', 'detect'] as const;
const logicalId = (name: FunctionName) => `${name[0]?.toUpperCase()}${name.slice(1)}LambdaFunction`;

/** The template with the stage switches as a given stage would set them. */
const stages = {
  defaults: {},
  provisioned: { KafkaProvisioned: true },
  everything: { KafkaProvisioned: true, UseVpc: true, CreateOpenSearchDomain: true, BucketVersioning: true },
  existingOpenSearch: { CreateOpenSearchDomain: false, UseExistingOpenSearch: true, UseVpc: true },
} as const;

/** EC2 actions the MSK event source mapping and VPC functions need; EC2 cannot scope them to resources. */
const networkInterfaceActions = new Set([
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
  'ec2:DescribeVpcs',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
]);

/** The service prefixes each function's role may use at all. */
const allowedServices: Record<FunctionName, readonly string[]> = {
  index: ['logs', 'kafka', 'kafka-cluster', 'ec2', 'es', 's3'],
  archive: ['logs', 'kafka', 'kafka-cluster', 'ec2', 's3'],
  detect: ['logs', 'kafka', 'kafka-cluster', 'ec2', 'dynamodb', 'ssm', 'kms', 's3'],
  sweep: ['logs', 'dynamodb', 'ssm', 'kms', 'ec2'],
  notify: ['logs', 'ssm', 'kms', 'ec2'],
  rehydrate: ['logs', 's3', 'dynamodb', 'es', 'lambda', 'ec2'],
};

const props = (resource: Resource | undefined): Record<string, unknown> => {
  assert.ok(resource, 'resource exists');
  return resource.Properties ?? {};
};

function roleStatements(template: Template, name: FunctionName): Record<string, unknown>[] {
  const role = referencedId(props(template.Resources[logicalId(name)]).Role);
  assert.ok(role, `${name} has a role from this template`);
  return policyStatements({ Resources: { [role]: template.Resources[role] as Resource } }).map(
    (s) => s.statement,
  );
}

const environmentOf = (template: Template, name: FunctionName): Record<string, unknown> =>
  (props(template.Resources[logicalId(name)]).Environment as { Variables: Record<string, unknown> })
    .Variables;

/** Properties of every resource of a type. */
const propsOfType = (template: Template, type: string) =>
  resourcesOfType(template, type).map(([, r]) => props(r));

/** Logical ids of the functions an events rule targets. */
const targetsOf = (rule: Record<string, unknown>) =>
  list(rule.Targets).map((t) => referencedId((t as { Arn: unknown }).Arn));

const actionsOf = (statements: Record<string, unknown>[]) =>
  statements.flatMap((s) => list(s.Action).map(String));

describe('serverless package', { skip }, () => {
  let packaged: Packaged;
  let raw: Template;

  before(() => {
    packaged = packageService();
    raw = packaged.template;
  });

  test('uses no variable that needs AWS credentials at package time', () => {
    const infra = readdirSync(join(root, 'infra')).filter((file) => /\.ya?ml$/.test(file));
    assert.ok(infra.length > 0);
    for (const file of ['serverless.yml', ...infra.map((name) => `infra/${name}`)]) {
      const text = readFileSync(join(root, file), 'utf8').replace(/^\s*#.*$/gm, '');
      assert.doesNotMatch(text, /\$\{(ssm|aws|cf|s3)(\([^)]*\))?:/, `${file} resolves nothing from AWS`);
    }
  });

  test('every function on nodejs22.x arm64, each with its own role', () => {
    const functions = resourcesOfType(raw, 'AWS::Lambda::Function');
    assert.deepEqual(functions.map(([id]) => id).sort(), functionNames.map(logicalId).sort());
    const roles = new Set<string>();
    for (const name of functionNames) {
      const p = props(raw.Resources[logicalId(name)]);
      assert.equal(p.Runtime, 'nodejs22.x');
      assert.deepEqual(p.Architectures, ['arm64']);
      assert.equal(p.Handler, `functions/${name}/handler.handler`);
      const role = referencedId(p.Role);
      assert.ok(
        role && raw.Resources[role]?.Type === 'AWS::IAM::Role',
        `${name} role is a role of this stack`,
      );
      roles.add(role);
    }
    assert.equal(roles.size, functionNames.length, 'no two functions share a role');
    assert.equal(raw.Resources.IamRoleLambdaExecution, undefined, 'no shared framework role');
  });

  test('three Kafka mappings on one topic, each to its function with its own consumer group', () => {
    const template = resolveTemplate(raw);
    const mappings = propsOfType(template, 'AWS::Lambda::EventSourceMapping');
    assert.equal(mappings.length, 3);
    const byFunction = new Map(mappings.map((m) => [referencedId(m.FunctionName), m]));
    const groups = new Set<unknown>();
    for (const name of kafkaFunctions) {
      const mapping = byFunction.get(logicalId(name));
      assert.ok(mapping, `${name} has a mapping`);
      assert.match(
        String(mapping.EventSourceArn),
        /^arn:aws[\w-]*:kafka:[\w-]+:\d{12}:cluster\/[^/]+\/[^/]+$/,
      );
      assert.equal(mapping.EventSourceArn, mappings[0]?.EventSourceArn, 'same cluster');
      assert.deepEqual(mapping.Topics, mappings[0]?.Topics, 'same topic');
      assert.ok(['LATEST', 'TRIM_HORIZON'].includes(String(mapping.StartingPosition)));
      const group = (mapping.AmazonManagedKafkaEventSourceConfig as { ConsumerGroupId?: string })
        .ConsumerGroupId;
      assert.equal(group, `sluice-${name}`);
      groups.add(group);
      assert.ok(Number(mapping.BatchSize) >= 1 && Number(mapping.BatchSize) <= 10_000);
      assert.ok(Number(mapping.MaximumBatchingWindowInSeconds) <= 300);
      assert.equal(
        environmentOf(template, name).SLUICE_REPORT_BATCH_ITEM_FAILURES,
        'false',
        'whole batches fail',
      );
      for (const key of [
        'FunctionResponseTypes',
        'MaximumRetryAttempts',
        'DestinationConfig',
        'ProvisionedPollerConfig',
      ]) {
        assert.equal(mapping[key], undefined, `on-demand mapping of ${name} has no ${key}`);
      }
    }
    assert.equal(groups.size, 3, 'distinct consumer groups');
    // Without OpenSearch (the defaults) the index mapping exists but does not consume; the others do.
    const enabled = (name: FunctionName, t: Template) =>
      propsOfType(t, 'AWS::Lambda::EventSourceMapping').find(
        (m) => referencedId(m.FunctionName) === logicalId(name),
      )?.Enabled;
    assert.equal(enabled('index', template), false);
    for (const name of ['archive', 'detect'] as const) assert.notEqual(enabled(name, template), false);
    for (const overrides of [stages.everything, stages.existingOpenSearch]) {
      for (const name of kafkaFunctions)
        assert.notEqual(enabled(name, resolveTemplate(raw, overrides)), false);
    }
    const batch = (name: string) => Number(byFunction.get(logicalId(name as FunctionName))?.BatchSize);
    assert.ok(batch('detect') < batch('archive'), 'detect takes small batches, archive large ones');
  });

  test('provisioned mode: partial batch responses, bounded retries, S3 on-failure destination', () => {
    const template = resolveTemplate(raw, stages.provisioned);
    for (const [, resource] of resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')) {
      const mapping = props(resource);
      assert.deepEqual(mapping.FunctionResponseTypes, ['ReportBatchItemFailures']);
      const retries = Number(mapping.MaximumRetryAttempts);
      assert.ok(Number.isInteger(retries) && retries >= 0 && retries <= 10_000, 'retries are bounded');
      const destination = (mapping.DestinationConfig as { OnFailure?: { Destination?: unknown } }).OnFailure;
      assert.equal(referencedId(destination?.Destination), 'Bucket');
      const pollers = mapping.ProvisionedPollerConfig as { MinimumPollers: number; MaximumPollers: number };
      assert.ok(pollers.MinimumPollers >= 1 && pollers.MaximumPollers >= pollers.MinimumPollers);
    }
    for (const name of kafkaFunctions) {
      // A function returning item failures to a mapping without ReportBatchItemFailures loses them.
      assert.equal(environmentOf(template, name).SLUICE_REPORT_BATCH_ITEM_FAILURES, 'true', name);
      const statements = roleStatements(template, name);
      const puts = statements.filter((s) => list(s.Action).includes('s3:PutObject'));
      const failedBatches = puts
        .flatMap((s) => list(s.Resource))
        .some((r) => JSON.stringify(r).includes('/aws/lambda/*'));
      assert.ok(failedBatches, `${name} may write failed batches to the bucket`);
      assert.ok(actionsOf(statements).includes('s3:ListBucket'), `${name} may list the destination bucket`);
    }
  });

  test('sweep runs every minute', () => {
    const rules = propsOfType(raw, 'AWS::Events::Rule');
    const schedule = rules.find((r) => r.ScheduleExpression !== undefined);
    assert.ok(schedule);
    assert.equal(schedule.ScheduleExpression, 'rate(1 minute)');
    assert.equal(schedule.State, 'ENABLED');
    assert.deepEqual(targetsOf(schedule), ['SweepLambdaFunction']);
    const permission = propsOfType(raw, 'AWS::Lambda::Permission').find(
      (p) => referencedId(p.FunctionName) === 'SweepLambdaFunction',
    );
    assert.equal(permission?.Principal, 'events.amazonaws.com');
  });

  test("every alarm of the stack reaches notify through EventBridge, and an SNS topic for others' alarms", () => {
    const rule = propsOfType(raw, 'AWS::Events::Rule').find((r) => r.EventPattern !== undefined);
    assert.ok(rule, 'an EventBridge rule with a pattern');
    const pattern = rule.EventPattern as {
      source: string[];
      'detail-type': string[];
      detail: { alarmName: unknown[] };
    };
    assert.deepEqual(pattern.source, ['aws.cloudwatch']);
    assert.deepEqual(pattern['detail-type'], ['CloudWatch Alarm State Change']);
    const routed = new Set(pattern.detail.alarmName.map(referencedId));
    const alarms = resourcesOfType(raw, 'AWS::CloudWatch::Alarm').map(([id]) => id);
    assert.deepEqual([...routed].sort(), alarms.sort(), 'exactly the alarms of this stack');
    assert.deepEqual(targetsOf(rule), ['NotifyLambdaFunction']);
    const subscription = propsOfType(raw, 'AWS::SNS::Subscription').find(
      (s) => referencedId(s.Endpoint) === 'NotifyLambdaFunction',
    );
    assert.ok(subscription, 'notify subscribes to the alarm topic');
    assert.equal(subscription.Protocol, 'lambda');
    assert.equal(raw.Resources[String(referencedId(subscription.TopicArn))]?.Type, 'AWS::SNS::Topic');
    const principals = propsOfType(raw, 'AWS::Lambda::Permission')
      .filter((p) => referencedId(p.FunctionName) === 'NotifyLambdaFunction')
      .map((p) => p.Principal)
      .sort();
    assert.deepEqual(principals, ['events.amazonaws.com', 'sns.amazonaws.com']);
  });

  test('the table has the shape of shared/adapters/dynamodb/table-schema.ts, TTL and PITR', () => {
    const [[, table] = []] = resourcesOfType(raw, 'AWS::DynamoDB::Table');
    const p = props(table);
    const expected = createTableInput('unused');
    assert.equal(p.BillingMode, expected.BillingMode);
    assert.deepEqual(p.AttributeDefinitions, expected.AttributeDefinitions);
    assert.deepEqual(p.KeySchema, expected.KeySchema);
    assert.deepEqual(p.GlobalSecondaryIndexes, expected.GlobalSecondaryIndexes);
    assert.deepEqual(p.TimeToLiveSpecification, { AttributeName: tableSchema.ttlAttribute, Enabled: true });
    assert.deepEqual(p.PointInTimeRecoverySpecification, { PointInTimeRecoveryEnabled: true });
  });

  test("every bucket of the stack blocks public access, the framework's deployment bucket too", () => {
    const buckets = resourcesOfType(raw, 'AWS::S3::Bucket');
    assert.deepEqual(buckets.map(([id]) => id).sort(), ['Bucket', 'ServerlessDeploymentBucket']);
    for (const [id, bucket] of buckets)
      assert.deepEqual(
        props(bucket).PublicAccessBlockConfiguration,
        {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        id,
      );
  });

  test('the bucket: encrypted, never public, TLS only, retained, with lifecycle per area', () => {
    const template = resolveTemplate(raw);
    const bucket = template.Resources.Bucket;
    assert.equal(bucket?.DeletionPolicy, 'Retain');
    const p = props(bucket);
    const sse = (p.BucketEncryption as { ServerSideEncryptionConfiguration: unknown[] })
      .ServerSideEncryptionConfiguration[0] as { ServerSideEncryptionByDefault: { SSEAlgorithm: string } };
    assert.ok(['AES256', 'aws:kms', 'aws:kms:dsse'].includes(sse.ServerSideEncryptionByDefault.SSEAlgorithm));
    assert.deepEqual(p.PublicAccessBlockConfiguration, {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });

    const policy = propsOfType(template, 'AWS::S3::BucketPolicy').find(
      (x) => referencedId(x.Bucket) === 'Bucket',
    );
    assert.ok(policy, 'the bucket has a policy');
    const denyPlain = list((policy.PolicyDocument as { Statement: unknown }).Statement).find(
      (s) =>
        isObject(s) &&
        s.Effect === 'Deny' &&
        JSON.stringify(s.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}',
    ) as Record<string, unknown> | undefined;
    assert.ok(denyPlain, 'denies requests without TLS');
    assert.equal(denyPlain.Principal, '*');
    assert.deepEqual(list(denyPlain.Action), ['s3:*']);
    const denied = list(denyPlain.Resource).map((r) => JSON.stringify(r));
    assert.ok(
      denied.some((r) => r.includes('Bucket') && r.includes('/*')),
      'objects',
    );
    assert.ok(denied.includes(JSON.stringify({ 'Fn::GetAtt': ['Bucket', 'Arn'] })), 'the bucket itself');

    type Rule = {
      Status: string;
      Prefix?: string;
      ExpirationInDays?: number;
      Transitions?: { StorageClass: string; TransitionInDays: number }[];
    };
    const rules = (p.LifecycleConfiguration as { Rules: Rule[] }).Rules;
    const rule = (prefix: string) => rules.find((r) => r.Prefix === prefix && r.Status === 'Enabled');
    const archive = rule('archive/');
    assert.ok(archive, 'a lifecycle rule for archive/');
    const [transition] = archive.Transitions ?? [];
    assert.ok(transition, 'archive moves to a colder class');
    assert.ok(
      ['STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'].includes(
        transition.StorageClass,
      ),
    );
    assert.ok(Number(archive.ExpirationInDays) > Number(transition.TransitionInDays), 'then expires');
    const deadLetter = rule('dead-letter/');
    assert.ok(deadLetter, 'a lifecycle rule for dead-letter/');
    assert.ok(
      Number(deadLetter.ExpirationInDays) > Number(archive.ExpirationInDays),
      'dead letters are kept longer',
    );
  });

  test('alarms: offset lag per mapping, errors and throttles per function, dead letters, pending alerts', () => {
    const alarms = propsOfType(raw, 'AWS::CloudWatch::Alarm');
    const find = (namespace: string, metric: string, dimension: string, target: string) =>
      alarms.find(
        (a) =>
          a.Namespace === namespace &&
          a.MetricName === metric &&
          list(a.Dimensions).some(
            (d) => isObject(d) && d.Name === dimension && referencedId(d.Value) === target,
          ),
      );
    for (const name of kafkaFunctions) {
      assert.ok(find('AWS/Lambda', 'OffsetLag', 'FunctionName', logicalId(name)), `${name} offset lag`);
    }
    for (const name of functionNames) {
      assert.ok(find('AWS/Lambda', 'Errors', 'FunctionName', logicalId(name)), `${name} errors`);
      assert.ok(find('AWS/Lambda', 'Throttles', 'FunctionName', logicalId(name)), `${name} throttles`);
    }
    // The custom metrics are the names shared/lambda/metrics.ts emits, with both of its dimensions.
    const serviceDimension = (metric: string) =>
      alarms.some(
        (alarm) =>
          alarm.MetricName === metric &&
          Array.isArray(alarm.Dimensions) &&
          alarm.Dimensions.some((d) => isObject(d) && d.Name === 'service' && d.Value === SERVICE_NAME),
      );
    assert.ok(serviceDimension(SluiceMetric.deadLettered.name), 'the dead-letter alarm names the service');
    assert.ok(serviceDimension(SluiceMetric.oldestPendingAlertAgeSeconds.name), 'so does the outbox alarm');
    assert.ok(
      find(METRICS_NAMESPACE, SluiceMetric.deadLettered.name, METRICS_DIMENSION, 'ArchiveLambdaFunction'),
    );
    assert.ok(
      find(
        METRICS_NAMESPACE,
        SluiceMetric.oldestPendingAlertAgeSeconds.name,
        METRICS_DIMENSION,
        'SweepLambdaFunction',
      ),
    );
    for (const alarm of alarms) {
      assert.match(String(alarm.AlarmName), /^sluice-dev-/, 'alarm names carry the stage');
      assert.equal(alarm.TreatMissingData, 'notBreaching');
    }
  });

  describe('least privilege', () => {
    const everyStage = Object.entries(stages);

    test('no Allow statement grants a wildcard action or any resource "*" beyond network interfaces', () => {
      for (const [stage, overrides] of everyStage) {
        const found: FoundStatement[] = policyStatements(resolveTemplate(raw, overrides));
        assert.ok(found.length > 10, 'statements were found');
        for (const { origin, statement } of found) {
          if (statement.Effect !== 'Allow') continue;
          const where = `${stage}: ${origin} ${String(statement.Sid ?? '')}`;
          assert.equal(statement.NotAction, undefined, `${where} uses no NotAction`);
          assert.equal(statement.NotResource, undefined, `${where} uses no NotResource`);
          const actions = list(statement.Action).map(String);
          for (const action of actions) assert.doesNotMatch(action, /\*/, `${where} grants ${action}`);
          if (list(statement.Resource).includes('*')) {
            const extra = actions.filter((a) => !networkInterfaceActions.has(a));
            assert.deepEqual(extra, [], `${where} grants on "*" only EC2 network-interface actions`);
          }
          for (const action of actions.filter((a) => /^(s3|dynamodb|es|ssm|kms):/.test(a))) {
            for (const resource of list(statement.Resource)) {
              assert.notEqual(resource, '*', `${where} grants ${action} on *`);
              assert.doesNotMatch(
                JSON.stringify(resource),
                /^"arn:[^"]*:\*"$/,
                `${where} ${action} on a wildcard ARN`,
              );
            }
          }
        }
      }
    });

    test('each role is assumable only by Lambda and uses only the services its function needs', () => {
      for (const [stage, overrides] of everyStage) {
        const template = resolveTemplate(raw, overrides);
        for (const name of functionNames) {
          const role = referencedId(props(template.Resources[logicalId(name)]).Role) as string;
          const trust = props(template.Resources[role]).AssumeRolePolicyDocument as { Statement: unknown[] };
          assert.deepEqual(
            trust.Statement.map((s) => (s as { Principal: unknown }).Principal),
            [{ Service: 'lambda.amazonaws.com' }],
          );
          for (const action of actionsOf(roleStatements(template, name))) {
            const service = action.split(':')[0] ?? '';
            assert.ok(allowedServices[name].includes(service), `${stage}: ${name} must not use ${action}`);
          }
        }
      }
    });

    test("logs go only to the function's own log group", () => {
      for (const name of functionNames) {
        const logs = roleStatements(resolveTemplate(raw), name).filter((s) =>
          list(s.Action).some((a) => String(a).startsWith('logs:')),
        );
        assert.equal(logs.length, 1);
        const own = `${logicalId(name).replace('LambdaFunction', '')}LogGroup`;
        assert.deepEqual(list(logs[0]?.Resource).map(referencedId), [own]);
        assert.ok(!actionsOf(logs).includes('logs:CreateLogGroup'), 'the template creates the group');
      }
    });

    test("data access stays on this stack's table, bucket prefixes, domain and parameter", () => {
      const template = resolveTemplate(raw, stages.everything);
      for (const name of functionNames) {
        for (const statement of roleStatements(template, name)) {
          const actions = list(statement.Action).map(String);
          const resources = list(statement.Resource).map((r) => JSON.stringify(r));
          if (actions.some((a) => a.startsWith('dynamodb:'))) {
            for (const r of resources)
              assert.match(r, /"Table"|\$\{Table\.Arn\}\/index\/pending/, `${name}: ${r}`);
          }
          if (actions.some((a) => a.startsWith('s3:'))) {
            for (const r of resources) {
              assert.match(r, /Bucket/, `${name}: ${r}`);
              if (r.includes('/'))
                assert.match(r, /\/(archive|dead-letter|aws\/lambda)\/\*/, `${name}: ${r}`);
            }
          }
          if (actions.some((a) => a.startsWith('es:'))) {
            for (const r of resources) assert.match(r, /SearchDomain/, `${name}: ${r}`);
          }
          if (actions.some((a) => a.startsWith('ssm:'))) {
            assert.deepEqual(actions.sort(), ['ssm:GetParameters']);
            for (const r of resources)
              assert.match(r, /:parameter\/sluice\/dev\/slack-webhook"/, `${name}: ${r}`);
          }
          if (actions.includes('kms:Decrypt')) {
            const condition = JSON.stringify(statement.Condition);
            assert.match(condition, /kms:ViaService/, `${name}: decrypt only through SSM`);
            assert.match(condition, /PARAMETER_ARN/, `${name}: decrypt only the webhook parameter`);
          }
          if (actions.some((a) => a.startsWith('lambda:'))) {
            assert.deepEqual(actions, ['lambda:InvokeFunction'], `${name}: only invokes`);
            for (const r of resources)
              assert.match(r, /:function:sluice-dev-rehydrate"/, `${name} invokes only itself: ${r}`);
          }
          if (actions.some((a) => a.startsWith('kafka-cluster:'))) {
            for (const r of resources) assert.match(r, /cluster\/sluice-test\//, `${name}: ${r}`);
          }
        }
      }
      const groups = (name: FunctionName) =>
        roleStatements(template, name)
          .filter((s) => list(s.Action).includes('kafka-cluster:AlterGroup'))
          .map((s) => JSON.stringify(s.Resource));
      for (const name of kafkaFunctions) {
        assert.equal(groups(name).length, 1);
        assert.match(
          groups(name)[0] ?? '',
          new RegExp(`/sluice-${name}"`),
          `${name} alters only its own group`,
        );
      }
    });
  });

  test('no secret in the template: the webhook is an SSM parameter name', () => {
    const text = JSON.stringify(raw);
    assert.doesNotMatch(text, /hooks\.slack\.com/);
    for (const name of functionNames) {
      const env = environmentOf(raw, name);
      assert.equal(env.SLACK_WEBHOOK_URL, undefined);
      assert.equal(env.SLACK_WEBHOOK_PARAMETER, '/sluice/dev/slack-webhook');
    }
  });

  test('each artifact is a CommonJS bundle under 1 MB zipped', (t) => {
    const sizes: string[] = [];
    for (const name of functionNames) {
      const { path, bytes } = packaged.artifacts[name];
      sizes.push(`${name} ${(bytes / 1024).toFixed(1)} KiB`);
      assert.ok(bytes < MiB, `${name}.zip is ${bytes} bytes`);
      const entries = readZip(readFileSync(path));
      const handler = entries.find((e) => e.name === `functions/${name}/handler.js`);
      assert.ok(handler, `${name}.zip holds functions/${name}/handler.js`);
      assert.ok(
        !entries.some((e) => e.name.startsWith('node_modules/')),
        'dependencies are bundled, not shipped',
      );
      const code = handler.read().toString('utf8');
      assert.ok(/module\.exports|exports\.handler/.test(code), `${name}: CommonJS output`);
      // The SDK's optional CRT signer is the one package it may ask for at run time (inside a try).
      const external = [...code.matchAll(/require\("(@aws-sdk\/[^"]+)"\)/g)].map((m) => m[1]);
      assert.deepEqual(
        external.filter((pkg) => pkg !== '@aws-sdk/signature-v4-crt'),
        [],
        `${name}: the pinned SDK clients are bundled`,
      );
    }
    t.diagnostic(
      `artifacts (zipped): ${sizes.join(', ')}${packaged.offline ? '; packaged with no network' : ''}`,
    );
  });
});
