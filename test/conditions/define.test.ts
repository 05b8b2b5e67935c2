import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  activityTests,
  changeTests,
  conditionToJSON,
  defineCondition,
  defineFieldCatalog,
  isCondition,
  MAX_CONDITION_DEPTH,
  measureTests,
  type ConditionExtension,
} from '../../src/conditions/index.js';
import { conditionArbitrary } from '../../src/testing/index.js';
import { hostileValue } from '../_hostile.js';
import { unwrap } from '../../src/core/result.js';

function issuesOf(json: unknown, entity = 'deal', extensions?: readonly ConditionExtension[]) {
  const r = defineCondition(json, { entity, ...(extensions === undefined ? {} : { extensions }) });
  if (r.ok) throw new Error(`expected a failure for ${JSON.stringify(json)}`);
  expect(r.error.code).toBe('validation_failed');
  return r.error.issues.map((i) => `${i.code}@${i.path.join('.')}`);
}

describe('defineCondition: valid conditions', () => {
  it('accepts every operator on a field of a type it applies to', () => {
    const tests = [
      { field: 'name', op: 'eq', value: 'Acme' },
      { field: 'name', op: 'neq', value: null },
      { field: 'stageId', op: 'in', value: ['won', 'lost'] },
      { field: 'stageId', op: 'notIn', value: [] },
      { field: 'amount', op: 'gt', value: '1000.50' },
      { field: 'amount', op: 'gte', value: 7 },
      { field: 'amount', op: 'lt', value: { amount: '10', currency: 'EUR' } },
      { field: 'closedAt', op: 'lte', value: '2026-01-01' },
      { field: 'closedAt', op: 'between', value: [new Date('2026-01-01T00:00:00Z'), { $now: 'PT0S' }] },
      { field: 'name', op: 'contains', value: 'acme' },
      { field: 'name', op: 'startsWith', value: 'Ac' },
      { field: 'name', op: 'matches', value: 'Ac*?' },
      { field: 'closedAt', op: 'isNull', value: true },
      { field: 'ownerId', op: 'eq', value: { $ref: 'user.id' } },
      { field: 'ownerId', op: 'in', value: { $ref: 'user.teamIds' } },
      { field: 'customFields.tags', op: 'contains', value: 3 },
      { field: 'stageHistory', op: 'isNull', value: false },
    ];
    for (const t of tests) expect(defineCondition(t, { entity: 'deal' }).ok, JSON.stringify(t)).toBe(true);
    expect(
      defineCondition({ field: 'teamIds', op: 'contains', value: { $ref: 'user.id' } }, { entity: 'team' }).ok,
    ).toBe(false);
    expect(
      defineCondition({ field: 'memberIds', op: 'contains', value: { $ref: 'user.id' } }, { entity: 'team' }).ok,
    ).toBe(true);
  });

  it('remembers what its evaluation reads from the context', () => {
    const r = defineCondition(
      {
        all: [
          { field: 'closedAt', op: 'gte', value: { $now: '-P7D' } },
          { field: 'ownerId', op: 'eq', value: { $ref: 'user.id' } },
        ],
      },
      { entity: 'deal' },
    );
    expect(r.ok && r.value.requires).toEqual(['asOf', 'user']);
    const a = defineCondition(
      { activity: { field: 'kind', op: 'eq', value: 'web' } },
      { entity: 'lead', extensions: [activityTests] },
    );
    expect(a.ok && [a.value.requires, a.value.extensions]).toEqual([['activities', 'asOf'], ['activity']]);
  });

  it('validates against a host catalog', () => {
    const orders = unwrap(defineFieldCatalog('order', { total: 'money', placedAt: 'date', channel: 'text' }));
    expect(defineCondition({ field: 'total', op: 'gt', value: '10' }, { entity: orders }).ok).toBe(true);
    expect(issuesOf({ field: 'customFields.x', op: 'isNull', value: true }, orders as never)).toEqual([
      'unknown_field@field',
    ]);
  });
});

