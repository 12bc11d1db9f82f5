import { setOwn } from './attrs';
import { boundField } from './limits';
import type { KubernetesContext } from './types';

type JsonObject = Record<string, unknown>;

/** Field names used by Fluent Bit / Fluentd (`*_name`, `host`) and Vector (`pod_namespace`, `pod_node_name`). */
const fieldNames = {
  namespace: ['namespace_name', 'pod_namespace', 'namespace'],
  pod: ['pod_name', 'pod'],
  container: ['container_name', 'container'],
  host: ['host', 'pod_node_name', 'node_name'],
} as const;

/** The Kubernetes metadata of a record, split into the four normalized fields and everything else. */
export interface KubernetesParts {
  /** Present when at least one of namespace, pod, container, host was found. */
  readonly context?: KubernetesContext;
  /** The other metadata (labels, annotations, pod_id, docker_id, container_image...), kept in attrs. */
  readonly rest?: JsonObject;
}

/**
 * Splits a `kubernetes` metadata object (Fluent Bit / Fluentd `kubernetes` filter) into
 * `{namespace, pod, container, host}` and the rest.
 *
 * @example
 * splitKubernetes({ pod_name: 'api-1', namespace_name: 'shop', labels: { app: 'api' } });
 * // { context: { namespace: 'shop', pod: 'api-1' }, rest: { labels: { app: 'api' } } }
 */
export function splitKubernetes(metadata: JsonObject): KubernetesParts {
  let context: KubernetesContext | undefined;
  const used: string[] = [];
  for (const field of ['namespace', 'pod', 'container', 'host'] as const) {
    for (const name of fieldNames[field]) {
      const value = metadata[name];
      if (typeof value === 'string' && value !== '') {
        context ??= {};
        context[field] = boundField(value);
        used.push(name);
        break;
      }
    }
  }
  if (used.length === 0) return { rest: metadata };
  let rest: JsonObject | undefined;
  for (const key of Object.keys(metadata)) {
    if (used.includes(key)) continue;
    rest ??= {};
    setOwn(rest, key, metadata[key]);
  }
  return rest === undefined ? { context } : { context, rest };
}
