'use strict';
// sluice's own Serverless Framework plugin: the deploy guards, and `serverless invoke local` without
// `--stage local`. CommonJS: the framework loads plugins with require.
const { deployProblems } = require('./deploy-guards');
const { packageRules, rulesFileProblems } = require('./packaged-rules');
const { routeSlackDestinations, slackDestinationsOf } = require('./slack-destinations');

/** The EventSourceArn of the stack's MSK event source mappings (all name the same cluster). */
function clusterArnOf(resources) {
  const mapping = Object.values(resources?.Resources ?? {}).find(
    (resource) => resource?.Type === 'AWS::Lambda::EventSourceMapping',
  );
  return mapping?.Properties?.EventSourceArn;
}

class SluicePlugin {
  constructor(serverless, options, { log } = {}) {
    // sluice supports Node 20 on the machines that package, deploy and invoke locally: the AWS SDK's
    // notice that it will stop supporting it in 2027 is not for its users.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    this.serverless = serverless;
    this.options = options;
    this.log = log ?? { notice: (text) => process.stderr.write(`${text}\n`) };
    this.hooks = {
      initialize: () => this.invokeLocalWithLocalEnvironment(),
      'before:package:initialize': () => {
        this.refuseUnfitCluster();
        this.shipRules();
      },
      'after:aws:package:finalize:mergeCustomProviderResources': () => this.grantSlackDestinations(),
    };
  }

  get stage() {
    return this.serverless.getProvider('aws').getStage();
  }

  /**
   * `invoke local` cannot resolve the CloudFormation references of a deployed stage's environment:
   * for any stage it takes the environment of the stage `local` (from this shell, as `sluice stack`
   * exports it), so the command users type first works.
   */
  invokeLocalWithLocalEnvironment() {
    const [command, sub] = this.serverless.processedInput?.commands ?? [];
    if (command !== 'invoke' || sub !== 'local' || this.stage === 'local') return;
    const local = this.serverless.service.custom?.environment?.local;
    if (!local) return;
    this.serverless.service.provider.environment = { ...local };
    this.log.notice(
      `invoke local: the function reads its resources from this shell (SLUICE_TABLE, SLUICE_BUCKET, ` +
        `AWS_ENDPOINT_URL_*, OPENSEARCH_URL ...), as with --stage local; stage ${this.stage}'s ` +
        'CloudFormation references cannot be resolved here',
    );
  }

  /** The example MSK cluster, or one in another region, never reaches a stage that deploys. */
  refuseUnfitCluster() {
    const problems = deployProblems({
      stage: this.stage,
      region: this.serverless.getProvider('aws').getRegion(),
      clusterArn: clusterArnOf(this.serverless.service.resources),
      exampleArn: this.serverless.configurationInput?.params?.default?.mskClusterArn,
    });
    // The framework's own error class: it prints the message alone, without a stack trace.
    if (problems.length > 0)
      throw new this.serverless.classes.Error(`sluice: ${problems.join('; ')}`, 'SLUICE_UNFIT_CLUSTER');
  }

  /**
   * The stage's own rules file (`rules`), when it names one: refused with sluice's one-line problems
   * when it has any, else shipped with detect and sweep as their SLUICE_RULES. Without it they run
   * the bundled rules.
   */
  shipRules() {
    const file = String(this.serverless.service.custom?.rules ?? '').trim();
    if (file === '') return;
    const problems = rulesFileProblems(this.serverless.serviceDir ?? process.cwd(), file);
    if (problems.length > 0)
      throw new this.serverless.classes.Error(`sluice: ${problems.join('\n')}`, 'SLUICE_RULES_FILE');
    packageRules(this.serverless.service, file);
    this.log.notice(`sluice: rules from ${file}, packaged with detect and sweep (SLUICE_RULES)`);
  }

  /**
   * The routed Slack destinations of the stage (`slackDestinations`): their variables go to detect
   * and sweep, their parameters' grants to those functions' roles alone.
   */
  grantSlackDestinations() {
    let destinations;
    try {
      destinations = slackDestinationsOf(this.serverless.service.custom?.slackDestinations);
    } catch (error) {
      throw new this.serverless.classes.Error(`sluice: ${error.message}`, 'SLUICE_SLACK_DESTINATIONS');
    }
    routeSlackDestinations(this.serverless.service.provider.compiledCloudFormationTemplate, destinations);
  }
}

module.exports = SluicePlugin;
