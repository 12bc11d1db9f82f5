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
  readonly indexTemplate: Record<string, unknown>;
  /** ISM policy id, e.g. `sluice-logs-retention`. */
  readonly policyId: string;
  /** The `{ policy: ... }` body of the ISM API. */
  readonly ismPolicy: { readonly policy: Record<string, unknown> };
  /** OpenSearch Dashboards saved objects, one per line (the import API's ndjson). */
  readonly dashboardsNdjson: string;
  /** Short content hash of each asset, stored with it, so setup can tell "unchanged" from "outdated". */
  readonly hashes: { readonly indexTemplate: string; readonly ismPolicy: string };
}
