export { escapeSlack, truncateEscaped } from './escape';
export { formatAlert } from './format-alert';
export { formatDigest } from './format-digest';
export { formatResolved } from './format-resolved';
export { SlackLimits } from './limits';
export { discoverUrl } from './links';
export type { Alert, AlertLinks, AlertSample, ResolvedNotice, SlackMessage } from './types';
