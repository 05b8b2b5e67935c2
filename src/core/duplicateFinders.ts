/**
 * The duplicate finders of matching rules and models, by the rule or model object: how `convertLead`
 * (in entities, which cannot depend on crmkit/quality) checks a new contact or account for duplicates
 * with a rule made in crmkit/quality. crmkit/quality registers a finder for every rule and model it
 * makes; nothing else does. Internal: not exported from any entry point.
 *
 * @module
 */
import type { Result } from './result.js';

/** One existing record a candidate duplicates. */
export interface FoundDuplicate {
  readonly id: string;
  readonly score: number;
}

/** Finds the existing records a candidate duplicates, best first. */
export type DuplicateFinder = (candidate: object, existing: readonly object[]) => Result<readonly FoundDuplicate[]>;

/** A finder and the kind of record its rule compares. */
export interface RegisteredFinder {
  readonly object: string;
  readonly find: DuplicateFinder;
}

const FINDERS = /* @__PURE__ */ new WeakMap<object, RegisteredFinder>();

/** Registers the finder of a rule or model (crmkit/quality calls it for every rule and model it makes). */
export function registerDuplicateFinder(matcher: object, finder: RegisteredFinder): void {
  FINDERS.set(matcher, finder);
}

/** The finder of a rule or model made by crmkit/quality, or `undefined` for anything else. */
export function duplicateFinderOf(matcher: unknown): RegisteredFinder | undefined {
  return typeof matcher === 'object' && matcher !== null ? FINDERS.get(matcher) : undefined;
}
