/**
 * Defects the fuzzer (test/fuzz, issue 12) found in src/conditions: one test per finding, naming the
 * fuzz call that found it. Each failed before its fix.
 */
import { describe, expect, it } from 'vitest';
import {
  activityTests,
  changeTests,
  compareDecimal,
  defineCondition,
  defineFieldCatalog,
  evaluateCondition,
  explainCondition,
  fieldTypeIn,
  globMatch,
  measureTests,
  parseIsoDuration,
  shiftInstant,
  type FieldCatalog,
  type FieldType,
} from '../../src/conditions/index.js';
import { unwrap } from '../../src/core/index.js';

const crmError = (code: string) => expect.objectContaining({ name: 'CrmError', code });

class CallerError extends Error {}

describe('fuzz findings in src/conditions', () => {
  it("defineFieldCatalog(fields = throwing getter): a Result, not the getter's exception", () => {
    const fields = Object.defineProperty({}, 'x', {
      enumerable: true,
      get() {
        throw new CallerError('getter x');
      },
    }) as Record<string, FieldType>;
    const r = defineFieldCatalog('order', fields);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('validation_failed');
  });

  it('evaluateCondition(context.activities[0] = hole): a CrmError naming the activity, not a TypeError', () => {
    const c = unwrap(
      defineCondition(
        { activity: { field: 'kind', op: 'eq', value: 'web' } },
        { entity: 'lead', extensions: [activityTests] },
      ),
    );
    const activities = [undefined, { kind: 'web', occurredAt: '2026-02-01T00:00:00Z' }] as never;
    const asOf = new Date('2026-03-01T00:00:00Z');
    expect(() => evaluateCondition(c, { id: 'l1' }, { asOf, activities })).toThrow(crmError('validation_failed'));
    expect(() => explainCondition(c, { id: 'l1' }, { asOf, activities })).toThrow(crmError('validation_failed'));
  });

  it("compareDecimal(b = 'NaN'): a thrown CrmError, never NaN (nor 'Infinity', nor hexadecimal)", () => {
    for (const bad of ['NaN', 'Infinity', '-Infinity', '0x10', '1e99999999999999999'])
      expect(() => compareDecimal('-0012.500', bad)).toThrow(crmError('validation_failed'));
    expect(compareDecimal('-0012.500', '1e3')).toBe(-1);
    expect(compareDecimal('+1.5e3', '1500')).toBe(0);
    expect(compareDecimal('.5', '0.50')).toBe(0);
  });

  it('globMatch(pattern = sparse array): a thrown CrmError, not a TypeError', () => {
    expect(() => globMatch('ada@example.com', [] as unknown as string)).toThrow(crmError('validation_failed'));
    expect(() => globMatch(Symbol('x') as unknown as string, '*')).toThrow(crmError('validation_failed'));
  });

  it('shiftInstant(d.months = a random value): a thrown CrmError, never NaN; out of range too', () => {
    const d = { sign: -1 as const, years: 1, months: Number.NaN, days: 10, ms: 3_600_000 };
    expect(() => shiftInstant(Date.UTC(2026, 0, 1), d)).toThrow(crmError('validation_failed'));
    expect(() => shiftInstant(Number.NaN, parseIsoDuration('P1D')!)).toThrow(crmError('validation_failed'));
    expect(() => shiftInstant(8.64e15, parseIsoDuration('P1D')!)).toThrow(crmError('validation_failed'));
    expect(shiftInstant(Date.UTC(2026, 0, 31), parseIsoDuration('P1M')!)).toBe(Date.UTC(2026, 1, 28));
  });

  it('fieldTypeIn(catalog.fields.total = -Infinity): null, not the value as a type', () => {
    const catalog = { name: 'order', fields: { total: -Infinity }, customFields: false } as unknown as FieldCatalog;
    expect(fieldTypeIn(catalog, 'total')).toBeNull();
    expect(fieldTypeIn({ ...catalog, fields: { total: 'money' } }, 'total')).toBe('money');
  });

  it('explainCondition(record.createdAt = an object without a prototype): shown, not a TypeError', () => {
    const c = unwrap(defineCondition({ field: 'name', op: 'contains', value: 'a' }, { entity: 'deal' }));
    const e = explainCondition(c, { name: Object.create(null) as object });
    expect(e.result).toBe(false);
    expect(e.detail).toContain('{}');
  });

  it('explainCondition(record.name = deep array): a bounded detail, not a stack overflow', () => {
    let deep: unknown = [1];
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const c = unwrap(defineCondition({ field: 'name', op: 'eq', value: 'a' }, { entity: 'deal' }));
    expect(explainCondition(c, { name: deep }).result).toBe(false);
  });

  it('explainCondition(record.stageId = Infinity, record.status = invalid Date): null as actual, never NaN/Infinity', () => {
    const c = unwrap(defineCondition({ field: 'stageId', op: 'eq', value: 'won' }, { entity: 'deal' }));
    expect(explainCondition(c, { stageId: Infinity }).actual).toBeNull();
    const measures = measureTests({ ltv: 'number' });
    const m = unwrap(
      defineCondition({ measure: 'ltv', op: 'gt', value: 1 }, { entity: 'lead', extensions: [measures] }),
    );
    expect(explainCondition(m, {}, { measures: { ltv: Number.NaN } }).actual).toBeNull();
    const changed = unwrap(
      defineCondition({ changedTo: 'status', value: 'qualified' }, { entity: 'lead', extensions: changeTests }),
    );
    const e = explainCondition(changed, { status: new Date(Number.NaN) }, { previous: { status: 'new' } });
    expect(e.actual).toEqual({ from: 'new', to: null });
  });
});
