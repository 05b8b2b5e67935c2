/**
 * Measure tests: conditions on measures computed for a record (lifetime value, NPS answered, last
 * purchase) rather than on its fields — segments select customers by them.
 *
 * @module
 */
import { defineFieldCatalog, type FieldCatalog, type FieldType } from '../catalog.js';
import type { ConditionExtension } from '../extension.js';
import type { ConditionContext } from '../types.js';
import { contextError } from '../bind.js';

function measuresOf(record: unknown, context: ConditionContext): Readonly<Record<string, unknown>> {
  const m = context.measures;
  if (m === undefined) return {};
  const v = typeof m === 'function' ? m(record) : m;
  if (typeof v !== 'object' || v === null) throw contextError(['measures'], 'an object of measures', v);
  return v;
}

/**
 * Builds the measure-test extension for a set of named measures and their types:
 * `{ measure: 'historicalValue', op: 'gte', value: '1000' }` compares the record's measure as a field
 * test would (every operator and value form of the field type: `$now` for dates, Money for money).
 * Measures come from `context.measures` — an object, or a function of the record; a missing measure is null.
 *
 * @throws CrmError `validation_failed` for a bad measure name or type (the set is written in code).
 * @example
 * ```ts
 * declare const asOf: Date;
 * declare const contact: Contact;
 * declare const measuresById: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
 * const measures = measureTests({ historicalValue: 'money', lastPurchaseAt: 'date', npsAnswered: 'boolean' });
 * const c = unwrap(defineCondition({ measure: 'lastPurchaseAt', op: 'gte', value: { $now: '-P90D' } }, { entity: 'contact', extensions: [measures] }));
 * evaluateCondition(c, contact, { asOf, measures: (r) => measuresById.get((r as { id: string }).id) ?? {} });
 * ```
 */
export function measureTests(measures: Readonly<Record<string, FieldType>>): ConditionExtension {
  const defined = defineFieldCatalog('measures', measures);
  if (!defined.ok) throw defined.error;
  const catalog: FieldCatalog = defined.value;
  return Object.freeze({
    key: 'measure',
    options: Object.freeze(['op', 'value']),
    reads: Object.freeze(['measures'] as const),
    validate(test: Readonly<Record<string, unknown>>, tools: Parameters<ConditionExtension['validate']>[1]) {
      const json = { field: test['measure'], op: test['op'], value: test['value'] };
      if (!('value' in test)) delete (json as { value?: unknown }).value;
      return tools
        .nested(json, catalog, [])
        .map((i) => ({ ...i, path: i.path[0] === 'field' ? ['measure', ...i.path.slice(1)] : i.path }));
    },
    compile(test: Readonly<Record<string, unknown>>, tools: Parameters<ConditionExtension['compile']>[1]) {
      const name = test['measure'] as string;
      const p = tools.nested({ field: name, op: test['op'], value: test['value'] }, catalog);
      return {
        test: (record: unknown, context: ConditionContext) => p(measuresOf(record, context), context),
        explain: (record: unknown, context: ConditionContext) => {
          const m = measuresOf(record, context);
          const result = p(m, context);
          const actual = Object.prototype.hasOwnProperty.call(m, name) ? m[name] : null;
          return {
            result,
            actual,
            expected: test['value'],
            detail: `measure ${name} ${String(test['op'])}: ${result}`,
          };
        },
      };
    },
  });
}
