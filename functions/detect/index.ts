export type { DetectOverrides } from './deps';
export { alertLinks, buildDetectDeps } from './deps';
export { alertOf, detectBatch } from './detect-batch';
export { detectState } from './state';
export type { DetectDeps, DetectReport, DetectSettings, DetectState, FiredAlert } from './types';
export { DEFAULT_DETECT_SETTINGS } from './types';
