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
export type { FilterValue, FieldFilter, FieldName, Filter, SortKey, Query, Page } from './query.js';
export { ENTITY_FIELDS } from './fields.js';
export type { FieldType } from './fields.js';
export {
  validateQuery,
  fieldType,
  readField,
  compareValues,
  entityComparator,
  compareToPosition,
  compileFilter,
  encodeCursor,
  decodeCursor,
  cursorAfter,
  runQuery,
  countMatching,
} from './evaluate.js';
export type {
  ResolvedFieldType,
  SortValue,
  NormalizedFieldFilter,
  NormalizedFilter,
  NormalizedSortKey,
  CursorPosition,
  NormalizedQuery,
} from './evaluate.js';
export { validateContext, validateEvents } from './validate.js';
export { createMemoryStore } from './memory.js';
export { ENTITY_PARSERS } from './parsers.js';
export type { EntityParser } from './parsers.js';
export type { MemoryStore, MemoryStoreOptions, RepositoryName } from './memory.js';
export { convertLeadInStore } from './convertLeadInStore.js';
export type { LeadConvertedPayload, StoredLeadConversion } from './convertLeadInStore.js';
export { transitionDealInStore } from './transitionDealInStore.js';
