'use strict';
// What `serverless package` and `deploy` refuse before building anything, as plain values so that a
// test can check each case without the framework. CommonJS: the framework loads plugins with require.

const mskClusterArn = /^arn:aws[a-z-]*:kafka:([a-z0-9-]+):(\d{12}):cluster\/([^/]+)\/([^/]+)$/;

/**
 * The problems with the MSK cluster a stage's mappings read, one sentence each (none: []).
 *
 * @example
 * deployProblems({ stage: 'prod', region: 'eu-west-1', clusterArn: exampleArn, exampleArn });
 * // ['mskClusterArn is still the example of serverless.yml (...): ...']
 */
function deployProblems({ stage, region, clusterArn, exampleArn }) {
  if (stage === 'local') return [];
  if (clusterArn === exampleArn)
    return [
      `mskClusterArn is still the example of serverless.yml (${exampleArn}): set the ARN of the stage's ` +
        `MSK cluster under params.${stage}.mskClusterArn, or with --param mskClusterArn=arn:aws:kafka:...`,
    ];
  const match = mskClusterArn.exec(clusterArn ?? '');
  if (!match)
    return [
      `mskClusterArn "${clusterArn}" is not an MSK cluster ARN ` +
        '(arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>)',
    ];
  if (match[1] !== region)
    return [
      `mskClusterArn is a cluster in ${match[1]}, but stage ${stage} deploys to ${region}: an event source ` +
        `mapping reads a cluster of its own region (deploy with --region ${match[1]}, or name the cluster of ${region})`,
    ];
  return [];
}

module.exports = { deployProblems };
