// Least privilege, as a table: the data actions each function's role grants are exactly the calls its
// code makes (shared/adapters/*), so a new permission is a conscious change here. The package test
// (test/deploy/) checks the resources each statement names; this one pins the actions.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type CollectionTag, parse, type ScalarTag } from 'yaml';

const root = join(__dirname, '..', '..');

/** CloudFormation's short tags, kept as `{ '!Tag': value }` so the structure can be read. */
const cfnTags = [
  'Ref',
  'GetAtt',
  'Sub',
  'If',
  'Join',
  'Select',
  'Split',
  'Equals',
  'Not',
  'And',
  'Or',
  'Condition',
].flatMap(
  (name): Array<ScalarTag | CollectionTag> => [
    { tag: `!${name}`, resolve: (value: unknown) => ({ [`!${name}`]: value }) } as ScalarTag,
    {
      tag: `!${name}`,
      collection: 'seq',
      resolve: (seq: { toJSON(): unknown }) => ({ [`!${name}`]: seq.toJSON() }),
    } as unknown as CollectionTag,
  ],
);

type Statement = { Sid?: string; Action?: unknown; Resource?: unknown };

/** Every statement of a role's inline policies, with both branches of `!If` statements. */
function statementsOf(
  roles: Record<string, { Properties: { Policies: Array<{ PolicyDocument: { Statement: unknown[] } }> } }>,
  role: string,
): Statement[] {
  const found: Statement[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      if ('Effect' in node) found.push(node as Statement);
      else if ('!If' in node) visit((node as { '!If': unknown[] })['!If'].slice(1));
    }
  };
  for (const policy of roles[role]?.Properties.Policies ?? []) visit(policy.PolicyDocument.Statement);
  return found;
}

const dataActions = (statements: Statement[]): string[] =>
  [
    ...new Set(
      statements
        .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
        .map(String)
        .filter((a) => /^(s3|dynamodb|es|aoss|ssm|kms|sqs|sns|lambda|iam|secretsmanager):/.test(a)),
    ),
  ].sort();

test('each role grants exactly the data actions its function calls', () => {
  const text = readFileSync(join(root, 'infra', 'roles.yml'), 'utf8');
  const { Resources } = parse(text, { customTags: cfnTags }) as {
    Resources: Parameters<typeof statementsOf>[0];
  };
  const failedBatchDestination = ['s3:ListBucket', 's3:PutObject']; // provisioned mode only
  const table = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'];
  const webhook = ['kms:Decrypt', 'ssm:GetParameter', 'ssm:GetParameters'];
  const expected: Record<string, string[]> = {
    // _bulk only (POST); the index template and ISM policy are installed by an administrator.
    IndexRole: ['es:ESHttpPost', ...failedBatchDestination],
    ArchiveRole: [...failedBatchDestination],
    DetectRole: [...table, ...webhook, ...failedBatchDestination],
    SweepRole: [...table, ...webhook],
    NotifyRole: [...webhook],
    // Reads the archive, writes its dead letters and checkpoints, _bulk, and invokes itself to go on.
    RehydrateRole: [
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'es:ESHttpPost',
      'lambda:InvokeFunction',
    ],
  };
  for (const [role, actions] of Object.entries(expected)) {
    assert.deepEqual(dataActions(statementsOf(Resources, role)), [...new Set(actions)].sort(), role);
  }
});
