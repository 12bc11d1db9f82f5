import { loadConfig } from '../../shared/config';
import { readDurationText } from '../../shared/durations';
import { parseCommandArgs } from '../args';
import { type Command, UsageError } from '../command';
import { runOpenSearchSetup } from '../opensearch/run-setup';

const help = `
Usage: sluice opensearch setup [--retention DURATION] [--dry-run] [--json]

  setup   Applies what the index path expects, idempotently (a re-run changes nothing):
            - the index template for OPENSEARCH_INDEX_PREFIX* (default logs-*): explicit mappings,
              attrs as one flat_object field, a quarantine field for refused fields;
            - the ISM policy deleting those indices after the retention (OPENSEARCH_RETENTION,
              default 30d; --retention overrides);
            - the OpenSearch Dashboards saved objects (index pattern, a saved search of errors, a
              chart of errors per pathname over time) when DASHBOARDS_URL is set, or the domain is
              an AWS one (its /_dashboards).

  --retention DURATION   e.g. 7d, 90d, 12h
  --dry-run              only report what would change
  --json                 print the steps as one JSON array

OpenSearch is found through OPENSEARCH_URL, or OPENSEARCH_DOMAIN (an AWS domain name, resolved with
DescribeDomain); AWS endpoints are signed with SigV4. See docs/opensearch.md.
`;

/** `sluice opensearch setup`. */
export const opensearchCommand: Command = {
  name: 'opensearch',
  summary: 'apply the OpenSearch index template, ISM retention policy and Dashboards objects',
  help,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { retention: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
      'opensearch',
    );
    if (positionals.length !== 1 || positionals[0] !== 'setup') {
      throw new UsageError('sluice opensearch: use "sluice opensearch setup" (see sluice opensearch --help)');
    }
    const retention = values.retention === undefined ? undefined : readDurationText(values.retention);
    if (retention?.ok === false) throw new UsageError(`sluice opensearch: --retention: ${retention.problem}`);
    const retentionMs = retention?.ms;
    const dryRun = values['dry-run'] === true;
    const steps = await runOpenSearchSetup(loadConfig(), {
      dryRun,
      ...(retentionMs !== undefined ? { retentionMs } : {}),
    });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(steps)}\n`);
      return 0;
    }
    const would = dryRun ? 'would be ' : '';
    for (const step of steps) {
      process.stdout.write(
        `${step.resource}: ${would}${step.action}${step.detail ? ` (${step.detail})` : ''}\n`,
      );
    }
    return 0;
  },
};
