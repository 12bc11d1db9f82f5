// What IAM allows each AWS call a function can make: AWS SDK command → IAM action(s) on the resource(s)
// the template says, the SigV4-signed OpenSearch requests, and what the Lambda service does with the
// function's role. Sources for the entries that are not `<service>:<Operation>` on the obvious resource:
// [s3] https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
// [ddb-tx] https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html
// [ssm-kms] https://docs.aws.amazon.com/kms/latest/developerguide/services-parameter-store.html
// [es] https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html
// [esm] https://docs.aws.amazon.com/lambda/latest/dg/kafka-on-failure.html
// [creds] https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html (reserved variables)
// [lambda] https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html (Invoke)
import { Area } from '../../../shared/archive/keys';
import type { HttpRequest } from './call-sites';
import { sub } from './render';
import { arnIn, type FunctionTargets } from './targets';

/** One permission: an action on a resource, under `StringEquals` conditions when `when` is set. */
export interface Grant {
  readonly action: string;
  readonly resource: string;
  readonly when?: Readonly<Record<string, string>>;
}

/** A grant as one line, the unit in which required and granted permissions are compared. */
export function grantKey(grant: Grant): string {
  const when = Object.entries(grant.when ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${value}`);
  return `${grant.action} on ${grant.resource}${when.length > 0 ? ` when ${when.join(', ')}` : ''}`;
}

/** What the function's code decides about its calls beyond which commands it holds (read from its call sites). */
export interface CodeFacts {
  /** The item kinds its DynamoDB transactions write (`Put`, `Update`, `Delete`, `ConditionCheck`). */
  readonly transactionParts: readonly string[];
  /** The bucket prefixes of the objects it writes: the areas of the key builders it calls (`archive/`, `dead-letter/`). */
  readonly objectAreas: readonly string[];
  /** The bucket prefixes of the objects it reads: the areas of the listings it makes (`archive/` for rehydrate). */
  readonly readAreas: readonly string[];
  /** Whether a Query of its names an index (`IndexName`); without one it queries the table alone. */
  readonly queriesIndexes: boolean;
  readonly httpRequests: readonly HttpRequest[];
}

type Needs = (targets: FunctionTargets, facts: CodeFacts) => Grant[];

/**
 * The S3 key builders of shared/archive/keys.ts and the prefix each one's keys start with. Objects
 * are only written under keys these build (`redriven/` too, but only `sluice redrive` passes that area).
 */
export const keyBuilderAreas: Readonly<Record<string, string>> = {
  archiveKey: Area.archive,
  deadLetterKey: Area.deadLetter,
};

/**
 * The functions of shared/adapters/s3/ that list an area to read its objects, and that area: a function
 * reads only keys a listing gave it, so the areas it lists are the areas it reads.
 */
export const listingAreas: Readonly<Record<string, string>> = {
  archiveHours: Area.archive,
};

const onTable =
  (...actions: string[]): Needs =>
  (targets) =>
    actions.map((action) => ({ action, resource: targets.table().arn }));
const onTableAndIndexes =
  (action: string): Needs =>
  (targets) => {
    const { arn, indexes } = targets.table();
    return [arn, ...indexes].map((resource) => ({ action, resource }));
  };
const onTableAndQueriedIndexes =
  (action: string): Needs =>
  (targets, { queriesIndexes }) => {
    const { arn, indexes } = targets.table();
    return [arn, ...(queriesIndexes ? indexes : [])].map((resource) => ({ action, resource }));
  };
const onObjects =
  (action: string): Needs =>
  (targets, { objectAreas }) =>
    objectAreas.map((area) => ({ action, resource: `${targets.bucket().arn}/${area}*` }));
const onListedObjects =
  (action: string): Needs =>
  (targets, { readAreas }) =>
    readAreas.map((area) => ({ action, resource: `${targets.bucket().arn}/${area}*` }));
const onBucket =
  (action: string): Needs =>
  (targets) => [{ action, resource: targets.bucket().arn }];

const ssmDecrypt = (parameter: string): Grant => ({
  action: 'kms:Decrypt',
  // [ssm-kms] The key is the parameter's (aws/ssm or a customer key): any key of the account, but only
  // through SSM and only for this parameter's encryption context.
  resource: arnIn('kms', 'key/*'),
  when: {
    'kms:ViaService': `ssm.${sub('AWS::Region')}.amazonaws.com`,
    'kms:EncryptionContext:PARAMETER_ARN': parameter,
  },
});

/** A name ending in `/` is a path: @middy/ssm reads it with GetParametersByPath, any other with GetParameters. */
const isPath = (parameterArn: string): boolean => parameterArn.endsWith('/');

/** What the SDK's own credential chain may send: never in Lambda, where it stops at the role's variables. */
const credentialChain: Needs = () => [];

/**
 * The IAM needs of each AWS SDK command, by SDK package and operation. A command missing here fails the
 * check: add it with its source.
 */
export const commandNeeds: Readonly<Record<string, Readonly<Record<string, Needs>>>> = {
  '@aws-sdk/client-s3': {
    PutObject: onObjects('s3:PutObject'),
    GetObject: onListedObjects('s3:GetObject'),
    // [s3] HeadObject needs s3:GetObject.
    HeadObject: onListedObjects('s3:GetObject'),
    DeleteObject: onListedObjects('s3:DeleteObject'),
    // [s3] ListObjectsV2 (and its paginator) needs s3:ListBucket on the bucket, not its objects.
    ListObjectsV2: onBucket('s3:ListBucket'),
    // [s3] The client's S3 Express identity provider; sent only for directory buckets.
    CreateSession: (targets) => {
      const bucket = targets.bucket();
      return bucket.directory ? [{ action: 's3express:CreateSession', resource: bucket.arn }] : [];
    },
  },
  '@aws-sdk/client-dynamodb': {
    GetItem: onTable('dynamodb:GetItem'),
    // BatchGetItem is authorised as itself on each table it reads.
    BatchGetItem: onTable('dynamodb:BatchGetItem'),
    PutItem: onTable('dynamodb:PutItem'),
    UpdateItem: onTable('dynamodb:UpdateItem'),
    DeleteItem: onTable('dynamodb:DeleteItem'),
    Query: onTableAndQueriedIndexes('dynamodb:Query'),
    Scan: onTableAndIndexes('dynamodb:Scan'),
    // [ddb-tx] A transaction is authorised as its parts; ConditionCheck as dynamodb:ConditionCheckItem.
    TransactWriteItems: (targets, { transactionParts }) =>
      transactionParts.map((part) => ({
        action: part === 'ConditionCheck' ? 'dynamodb:ConditionCheckItem' : `dynamodb:${part}Item`,
        resource: targets.table().arn,
      })),
    // Endpoint discovery, sent only when enabled (AWS_ENABLE_ENDPOINT_DISCOVERY); it has no resource.
    DescribeEndpoints: (targets) =>
      targets.endpointDiscovery ? [{ action: 'dynamodb:DescribeEndpoints', resource: '*' }] : [],
  },
  '@aws-sdk/client-ssm': {
    // @middy/ssm sends GetParameters WithDecryption: a SecureString is also decrypted with KMS [ssm-kms].
    GetParameters: ({ parameters }) =>
      parameters
        .filter((p) => !isPath(p))
        .flatMap((p) => [{ action: 'ssm:GetParameters', resource: p }, ssmDecrypt(p)]),
    GetParametersByPath: ({ parameters }) =>
      parameters
        .filter(isPath)
        .flatMap((p) => [{ action: 'ssm:GetParametersByPath', resource: p.slice(0, -1) }, ssmDecrypt(p)]),
    GetParameter: ({ parameters }) =>
      parameters.flatMap((p) => [{ action: 'ssm:GetParameter', resource: p }, ssmDecrypt(p)]),
  },
  // [lambda] Invoke is authorised as lambda:InvokeFunction on the function invoked; the only caller is a
  // function re-invoking itself (rehydrate: context.functionName), so the resource is its own ARN.
  '@aws-sdk/client-lambda': {
    Invoke: (targets) => [{ action: 'lambda:InvokeFunction', resource: targets.selfArn }],
  },
  '@aws-sdk/client-opensearch': {
    DescribeDomain: ({ describedDomain }) =>
      describedDomain === undefined ? [] : [{ action: 'es:DescribeDomain', resource: describedDomain }],
  },
  // [creds] Lambda sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN from the role
  // (reserved: a function cannot override them), and the default chain tries them first.
  '@aws-sdk/nested-clients/sts': { AssumeRole: credentialChain, AssumeRoleWithWebIdentity: credentialChain },
  '@aws-sdk/nested-clients/sso': { GetRoleCredentials: credentialChain },
  '@aws-sdk/nested-clients/sso-oidc': { CreateToken: credentialChain },
  '@aws-sdk/nested-clients/signin': {
    CreateOAuth2Token: credentialChain,
    CreateOAuth2TokenWithIAM: credentialChain,
  },
};

/**
 * [es] A SigV4-signed request to a domain is authorised as `es:ESHttp<Method>` on the domain's ARN
 * followed by the request's path (`…:domain/logs/_bulk`).
 */
export function httpNeeds(targets: FunctionTargets, { httpRequests }: CodeFacts): Grant[] {
  const domain = targets.opensearch;
  if (domain === undefined || domain.signing === 'none') return [];
  if (domain.signing !== 'es')
    throw new Error(`${targets.function}: signing ${domain.signing} is not modelled here`);
  return httpRequests.map(({ method, path }) => ({
    action: `es:ESHttp${method[0]?.toUpperCase()}${method.slice(1).toLowerCase()}`,
    resource: `${domain.domainArn}${path}`,
  }));
}

/**
 * [esm] What the event source mapping does with the function's role: it writes a batch it gives up on to
 * the on-failure destination (for S3, objects under `aws/lambda/`, and it lists the bucket).
 */
export function lambdaServiceNeeds(targets: FunctionTargets): Grant[] {
  return targets.failureDestinations.flatMap(({ type, arn }): Grant[] => {
    switch (type) {
      case 'AWS::S3::Bucket':
        return [
          { action: 's3:PutObject', resource: `${arn}/aws/lambda/*` },
          { action: 's3:ListBucket', resource: arn },
        ];
      case 'AWS::SQS::Queue':
        return [{ action: 'sqs:SendMessage', resource: arn }];
      case 'AWS::SNS::Topic':
        return [{ action: 'sns:Publish', resource: arn }];
      default:
        throw new Error(`${targets.function}: on-failure destination ${arn} (${type}) is not modelled here`);
    }
  });
}
