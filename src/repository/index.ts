/**
 * Storage ports and their rules, the write and read rules every adapter shares (`checkWrite`,
 * `checkRead`, `conflictError`, `notFoundError`, …), the typed query language with its reference evaluator, the
 * in-memory store, and use cases that cross entities (lead conversion, deal transitions) over any
 * {@link Store}. An adapter needs nothing but this entry: it re-exports the core values adapters use
 * (`CrmError`, `Result` and its helpers).
 *
 * @module crmkit/repository
 */
export { REPOSITORY_KINDS } from './ports.js';
export type {
  StoreContext,
  WriteOptions,
  Repository,
  StoredEvent,
  EventOutbox,
  EventPage,
  Repositories,
  Store,
  RepositoryName,
  ScanQuery,
  ScanOptions,
  UpsertManyOptions,
  BulkRepository,
  RepositoryCapabilities,
  RepositoryCapability,
  RepositoryWith,
  RepositoriesWith,
  StoreWith,
  BulkStore,
  BulkRepositories,
  AggregateMeasure,
  AggregateQuery,
  AggregateGroupValue,
  AggregateMeasureValue,
  AggregateRow,
  AggregateRepository,
  AggregateStore,
  WorkflowLedger,
  WorkflowStore,
  LedgerEntry,
  DeadLetter,
} from './ports.js';
export {
  checkLedgerKey,
  checkLedgerJson,
  checkLedgerPosition,
  checkDeadLetter,
  checkDeadLettersOptions,
} from './checkLedger.js';
export { isBulkRepository, isBulkStore } from './isBulkRepository.js';
export { isAggregateRepository, isAggregateStore } from './isAggregateRepository.js';
export { checkAggregate } from './checkAggregate.js';
export type { AggregateRequest, AggregateField, CheckedMeasure, CheckedAggregate } from './checkAggregate.js';
export { createAggregation } from './aggregateRecords.js';
export type { Aggregation } from './aggregateRecords.js';
export { checkScan, checkScanOptions, checkScanQuery } from './checkScan.js';
export type { ScanRequest, CheckedScan } from './checkScan.js';
export { scanWithFind } from './scanWithFind.js';
export { scanPages } from './scanPages.js';
export type { PageSource, OpenedScan } from './scanPages.js';
export { collect } from './collect.js';
export type { Collector } from './collect.js';
export { checkBulkWrite } from './checkBulkWrite.js';
export type { BulkWriteRequest, CheckedBulkWrite } from './checkBulkWrite.js';
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
// The write and read rules every store keeps, shared so that a third-party adapter needs nothing private.
export { checkWrite, isStorableId } from './checkWrite.js';
export type {
  StoredEntity,
  InsertRequest,
  UpdateRequest,
  DeleteRequest,
  WriteRequest,
  CheckedInsert,
  CheckedUpdate,
  CheckedDelete,
} from './checkWrite.js';
export { checkRead } from './checkRead.js';
export type {
  GetRequest,
  GetManyRequest,
  FindRequest,
  CountRequest,
  ReadRequest,
  CheckedGet,
  CheckedGetMany,
  CheckedFind,
  CheckedCount,
} from './checkRead.js';
export { checkTransaction, checkTransactionResult } from './checkTransaction.js';
export { checkEventsRead } from './checkEventsRead.js';
export type { EventsReadOptions } from './checkEventsRead.js';
export {
  conflictError,
  notFoundError,
  transactionEndedError,
  storedRecordError,
  bulkConflictError,
} from './storeErrors.js';
export { createMemoryStore } from './memory.js';
export { ENTITY_PARSERS } from './parsers.js';
export type { EntityParser } from './parsers.js';
export type { MemoryStore, MemoryStoreOptions } from './memory.js';
export { convertLeadInStore } from './convertLeadInStore.js';
export { importInStore } from './importInStore.js';
export type { ImportInStoreOptions, ImportInStoreResult } from './importInStore.js';
export type { LeadConvertedPayload, StoredLeadConversion } from './convertLeadInStore.js';
export { transitionDealInStore } from './transitionDealInStore.js';
export { segmentMembersInStore } from './segmentMembersInStore.js';
export { npsInStore } from './npsInStore.js';
export type { NpsInStoreOptions, NpsInStoreByOptions } from './npsInStore.js';
export { conversionInStore } from './conversionInStore.js';
export type { ConversionInStoreOptions } from './conversionInStore.js';
export { churnInStore } from './churnInStore.js';
export type { ChurnInStoreOptions } from './churnInStore.js';
export { retentionInStore } from './retentionInStore.js';
export type { RetentionInStoreOptions } from './retentionInStore.js';
export { renewalInStore } from './renewalInStore.js';
export type { RenewalInStoreOptions } from './renewalInStore.js';
export { cohortRetentionInStore } from './cohortRetentionInStore.js';
export type { CohortRetentionInStoreOptions } from './cohortRetentionInStore.js';
export { rfmSummaryInStore } from './rfmSummaryInStore.js';
export type { RfmSummaryInStoreOptions } from './rfmSummaryInStore.js';
export type { SegmentMembersInStoreOptions, StoredSegmentMembership } from './segmentMembersInStore.js';
// Core values an adapter needs (the one error type, Result and its helpers, the entity context),
// re-exported so that an adapter imports nothing but this entry.
export { CrmError, isCrmError, formatPath } from '../core/errors.js';
export type { CrmErrorCode, CrmIssue, CrmIssueCode, PathSegment } from '../core/errors.js';
export { ok, err, fail } from '../core/result.js';
export type { Result, Ok, Err } from '../core/result.js';
export { crmIssue, invalidInput, checkOptionKeys } from '../core/issues.js';
export { systemClock } from '../core/clock.js';
export type { Clock } from '../core/clock.js';
export { recordEvents } from '../automation/recordEvents.js';
export type { DomainEvent } from '../core/events.js';
export type { EntityKind } from '../core/ids.js';
export type { CustomFieldRegistry, EntityContext } from '../entities/index.js';
export { mergeInStore } from './mergeInStore.js';
export type { MergeInStoreOptions, RepointedRecord, StoredMerge } from './mergeInStore.js';
