/**
 * Data quality: normalisers for matching (phones through libphonenumber-js, e-mails, person and company
 * names, registrable domains through the public-suffix list), matching rules (OR of groups, AND within a
 * group) with presets, Fellegi–Sunter match models trained by EM, duplicate search and clusters with
 * blocking, completeness reports, and controlled imports (CSV parsing, import plans with dedupe, CSV-injection
 * escaping). docs/quality.md is the guide.
 *
 * @module crmkit/quality
 */
export { normalizePhoneNumber } from './normalizePhoneNumber.js';
export type { NormalizePhoneNumberOptions } from './normalizePhoneNumber.js';
export { normalizeEmail } from './normalizeEmail.js';
export { normalizePersonName } from './normalizePersonName.js';
export { normalizeCompanyName } from './normalizeCompanyName.js';
export { registrableDomain } from './registrableDomain.js';
export { LEGAL_SUFFIXES } from './legalSuffixes.js';
export { FREE_MAIL_DOMAINS } from './freeMailDomains.js';
export { jaroWinkler } from './jaroWinkler.js';
export type { JaroWinklerOptions } from './jaroWinkler.js';
export { defineMatchingRule } from './defineMatchingRule.js';
export { STANDARD_LEAD_RULE, STANDARD_CONTACT_RULE, STANDARD_ACCOUNT_RULE } from './presets.js';
export { STANDARD_COMPARISONS } from './standardComparisons.js';
export { matchKeys } from './matchKeys.js';
export { findDuplicates } from './findDuplicates.js';
export type { FindDuplicatesOptions, FoundDuplicates } from './findDuplicates.js';
export { duplicateClusters, duplicateClustersAsync } from './duplicateClusters.js';
export type { DuplicateClustersOptions, DuplicateClusters } from './duplicateClusters.js';
export { trainMatchModel, trainMatchModelAsync } from './trainMatchModel.js';
export type { TrainMatchModelOptions } from './trainMatchModel.js';
export { matchScore } from './matchScore.js';
export type { MatchScore } from './matchScore.js';
export { completenessReport } from './completenessReport.js';
export type {
  CompletenessReportOptions,
  CompletenessReport,
  FieldFill,
  RecordCompleteness,
} from './completenessReport.js';
export { parseCsv } from './parseCsv.js';
export type { ParseCsvOptions, ParsedCsv, CsvRow, CsvRowError, CsvDateFormat } from './parseCsv.js';
export { isCsvFormula } from './isCsvFormula.js';
export { csvSafe } from './csvSafe.js';
export { importRows } from './importRows.js';
export { IMPORT_FIELDS } from './importFields.js';
export type {
  ImportKind,
  ImportRecord,
  ImportRowsOptions,
  OnDuplicate,
  ImportPlan,
  ImportCreate,
  ImportUpdate,
  ImportSkip,
  ImportDuplicate,
  ImportRowError,
  ImportFormula,
} from './importRows.js';
export type {
  MatchObject,
  MatchMethod,
  BlankBehaviour,
  MatchingItemSpec,
  MatchingRuleSpec,
  MatchingItem,
  MatchingRule,
  MatchLevelSpec,
  MatchComparisonSpec,
  MatchLevel,
  MatchComparison,
  MatchModel,
  Matcher,
  FieldEvidence,
  DuplicateCandidate,
  DroppedKey,
  MatchRecord,
} from './types.js';
export { mergeRecords } from './mergeRecords.js';
export type {
  MergeKind,
  MergeRecordOf,
  MergeSurvivor,
  MergeFieldRule,
  MergeRecordsOptions,
  RecordsMergedPayload,
  MergedRecords,
} from './mergeRecords.js';
