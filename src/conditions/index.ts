/**
 * The one condition language of crmkit — for repository queries, scoring rules, segments, workflows,
 * access rules and matching rules: JSON data (`{ field, op, value }`, `all` / `any` / `not`, relative
 * values `$now` and `$ref`, extension tests registered by name), validated with paths, evaluated the
 * same way in memory and in SQL, and explained. docs/conditions.md is the reference.
 *
 * @module crmkit/conditions
 */
export { CONDITION_OPERATORS } from './types.js';
export type {
  ConditionOperator,
  ConditionJson,
  FieldTest,
  FieldName,
  ConditionValue,
  ConditionLiteral,
  MoneyValue,
  NowValue,
  RefValue,
  ConditionContext,
  ConditionUser,
  ConditionActivity,
} from './types.js';
export {
  ENTITY_FIELDS,
  ENTITY_FIELD_VALUES,
  entityCatalog,
  defineFieldCatalog,
  fieldTypeIn,
  isFieldName,
} from './catalog.js';
export type { FieldType, ResolvedFieldType, FieldCatalog } from './catalog.js';
export {
  defineCondition,
  conditionToJSON,
  isCondition,
  operatorsFor,
  CONDITION_REFS,
  MAX_CONDITION_DEPTH,
  MAX_CONDITION_NODES,
  MAX_LIST_VALUES,
  MAX_TEXT_LENGTH,
  MAX_PATTERN_LENGTH,
} from './define.js';
export type { Condition, AnyCondition, DefineConditionOptions, Scalar, MoneyScalar } from './define.js';
export { bindCondition, contextIssues } from './bind.js';
export type { BoundNode, BoundFieldTest } from './bind.js';
export { evaluateCondition, compileCondition, explainCondition } from './evaluate.js';
export type { ConditionExplanation } from './evaluate.js';
export type {
  ConditionExtension,
  ExtensionPredicate,
  ExtensionOutcome,
  ExtensionTools,
  ExtensionCompileTools,
  ContextRequirement,
} from './extension.js';
export { activityTests } from './extensions/activityTests.js';
export type { ActivityTestJson } from './extensions/activityTests.js';
export { changeTests } from './extensions/changeTests.js';
export { measureTests } from './extensions/measureTests.js';
export {
  compareText,
  compareDecimal,
  foldCase,
  globMatch,
  parseIsoDuration,
  shiftInstant,
  canonicalDecimal,
} from './values.js';
export type { IsoDuration } from './values.js';
