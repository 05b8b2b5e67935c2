/**
 * Storage ports and their rules, the typed query language with its reference evaluator, the
 * in-memory store, and use cases that cross entities (lead conversion, deal transitions) over any
 * {@link Store}.
 *
 * @module crmkit/repository
 */
export { REPOSITORY_KINDS } from './ports.js';
export type { StoreContext, WriteOptions, Repository, StoredEvent, EventOutbox, Repositories, Store } from './ports.js';
export { DEFAULT_LIMIT, MAX_LIMIT, DEFAULT_EVENT_LIMIT } from './query.js';
export type { Where, Filter, FieldName, SortKey, Query, Page } from './query.js';
export { ENTITY_FIELDS } from '../conditions/catalog.js';
export type { FieldType, ResolvedFieldType } from '../conditions/catalog.js';
export { validateQuery, validateCountQuery } from './validateQuery.js';
export type { NormalizedQuery } from './validateQuery.js';
export { readField, compareValues, entityComparator, compareToPosition } from './sort.js';
export type { SortValue, NormalizedSortKey, CursorPosition } from './sort.js';
export { encodeCursor, decodeCursor, cursorAfter } from './cursor.js';
export { runQuery, countMatching, queryPredicate } from './runQuery.js';
export { bindCondition, defineCondition, isCondition } from '../conditions/index.js';
export type {
  BoundNode,
  BoundFieldTest,
  Condition,
  ConditionContext,
  ConditionJson,
  Scalar,
  MoneyScalar,
} from '../conditions/index.js';
export { validateContext, validateEvents } from './validate.js';
export { createMemoryStore } from './memory.js';
export { ENTITY_PARSERS } from './parsers.js';
export type { EntityParser } from './parsers.js';
export type { MemoryStore, MemoryStoreOptions, RepositoryName } from './memory.js';
export { convertLeadInStore } from './convertLeadInStore.js';
export type { LeadConvertedPayload, StoredLeadConversion } from './convertLeadInStore.js';
export { transitionDealInStore } from './transitionDealInStore.js';
