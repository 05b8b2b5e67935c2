/**
 * Change tests: whether a field changed between the previous and the next version of a record — the
 * triggers of workflows ("when the stage changes to won").
 *
 * @module
 */
import type { CrmIssue } from '../../core/errors.js';
import { crmIssue } from '../../core/issues.js';
import { fieldTypeIn } from '../catalog.js';
import type { ConditionExtension, ExtensionCompileTools, ExtensionPredicate, ExtensionTools } from '../extension.js';
import type { ConditionContext } from '../types.js';
import { displayActual, fieldReader, instantOf } from '../evaluate.js';
import { showValue } from '../../_lib/show.js';
import { compareDecimal } from '../values.js';

/** Whether two values of a field are the same: dates by instant, money by amount and currency, the rest by JSON. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (a instanceof Date || b instanceof Date) return instantOf(a) === instantOf(b);
  const am = a as { amount?: unknown; currency?: unknown },
    bm = b as { amount?: unknown; currency?: unknown };
  if (typeof am.amount === 'string' && typeof bm.amount === 'string')
    return am.currency === bm.currency && compareDecimal(am.amount, bm.amount) === 0;
  if (typeof a === 'object' && typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

function checkField(tools: ExtensionTools, field: unknown, key: string): CrmIssue[] {
  if (typeof field !== 'string' || fieldTypeIn(tools.catalog, field) === null)
    return [
      crmIssue.unknownName(
        'unknown_field',
        [key],
        `field of ${tools.catalog.name}`,
        field,
        Object.keys(tools.catalog.fields),
      ),
    ];
  return [];
}

function build(
  test: Readonly<Record<string, unknown>>,
  tools: ExtensionCompileTools,
  key: 'changed' | 'changedFrom' | 'changedTo',
): ExtensionPredicate {
  const field = test[key] as string;
  const type = fieldTypeIn(tools.catalog, field)!;
  const read = fieldReader(field, type);
  const hasValue = key !== 'changed';
  const value = test['value'];
  const matches = hasValue
    ? tools.nested({ field, op: Array.isArray(value) ? 'in' : 'eq', value }, tools.catalog)
    : () => true;
  // The result from the two values: `test` calls it directly (no object per call), `explain` with them.
  const decide = (record: unknown, context: ConditionContext, before: unknown, after: unknown): boolean => {
    if (sameValue(before, after)) return false;
    if (key === 'changed') return true;
    const previous = context.previous ?? null;
    const side = key === 'changedFrom' ? previous : record;
    return side !== null && matches(side, context);
  };
  const beforeOf = (context: ConditionContext): unknown => {
    const previous = context.previous ?? null;
    return previous === null ? undefined : read(previous);
  };
  const wanted = hasValue ? ` ${key === 'changedFrom' ? 'from' : 'to'} ${showValue(value)}` : '';
  return {
    test: (record, context) => decide(record, context, beforeOf(context), read(record)),
    explain: (record, context) => {
      const before = beforeOf(context);
      const after = read(record);
      const result = decide(record, context, before, after);
      return {
        result,
        actual: { from: displayActual(before), to: displayActual(after) },
        ...(hasValue ? { expected: value } : {}),
        detail: `${field} went from ${showValue(before ?? null)} to ${showValue(after ?? null)}; changed${wanted} → ${result}`,
      };
    },
  };
}

function extension(key: 'changed' | 'changedFrom' | 'changedTo'): ConditionExtension {
  return Object.freeze({
    key,
    options: Object.freeze(key === 'changed' ? [] : ['value']),
    reads: Object.freeze(['previous'] as const),
    validate(test: Readonly<Record<string, unknown>>, tools: ExtensionTools) {
      const issues = checkField(tools, test[key], key);
      if (issues.length > 0 || key === 'changed') return issues;
      if (!('value' in test))
        return [
          crmIssue.invalidType(
            ['value'],
            `the value the field changed ${key === 'changedFrom' ? 'from' : 'to'}`,
            undefined,
          ),
        ];
      const value = test['value'];
      const op = Array.isArray(value) ? 'in' : 'eq';
      return tools.nested({ field: test[key], op, value }, tools.catalog, []).map((i) => ({
        ...i,
        path: i.path[0] === 'field' ? [key, ...i.path.slice(1)] : i.path,
      }));
    },
    compile: (test: Readonly<Record<string, unknown>>, tools: ExtensionCompileTools) => build(test, tools, key),
  });
}

/**
 * The change-test extensions for workflow conditions, evaluated on the next version of a record with
 * `context.previous` the version before (no `previous`: the record was just created, and every field
 * "changed" from null):
 * - `{ changed: 'stageId' }` — the field's value differs (dates by instant, money by amount and currency);
 * - `{ changedFrom: 'stageId', value: 'proposal' }` — it changed, and the previous value was this one (an
 *   array: one of these);
 * - `{ changedTo: 'stageId', value: ['won', 'lost'] }` — it changed, and the new value is this one.
 *
 * @example
 * ```ts
 * declare const deal: Deal;
 * const c = unwrap(defineCondition({ changedTo: 'stageId', value: 'won' }, { entity: 'deal', extensions: changeTests }));
 * evaluateCondition(c, { ...deal, stageId: 'won' }, { previous: deal }); //=> true when deal was not won
 * ```
 */
export const changeTests: readonly ConditionExtension[] = /* @__PURE__ */ Object.freeze([
  /* @__PURE__ */ extension('changed'),
  /* @__PURE__ */ extension('changedFrom'),
  /* @__PURE__ */ extension('changedTo'),
]);
