export type { PartitionOffsets, WindowDelta, WindowKey } from './aggregate';
export { aggregateBatch, MAX_SAMPLES, sampleOf } from './aggregate';
export { DEFAULT_RULES_SOURCE, DEFAULT_RULES_YAML } from './default-rules';
export { formatDuration, readDuration } from './durations';
export { fieldValue, isRuleField, KNOWN_FIELDS } from './fields';
export { groupOf, UNKNOWN_GROUP } from './group';
export { loadRules, RulesFileError } from './load';
export { defaultRules, parseRules } from './parse';
export type { PartitionStep, WritePlan } from './plan-write';
export { markName, planWrite, splitPlan } from './plan-write';
export { RealertDecision, realertDecision, rememberFired } from './realert';
export { backtrackingProblem, MATCH_INPUT_LIMIT } from './regex-safety';
export { describeProblem } from './report';
export type {
  AlertKey,
  AlertStore,
  ClaimOptions,
  DetectStore,
  SlackBudget,
  StoredAlert,
  WindowRecord,
  WindowStore,
  WindowWrite,
} from './store';
export { AlertQueue, AlertStatus, ClaimResult, ResolveOutcome, WindowAlert } from './store';
export type { Rule, RuleProblem, RuleSet, RulesParse } from './types';
export { eventTimeMs, windowStart, windowStarts } from './windows';
