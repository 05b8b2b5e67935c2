/**
 * Binding: a condition with its context values resolved (`$now` from `asOf`, `$ref` from `user`), as a
 * plain tree of literal tests. The memory evaluator compiles this tree; a store adapter compiles it to
 * its query language (the PostgreSQL adapter to SQL), which is why it is public.
 *
 * @module
 */
import { CrmError, type CrmIssue, type PathSegment } from '../core/errors.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import type { ResolvedFieldType } from './catalog.js';
import { treeOf, type Condition, type Node, type Scalar, type ValueSpec } from './define.js';
import type { ConditionExtension } from './extension.js';
import type { ConditionContext, ConditionOperator } from './types.js';
import { foldCase, shiftInstantOrNaN } from './values.js';

/**
 * A field test with literal values, in the field type's form: text as given (folded to lower case for
 * `contains`, `startsWith`, `matches` and list membership), numbers, booleans, dates as epoch
 * milliseconds, money as `{ amount, currency }` (currency `null` when only an amount was given), custom
 * fields as strings (dates as ISO text), numbers or booleans. `eq null` arrives as `isNull`.
 *
 * @example
 * ```ts
 * const t: BoundFieldTest = { kind: 'field', path: [], field: 'stageId', type: 'text', op: 'in', values: ['won', 'lost'] };
 * ```
 */
export type BoundFieldTest = {
  readonly kind: 'field';
  readonly path: readonly PathSegment[];
  readonly field: string;
  readonly type: ResolvedFieldType;
} & (
  | { readonly op: 'isNull'; readonly value: boolean }
  | { readonly op: 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'startsWith'; readonly value: Scalar }
  | { readonly op: 'in' | 'notIn'; readonly values: readonly Scalar[] }
  | { readonly op: 'between'; readonly low: Scalar; readonly high: Scalar }
  | { readonly op: 'matches'; readonly value: string }
);

/**
 * A condition bound to a context: combinators, literal field tests, constants (a test whose `$ref` had no
 * value: `eq` is false, `neq` true) and extension tests (which only the memory evaluator can run).
 *
 * @example
 * ```ts
 * const b: BoundNode = { kind: 'all', path: [], parts: [{ kind: 'const', path: ['all', 0], value: true }] };
 * ```
 */
export type BoundNode =
  | { readonly kind: 'all' | 'any'; readonly path: readonly PathSegment[]; readonly parts: readonly BoundNode[] }
  | { readonly kind: 'not'; readonly path: readonly PathSegment[]; readonly part: BoundNode }
  | { readonly kind: 'const'; readonly path: readonly PathSegment[]; readonly value: boolean }
  | BoundFieldTest
  | {
      readonly kind: 'extension';
      readonly path: readonly PathSegment[];
      readonly key: string;
      readonly test: Readonly<Record<string, unknown>>;
      readonly extension: ConditionExtension;
    };

/**
 * The problems of a context for a condition: `asOf` missing or invalid when the condition uses `$now`
 * (or an extension reads it), `user` missing when it uses `$ref`, and so on. Empty when the context
 * will do.
 *
 * @throws CrmError `validation_failed` when `condition` was not made by `defineCondition`; a bad context is
 * reported in the issues, never thrown.
 *
 * @example
 * ```ts
 * const c = unwrap(defineCondition({ field: 'closedAt', op: 'gte', value: { $now: '-P30D' } }, { entity: 'deal' }));
 * contextIssues(c, {}).map((i) => i.path); //=> [['asOf']]
 * ```
 */
export function contextIssues<E, X>(condition: Condition<E, X>, context: ConditionContext | undefined): CrmIssue[] {
  treeOf(condition);
  const issues: CrmIssue[] = [];
  const c = (context !== null && typeof context === 'object' ? context : {}) as Record<string, unknown>;
  for (const need of condition.requires) {
    const v = c[need];
    if (need === 'asOf') {
      if (!(v instanceof Date) || !Number.isFinite(v.getTime()))
        issues.push(
          crmIssue.invalidType(
            ['asOf'],
            'a valid Date: the condition counts time from it (there is no hidden "now")',
            v,
          ),
        );
    } else if (need === 'user') {
      if (typeof v !== 'object' || v === null || typeof (v as { id?: unknown }).id !== 'string')
        issues.push(
          crmIssue.invalidType(
            ['user'],
            'the user the condition is evaluated for ({ id, teamIds?, role?, email? })',
            v,
          ),
        );
    } else if (need === 'activities' || need === 'measures') {
      if (v === undefined) continue; // none given: no activities, no measures
      if (!(
        Array.isArray(v) ||
        typeof v === 'function' ||
        (need === 'measures' && typeof v === 'object' && v !== null)
      ))
        issues.push(
          crmIssue.invalidType(
            [need],
            need === 'activities'
              ? 'a list of activities or a function of the record'
              : 'an object or a function of the record',
            v,
          ),
        );
    }
  }
  return issues;
}