describe('defineCondition: every problem at once, each with its path and a typed code', () => {
  it('reports unknown fields, operators, extensions and references, wrong value types and bad text', () => {
    expect(
      issuesOf({
        all: [
          { field: 'stage', op: 'eq', value: 'won' },
          { field: 'name', op: 'like', value: '%a%' },
          { field: 'amount', op: 'contains', value: '1' },
          { field: 'amount', op: 'gt', value: 0.5 },
          { field: 'closedAt', op: 'gt', value: 'yesterday' },
          { field: 'version', op: 'gt', value: Number.NaN },
          { field: 'stageId', op: 'in', value: ['a', null] },
          { field: 'name', op: 'eq', value: 'a\u0000' },
          { field: 'name', op: 'eq', value: 'bad \uD800 text' },
          { field: 'ownerId', op: 'eq', value: { $ref: 'user.nope' } },
          { field: 'closedAt', op: 'gt', value: { $now: '30 days' } },
          { field: 'name', op: 'eq', value: { $now: '-P1D' } },
          { field: 'closedAt', op: 'between', value: ['2026-02-01', '2026-01-01'] },
          { field: 'name', op: 'isNull', value: 'yes' },
          { field: 'name', op: 'eq' },
          { field: 'name', op: 'eq', value: 'x', extra: 1 },
          { wat: 1 },
          { and: [] },
          'not a condition',
        ],
      }),
    ).toEqual([
      'unknown_field@all.0.field',
      'unknown_operator@all.1.op',
      'unknown_operator@all.2.op',
      'invalid_amount@all.3.value',
      'invalid_date@all.4.value',
      'invalid_type@all.5.value',
      'invalid_type@all.6.value.1',
      'invalid_format@all.7.value',
      'invalid_format@all.8.value',
      'unknown_reference@all.9.value.$ref',
      'invalid_value@all.10.value.$now',
      'invalid_type@all.11.value',
      'out_of_order@all.12.value',
      'invalid_type@all.13.value',
      'invalid_type@all.14.value',
      'unrecognized_keys@all.15',
      'unknown_extension@all.16.wat',
      'unknown_extension@all.17.and',
      'invalid_type@all.18',
    ]);
  });

  it('refuses __proto__, constructor and other Object.prototype names as fields, and custom keys of them', () => {
    const json = JSON.parse(
      '{"any":[{"field":"__proto__","op":"eq","value":1},{"field":"constructor","op":"eq","value":1},{"field":"customFields.toString","op":"eq","value":1},{"field":"customFields.__proto__","op":"isNull","value":true}]}',
    );
    expect(issuesOf(json)).toEqual([
      'unknown_field@any.0.field',
      'unknown_field@any.1.field',
      'unknown_field@any.2.field',
      'unknown_field@any.3.field',
    ]);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it(`refuses nesting deeper than ${MAX_CONDITION_DEPTH} levels, patterns past 1,000 characters and lists past 1,000 values`, () => {
    let deep: unknown = { field: 'name', op: 'eq', value: 'a' };
    for (let i = 0; i < 10_000; i++) deep = { not: deep };
    expect(issuesOf(deep)).toEqual([
      `too_deep@${Array(MAX_CONDITION_DEPTH + 1)
        .fill('not')
        .join('.')}`,
    ]);
    expect(issuesOf({ field: 'name', op: 'matches', value: '*'.repeat(10_000) })).toEqual(['too_big@value']);
    expect(issuesOf({ field: 'name', op: 'in', value: Array(1001).fill('a') })).toEqual(['too_big@value']);
  });

  it('stops at 100 issues and says how many more there were', () => {
    const r = defineCondition(
      { any: Array.from({ length: 5000 }, () => ({ field: 'nope', op: 'eq', value: 1 })) },
      { entity: 'deal' },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.issues).toHaveLength(100);
    expect(r.error.issues[99]!.message).toMatch(/more issues were found/);
    expect(r.error.message).toMatch(/^Condition on deal is invalid: \d+ issues; first at any\[0\]\.field/);
  });

  it('refuses bad options and bad extensions', () => {
    expect(defineCondition({ all: [] }, { entity: 'nope' }).ok).toBe(false);
    expect(defineCondition({ all: [] }, { entity: 'deal', extra: 1 } as never).ok).toBe(false);
    expect(defineCondition({ all: [] }, null as never).ok).toBe(false);
    const bad = [{ key: 'field', options: [], reads: [], validate: () => [], compile: () => ({}) }] as never;
    expect(defineCondition({ all: [] }, { entity: 'deal', extensions: bad }).ok).toBe(false);
    expect(defineCondition({ all: [] }, { entity: 'deal', extensions: [activityTests, activityTests] }).ok).toBe(false);
  });

  it('validates the tests of extensions with the rest, paths and all', () => {
    expect(
      issuesOf(
        {
          all: [
            { activity: { field: 'kindd', op: 'eq', value: 'web' }, atLeast: 2, atMost: 1 },
            { changedTo: 'stage', value: 'won' },
            { measure: 'ltv', op: 'gt', value: 1 },
            { measure: 'lastPurchaseAt', op: 'gt', value: 'soon' },
            { activity: { field: 'kind', op: 'eq', value: 'web' }, within: 3 },
          ],
        },
        'lead',
        [activityTests, ...changeTests, measureTests({ lastPurchaseAt: 'date' })],
      ),
    ).toEqual([
      'unknown_field@all.0.activity.field',
      'out_of_order@all.0.atMost',
      'unknown_field@all.1.changedTo',
      'unknown_field@all.2.measure',
      'invalid_date@all.3.value',
      'unrecognized_keys@all.4',
    ]);
  });

  it("never throws on a host extension that throws, and reports it at the test's path", () => {
    const boom: ConditionExtension = {
      key: 'boom',
      options: [],
      reads: [],
      validate: () => {
        throw new Error('kaboom');
      },
      compile: () => ({ test: () => true, explain: () => ({ result: true, detail: '' }) }),
    };
    expect(issuesOf({ not: { boom: 1 } }, 'deal', [boom])).toEqual(['custom@not']);
  });
});

describe('defineCondition: hostile input', () => {
  it('property: any value gives a Result (never a throw), and Object.prototype is unchanged', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).join();
    fc.assert(
      fc.property(hostileValue, (v) => {
        const r = defineCondition(v, { entity: 'deal', extensions: [activityTests] });
        const r2 = defineCondition({ all: [v, { not: v }] }, { entity: 'lead' });
        return typeof r.ok === 'boolean' && typeof r2.ok === 'boolean';
      }),
      { numRuns: 300 },
    );
    expect(Object.getOwnPropertyNames(Object.prototype).join()).toBe(before);
  });

  it('a getter or proxy that throws while the condition is read is reported, not thrown', () => {
    const trap = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('no keys');
        },
      },
    );
    const r = defineCondition({ all: [trap] }, { entity: 'deal' });
    expect(r.ok).toBe(false);
  });
});

describe('conditionToJSON', () => {
  it('property: the round trip is the identity (deep-equal JSON, and an equal condition again)', () => {
    fc.assert(
      fc.property(conditionArbitrary('deal'), (json) => {
        const c = defineCondition(json, { entity: 'deal' });
        if (!c.ok) throw c.error;
        const back = conditionToJSON(c.value);
        expect(back).toEqual(json);
        const again = defineCondition(back, { entity: 'deal' });
        expect(again.ok && conditionToJSON(again.value)).toEqual(json);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a copy: changing the input later does not change the condition, and the copy is frozen', () => {
    const json = { all: [{ field: 'name', op: 'eq', value: 'a' }] };
    const c = defineCondition(json, { entity: 'deal' });
    if (!c.ok) throw c.error;
    (json.all[0] as { value: string }).value = 'b';
    expect(conditionToJSON(c.value)).toEqual({ all: [{ field: 'name', op: 'eq', value: 'a' }] });
    expect(Object.isFrozen(conditionToJSON(c.value))).toBe(true);
    expect(isCondition(c.value)).toBe(true);
    expect(isCondition({ ...c.value })).toBe(false);
    expect(() => conditionToJSON({ ...c.value })).toThrow(/defineCondition/);
  });
});
