import type { OpenSearchAssets } from './assets';
import { describeError } from './classify';
import type { HttpResult } from './client-transport';
import { OpenSearchSetupError } from './errors';

/** One HTTP exchange with OpenSearch or Dashboards; an error status is an answer, not a throw. */
export type OpenSearchHttp = (request: {
  method: string;
  path: string;
  body?: string | Buffer | Record<string, unknown>;
  querystring?: Record<string, string>;
  headers?: Record<string, string>;
}) => Promise<HttpResult>;

/** What setup did (or, with `dryRun`, would do) to one resource. */
export const SetupAction = {
  created: 'created',
  updated: 'updated',
  unchanged: 'unchanged',
  imported: 'imported',
  skipped: 'skipped',
} as const;
export type SetupAction = (typeof SetupAction)[keyof typeof SetupAction];

export interface SetupStep {
  readonly resource: string;
  readonly action: SetupAction;
  readonly detail?: string;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function refused(what: string, result: HttpResult): OpenSearchSetupError {
  const body = isObject(result.body) ? result.body : {};
  const { type, reason } = describeError(body.error ?? result.body);
  return new OpenSearchSetupError(`${what}: OpenSearch answered ${result.status} ${type}: ${reason}`.trim());
}

const ok = (status: number): boolean => status >= 200 && status < 300;

/**
 * Creates or updates the index template; leaves it alone when the stored one carries the same hash.
 *
 * @example
 * await applyIndexTemplate(http, renderOpenSearchAssets('logs-', 30 * 86_400_000)); // { action: 'created', ... }
 */
export async function applyIndexTemplate(
  http: OpenSearchHttp,
  assets: OpenSearchAssets,
  dryRun = false,
): Promise<SetupStep> {
  const resource = `index template ${assets.templateName}`;
  const path = `/_index_template/${encodeURIComponent(assets.templateName)}`;
  const current = await http({ method: 'GET', path });
  if (current.status !== 404 && !ok(current.status)) throw refused(`reading ${resource}`, current);
  let action: SetupAction = SetupAction.created;
  if (ok(current.status)) {
    const stored =
      isObject(current.body) && Array.isArray(current.body.index_templates)
        ? current.body.index_templates
        : [];
    const meta = (stored[0] as { index_template?: { _meta?: { sluice_hash?: unknown } } } | undefined)
      ?.index_template?._meta;
    if (meta?.sluice_hash === assets.hashes.indexTemplate) return { resource, action: SetupAction.unchanged };
    action = SetupAction.updated;
  }
  if (!dryRun) {
    const put = await http({ method: 'PUT', path, body: assets.indexTemplate });
    if (!ok(put.status)) throw refused(`writing ${resource}`, put);
  }
  return {
    resource,
    action,
    detail: `applies to new indices matching ${assets.indexPattern}`,
  };
}

/**
 * Creates or updates the ISM retention policy (an update names the stored version, so a concurrent
 * change is not overwritten blindly). Skipped where ISM is not available (OpenSearch Serverless).
 *
 * @example
 * await applyIsmPolicy(http, assets); // { resource: 'ISM policy sluice-logs-retention', action: 'created' }
 */
export async function applyIsmPolicy(
  http: OpenSearchHttp,
  assets: OpenSearchAssets,
  dryRun = false,
): Promise<SetupStep> {
  const resource = `ISM policy ${assets.policyId}`;
  const path = `/_plugins/_ism/policies/${encodeURIComponent(assets.policyId)}`;
  const current = await http({ method: 'GET', path });
  if (typeof (current.body as Json | undefined)?.error === 'string' || current.status === 405) {
    // "no handler found for uri": the ISM plugin is not installed (or this is OpenSearch Serverless).
    return {
      resource,
      action: SetupAction.skipped,
      detail: 'ISM is not available on this cluster; set retention another way',
    };
  }
  if (current.status !== 404 && !ok(current.status)) throw refused(`reading ${resource}`, current);
  let action: SetupAction = SetupAction.created;
  let querystring: Record<string, string> | undefined;
  if (ok(current.status) && isObject(current.body)) {
    const stored = isObject(current.body.policy) ? current.body.policy : {};
    if (
      typeof stored.description === 'string' &&
      stored.description.endsWith(`[sluice:${assets.hashes.ismPolicy}]`)
    ) {
      return { resource, action: SetupAction.unchanged };
    }
    action = SetupAction.updated;
    querystring = {
      if_seq_no: String(current.body._seq_no),
      if_primary_term: String(current.body._primary_term),
    };
  }
  if (!dryRun) {
    const put = await http({
      method: 'PUT',
      path,
      body: assets.ismPolicy,
      ...(querystring ? { querystring } : {}),
    });
    if (!ok(put.status)) throw refused(`writing ${resource}`, put);
  }
  return { resource, action, detail: 'applies to indices created from now on' };
}

/**
 * Imports the Dashboards saved objects (overwriting the ones with the same ids, so a re-run changes
 * nothing). `http` talks to OpenSearch Dashboards; undefined skips the step with a hint.
 *
 * @example
 * await importDashboards(dashboardsHttp, assets); // { resource: 'Dashboards saved objects', action: 'imported', detail: '3 objects' }
 */
export async function importDashboards(
  http: OpenSearchHttp | undefined,
  assets: OpenSearchAssets,
  dryRun = false,
): Promise<SetupStep> {
  const resource = 'Dashboards saved objects';
  if (http === undefined) {
    return {
      resource,
      action: SetupAction.skipped,
      detail: 'no Dashboards URL: set DASHBOARDS_URL, or import infra/opensearch/dashboards.ndjson by hand',
    };
  }
  const count = assets.dashboardsNdjson.trim().split('\n').length;
  if (dryRun) return { resource, action: SetupAction.imported, detail: `${count} objects (dry run)` };
  const boundary = `sluice-${assets.hashes.indexTemplate}`;
  const body = Buffer.from(
    [
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="sluice.ndjson"',
      'Content-Type: application/ndjson',
      '',
      assets.dashboardsNdjson,
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  );
  const result = await http({
    method: 'POST',
    path: '/api/saved_objects/_import',
    querystring: { overwrite: 'true' },
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'osd-xsrf': 'true' },
    body,
  });
  const answer = isObject(result.body) ? result.body : {};
  if (!ok(result.status) || answer.success !== true) {
    const errors = Array.isArray(answer.errors) ? JSON.stringify(answer.errors).slice(0, 300) : '';
    throw new OpenSearchSetupError(
      `importing ${resource}: Dashboards answered ${result.status} ${String(answer.message ?? '')} ${errors}`.trim(),
    );
  }
  return {
    resource,
    action: SetupAction.imported,
    detail: `${String(answer.successCount ?? count)} objects`,
  };
}