/**
 * Checks a context for a condition and throws when it will not do (see {@link contextIssues}).
 *
 * @throws CrmError `validation_failed` naming what is missing.
 */
export function assertContext<E, X>(condition: Condition<E, X>, context: ConditionContext | undefined): void {
  const issues = contextIssues(condition, context);
  if (issues.length > 0) throw invalidInput('Condition context', issues);
}

function resolveRef(name: string, context: ConditionContext): unknown {
  const user = context.user as Record<string, unknown> | undefined;
  if (user === undefined) return undefined;
  switch (name) {
    case 'user.id':
      return user['id'];
    case 'user.role':
      return user['role'];
    case 'user.email':
      return user['email'];
    case 'user.teamIds':
      return user['teamIds'];
    default:
      return undefined;
  }
}

/** A value spec resolved for a field type, or `undefined` when a reference has no value. */
function resolve(
  spec: ValueSpec,
  type: ResolvedFieldType,
  context: ConditionContext,
  path: readonly PathSegment[],
): Scalar | undefined {
  if (spec.kind === 'literal') return spec.value;
  if (spec.kind === 'now') {
    const t = shiftInstantOrNaN(context.asOf!.getTime(), spec.duration);
    if (!Number.isFinite(t))
      throw invalidInput('Condition context', [
        crmIssue.of('invalid_date', [...path, '$now'], 'asOf moved by this duration is outside the range of a Date'),
      ]);
    return type === 'custom' ? new Date(t).toISOString() : t;
  }
  const v = resolveRef(spec.name, context);
  return typeof v === 'string' ? v : undefined;
}

function fold(op: ConditionOperator, type: ResolvedFieldType, v: Scalar): Scalar {
  if (typeof v !== 'string') return v;
  if (op === 'contains' || op === 'startsWith' || op === 'matches')
    return op === 'matches' ? foldCase(v).replace(/\*+/g, '*') : foldCase(v);
  return type === 'list' ? foldCase(v) : v;
}

function bindNode(node: Node, context: ConditionContext): BoundNode {
  switch (node.kind) {
    case 'all':
    case 'any':
      return { kind: node.kind, path: node.path, parts: node.parts.map((p) => bindNode(p, context)) };
    case 'not':
      return { kind: 'not', path: node.path, part: bindNode(node.part, context) };
    case 'extension':
      return {
        kind: 'extension',
        path: node.path,
        key: node.extension.key,
        test: node.test,
        extension: node.extension,
      };
    case 'field': {
      const { path, field, type, op, operand } = node;
      const base = { kind: 'field' as const, path, field, type };
      const constant = (value: boolean): BoundNode => ({ kind: 'const', path, value });
      switch (operand.kind) {
        case 'flag':
          return { ...base, op: 'isNull', value: operand.value };
        case 'one': {
          const v = resolve(operand.value, type, context, [...path, 'value']);
          if (v === undefined) return constant(op === 'neq');
          return { ...base, op: op as 'eq', value: fold(op, type, v) };
        }
        case 'range': {
          const low = resolve(operand.low, type, context, [...path, 'value', 0]);
          const high = resolve(operand.high, type, context, [...path, 'value', 1]);
          if (low === undefined || high === undefined) return constant(false);
          return { ...base, op: 'between', low, high };
        }
        case 'many': {
          const values: Scalar[] = [];
          operand.values.forEach((spec, i) => {
            const v = resolve(spec, type, context, [...path, 'value', i]);
            if (v !== undefined) values.push(v);
          });
          return { ...base, op: op as 'in', values };
        }
        case 'refList': {
          const list = resolveRef(operand.name, context);
          const values = Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
          return { ...base, op: op as 'in', values };
        }
      }
    }
  }
}

/**
 * Binds a condition to a context: `$now` becomes an instant (`asOf` moved by the duration), `$ref` the
 * user's value, text for case-insensitive operators is folded, `eq null` becomes `isNull`. Store adapters
 * compile the result to their query language.
 *
 * @throws CrmError `validation_failed` when the context lacks what the condition needs (see
 * {@link contextIssues}), or `condition` was not made by `defineCondition`.
 * @example
 * ```ts
 * const c = unwrap(defineCondition({ field: 'closedAt', op: 'gte', value: { $now: '-P1D' } }, { entity: 'deal' }));
 * bindCondition(c, { asOf: new Date('2026-03-02T00:00:00Z') });
 * //=> { kind: 'field', path: [], field: 'closedAt', type: 'date', op: 'gte', value: 1772323200000 }
 * ```
 */
export function bindCondition<E, X>(condition: Condition<E, X>, context: ConditionContext = {}): BoundNode {
  const { node } = treeOf(condition);
  assertContext(condition, context);
  return bindNode(node, context);
}

/** Builds the error for a bad context value at run time (used by evaluators). */
export function contextError(path: readonly PathSegment[], expected: string, received: unknown): CrmError {
  return invalidInput('Condition context', [crmIssue.invalidType(path, expected, received)]);
}
