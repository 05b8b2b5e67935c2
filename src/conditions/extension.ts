/**
 * Extensions: kinds of test a domain adds to the condition language without forking its grammar, as
 * pipeline guards are registered by name. A test of an extension is an object whose marking key is the
 * extension's `key` (`{ activity: …, atLeast: 2 }`); it is validated with the rest of the condition,
 * with paths, and evaluated through the extension's predicate.
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import type { ConditionContext } from './types.js';
import type { FieldCatalog } from './catalog.js';

/**
 * What a context field an extension reads; `evaluateCondition` checks it is there.
 *
 * @example
 * ```ts
 * const r: ContextRequirement = 'activities';
 * ```
 */
export type ContextRequirement = 'asOf' | 'user' | 'activities' | 'previous' | 'measures' | 'data';

/**
 * How one test of an extension came out, for `explainCondition`.
 *
 * @example
 * ```ts
 * const o: ExtensionOutcome = { result: true, actual: 3, expected: '≥ 2', detail: '3 activities matched (at least 2 needed)' };
 * ```
 */
export interface ExtensionOutcome {
  readonly result: boolean;
  /** What was found on the record (a count, a previous value, a measure). */
  readonly actual?: unknown;
  /** What the test asked for. */
  readonly expected?: unknown;
  /** A sentence for people. */
  readonly detail: string;
}

/**
 * A compiled test of an extension: `test` for evaluation, `explain` for explanation (both must agree).
 *
 * @example
 * ```ts
 * const p: ExtensionPredicate = { test: () => true, explain: () => ({ result: true, detail: 'always' }) };
 * ```
 */
export interface ExtensionPredicate {
  /** Whether the record passes the test, in a context. */
  test(record: unknown, context: ConditionContext): boolean;
  /** The same answer, with what was found and what was asked for (for `explainCondition`). */
  explain(record: unknown, context: ConditionContext): ExtensionOutcome;
}

/**
 * What an extension's `validate` may use: the catalog of the record the condition is about, and a
 * validator for conditions nested in a test (an activity test's filter is a condition on activities).
 *
 * @example
 * ```ts
 * declare const test: Readonly<Record<string, unknown>>;
 * declare const tools: ExtensionTools;
 * const issues = tools.nested(test['activity'], 'activity', ['activity']);
 * ```
 */
export interface ExtensionTools {
  /** The catalog of the record the condition is about. */
  readonly catalog: FieldCatalog;
  /**
   * Validates a condition nested in the test, on another catalog (an entity kind or a catalog), with
   * the same limits; returns its issues with paths relative to the test (`path` is where it sits in the test).
   */
  nested(json: unknown, catalog: string | FieldCatalog, path: readonly PathSegment[]): readonly CrmIssue[];
}

/**
 * What an extension's `compile` may use: a predicate builder for nested conditions (validated before).
 *
 * @example
 * ```ts
 * declare const test: Readonly<Record<string, unknown>>;
 * declare const tools: ExtensionCompileTools;
 * const matches = tools.nested(test['activity'], 'activity');
 * ```
 */
export interface ExtensionCompileTools {
  /** The catalog of the record the condition is about. */
  readonly catalog: FieldCatalog;
  /** Compiles a nested condition (validated by `validate`) into a predicate; context values are resolved per call. */
  nested(json: unknown, catalog: string | FieldCatalog): (record: unknown, context: ConditionContext) => boolean;
}

/**
 * A kind of test added to the condition language.
 *
 * @example
 * ```ts
 * const vip: ConditionExtension = {
 *   key: 'vip',
 *   options: [],
 *   reads: ['data'],
 *   validate: (test) => (typeof test['vip'] === 'boolean' ? [] : [{ path: ['vip'], message: 'expected a boolean', code: 'invalid_type' }]),
 *   compile: (test) => {
 *     const want = test['vip'] === true;
 *     const has = (record: unknown, ctx: ConditionContext) =>
 *       ((ctx.data?.['vipIds'] as string[] | undefined) ?? []).includes((record as { id: string }).id);
 *     return {
 *       test: (r, ctx) => has(r, ctx) === want,
 *       explain: (r, ctx) => ({ result: has(r, ctx) === want, actual: has(r, ctx), expected: want, detail: 'on the VIP list' }),
 *     };
 *   },
 * };
 * ```
 */
export interface ConditionExtension {
  /** The key that marks a test of this kind (`activity`, `changed`, `measure`, …). */
  readonly key: string;
  /** The other keys a test may have (besides `key`); any other key is refused. */
  readonly options: readonly string[];
  /** What the extension reads from the context; `evaluateCondition` refuses a context without it. */
  readonly reads: readonly ContextRequirement[];
  /** Checks a test; issues have paths relative to the test object. Must not throw. */
  validate(test: Readonly<Record<string, unknown>>, tools: ExtensionTools): readonly CrmIssue[];
  /** Builds the predicate of a validated test. */
  compile(test: Readonly<Record<string, unknown>>, tools: ExtensionCompileTools): ExtensionPredicate;
}
