export { AttrLimits, FieldLimits } from './limits';
export { normalizeLog } from './normalize';
export type { KubernetesContext, LogEvent, NormalizeOptions } from './types';
export { Level } from './types';
