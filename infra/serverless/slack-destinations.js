'use strict';
// Routed Slack destinations of a stage (docs/deploy.md "Routed Slack channels"): each one's webhook
// parameter is told to the functions that post alerts (detect, sweep) and granted to their roles
// alone, so that each role may read exactly the parameters its function resolves. CommonJS: the
// framework loads plugins with require.

/** The functions that post routed alerts (notify posts alarms to the default webhook only). */
const ROUTING_FUNCTIONS = ['DetectLambdaFunction', 'SweepLambdaFunction'];
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * The destinations a `slackDestinations` stage parameter lists: `name=/ssm/parameter` pairs separated
 * by commas (empty: none). Throws an Error saying what is wrong; never echoes a webhook URL.
 *
 * @example
 * slackDestinationsOf('payments=/sluice/prod/slack-payments');
 * // [{ name: 'payments', variable: 'SLACK_WEBHOOK_URL_PAYMENTS', parameter: '/sluice/prod/slack-payments', sid: 'Payments' }]
 */
function slackDestinationsOf(spec) {
  const destinations = [];
  for (const pair of String(spec ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const at = pair.indexOf('=');
    const name = at < 0 ? pair : pair.slice(0, at).trim();
    const parameter = at < 0 ? '' : pair.slice(at + 1).trim();
    if (!NAME.test(name)) {
      throw new Error(
        `slackDestinations: "${name}" is not a destination name (letters, digits, - and _); write name=/ssm/parameter pairs separated by commas`,
      );
    }
    if (!parameter.startsWith('/')) {
      throw new Error(
        `slackDestinations: destination ${name} needs the name of the SSM SecureString parameter holding its webhook (name=/sluice/<stage>/slack-${name}); a webhook URL must never be in the template`,
      );
    }
    const key = name.toUpperCase().replaceAll('-', '_');
    if (destinations.some((destination) => destination.key === key)) {
      throw new Error(`slackDestinations: destination ${name} is listed twice`);
    }
    const sid = key
      .split('_')
      .filter(Boolean)
      .map((word) => word[0] + word.slice(1).toLowerCase())
      .join('');
    destinations.push({ name, key, variable: `SLACK_WEBHOOK_URL_${key}`, parameter, sid });
  }
  return destinations;
}

const sub = (text) => ({ 'Fn::Sub': text });

/** The two statements that let a role read one destination's parameter, and decrypt it through SSM only. */
function grantsOf(destination) {
  const parameterArn = sub(
    `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${destination.parameter}`,
  );
  return [
    {
      Sid: `SlackDestination${destination.sid}Parameter`,
      Effect: 'Allow',
      Action: ['ssm:GetParameters'],
      Resource: parameterArn,
    },
    {
      Sid: `SlackDestination${destination.sid}Decrypt`,
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: sub(`arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/*`),
      Condition: {
        StringEquals: {
          'kms:ViaService': sub(`ssm.\${AWS::Region}.amazonaws.com`),
          'kms:EncryptionContext:PARAMETER_ARN': parameterArn,
        },
      },
    },
  ];
}

/**
 * Adds the destinations to a compiled CloudFormation template: each one's variable to the environment
 * of detect and sweep, and its grants to their roles (inline policy), nothing to any other function.
 *
 * @example
 * routeSlackDestinations(template, slackDestinationsOf('payments=/sluice/prod/slack-payments'));
 */
function routeSlackDestinations(template, destinations) {
  if (destinations.length === 0) return;
  for (const id of ROUTING_FUNCTIONS) {
    const fn = template.Resources?.[id];
    if (!fn) throw new Error(`slackDestinations: the template has no ${id}`);
    const properties = fn.Properties;
    properties.Environment ??= { Variables: {} };
    properties.Environment.Variables = { ...properties.Environment.Variables };
    for (const destination of destinations) {
      properties.Environment.Variables[destination.variable] = destination.parameter;
    }
    const roleId = properties.Role?.['Fn::GetAtt']?.[0];
    const policy = template.Resources?.[roleId]?.Properties?.Policies?.[0]?.PolicyDocument;
    if (!policy) throw new Error(`slackDestinations: ${id} has no role with an inline policy to grant to`);
    policy.Statement = [...policy.Statement, ...destinations.flatMap(grantsOf)];
  }
}

module.exports = { slackDestinationsOf, routeSlackDestinations };
