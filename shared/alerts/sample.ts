import type { KubernetesContext } from '../logs/types';
import { escapeSlack } from './escape';
import { codeBlock, codeSpan, utc } from './text';
import type { AlertSample } from './types';

/** Longest escaped message shown per sample; five of them keep an alert readable. */
const SAMPLE_MESSAGE_MAX = 1000;

/** `ns/pod/container on host`, escaped; `undefined` when there is nothing to show. */
export function kubernetesText(k8s: KubernetesContext | undefined): string | undefined {
  if (!k8s) return undefined;
  const path = [k8s.namespace, k8s.pod, k8s.container].filter((part): part is string => Boolean(part));
  if (path.length === 0 && !k8s.host) return undefined;
  const where = path.length > 0 ? codeSpan(path.join('/')) : '';
  return k8s.host ? `${where}${where ? ' on ' : ''}${codeSpan(k8s.host)}` : where;
}

/** `pathname:lineno` as a code span, or `undefined`. */
export function sourceText(sample: { pathname?: string; lineno?: number }): string | undefined {
  if (!sample.pathname) return undefined;
  return codeSpan(sample.lineno === undefined ? sample.pathname : `${sample.pathname}:${sample.lineno}`);
}

/**
 * One sample as mrkdwn: a meta line (level, time, source, service, Kubernetes) and the message in a
 * code block. Everything is escaped; the whole stays far below the 3000-character section limit.
 */
export function sampleText(sample: AlertSample): string {
  const meta = [
    `*${escapeSlack(sample.level.toUpperCase().slice(0, 10))}*`,
    utc(sample.timestamp),
    sourceText(sample),
    sample.service ? `service ${codeSpan(sample.service, 100)}` : undefined,
    kubernetesText(sample.kubernetes),
  ].filter((part): part is string => part !== undefined);
  const message = sample.message === '' ? '_(empty message)_' : codeBlock(sample.message, SAMPLE_MESSAGE_MAX);
  return `${meta.join(' · ')}\n${message}`;
}
