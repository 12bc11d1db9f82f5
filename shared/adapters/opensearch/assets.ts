import type { API, Types } from '@opensearch-project/opensearch';

/**
 * The body of `PUT _index_template/<name>`, as the OpenSearch API specification types it.
 * Dotted settings keys (`index.refresh_interval`) fall into the spec's `[key: string]: any` of
 * `IndexSettings`: the spec names only the nested form, so their values are not checked.
 */
export type IndexTemplateBody = API.Indices_PutIndexTemplate_RequestBody;

/** An ISM policy, as the OpenSearch API specification types it (the `policy` of `PUT _plugins/_ism/policies/<id>`). */
export type IsmPolicy = Types.Ism_Common.Policy;

/**
 * Everything `sluice opensearch setup` applies, rendered for one index prefix and retention. infra/
 * renders it; the setup steps here apply it (so shared/ never imports infra/).
 *
 * @example
 * const assets: OpenSearchAssets = renderOpenSearchAssets('logs-', 30 * 86_400_000);
 * await applyIndexTemplate(http, assets);
 */
export interface OpenSearchAssets {
  /** Index template name, e.g. `sluice-logs`. */
  readonly templateName: string;
  /** The pattern the template and the policy apply to, e.g. `logs-*`. */
  readonly indexPattern: string;
  readonly indexTemplate: IndexTemplateBody;
  /** ISM policy id, e.g. `sluice-logs-retention`. */
  readonly policyId: string;
  /** The `{ policy: ... }` body of the ISM API. */
  readonly ismPolicy: { readonly policy: IsmPolicy };
  /** OpenSearch Dashboards saved objects, one per line (the import API's ndjson). */
  readonly dashboardsNdjson: string;
  /** Short content hash of each asset, stored with it, so setup can tell "unchanged" from "outdated". */
  readonly hashes: { readonly indexTemplate: string; readonly ismPolicy: string };
}
