/**
 * Access control, the pure core: policies (defaults, roles, a role hierarchy, sharing rules, field
 * rules), decisions that explain themselves, the condition a query is ANDed with, field redaction and
 * field-level edit checks. docs/access.md is the guide.
 *
 * @module crmkit/access
 */
export { ACCESS_ACTIONS, ACCESS_LEVELS } from './types.js';
export type {
  AccessAction,
  AccessLevel,
  AccessRule,
  AccessGrants,
  SharingRule,
  FieldRule,
  AccessPolicySpec,
  AccessUser,
} from './types.js';
export { defineAccessPolicy, isAccessPolicy } from './defineAccessPolicy.js';
export type { AccessPolicy } from './defineAccessPolicy.js';
export { can } from './can.js';
export type { AccessDecision, AccessDecisionLevel, AccessBecause, CanOptions } from './can.js';
export { accessCondition } from './accessCondition.js';
export type { AccessConditionOptions } from './accessCondition.js';
export { redact } from './redact.js';
export { checkWritableFields } from './checkWritableFields.js';
export { withAccess } from './withAccess.js';
export type { WithAccessOptions } from './withAccess.js';
