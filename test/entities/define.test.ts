/**
 * The machinery every entity shares (src/entities/define.ts): inputs are read by their own properties,
 * never changed nor frozen; contexts are checked like options; validation is linear in the input; no
 * input makes create/parse/update throw.
 */
import { describe, expect, it } from 'vitest';
import { fixedClock, sequentialIdGenerator, unwrap } from '../../src/core/index.js';
import { MAX_ISSUES } from '../../src/core/issues.js';
import {
  createLead,
  parseLead,
  updateLead,
  updateDeal,
  createDeal,
  LEAD_STATUSES,
  PROBABILITY_SOURCES,
  CUSTOM_FIELD_TYPES,
} from '../../src/entities/index.js';
import { growthRatio, linearBound } from '../_linear.js';
import { testCtx } from './_ctx.js';

const base = { lastName: 'Lovelace', email: 'ada@example.com' };

describe('inputs are copied, never frozen or changed (issue 12)', () => {
  it('updateLead leaves the caller’s nested objects mutable (immer froze them before)', () => {
    const lead = unwrap(createLead(base, testCtx()));
    const mine = { ...lead, customFields: { tags: ['a'] } };
    const r = updateLead(mine, (d) => void (d.title = 'CTO'), testCtx());
    expect(r.ok).toBe(true);
    expect(Object.isFrozen(mine.customFields)).toBe(false);
    expect(Object.isFrozen(mine.customFields.tags)).toBe(false);
    mine.customFields.tags.push('b'); // threw "object is not extensible" before
    expect(mine.customFields.tags).toEqual(['a', 'b']);
    // the result is frozen and shares nothing with the input
    if (r.ok) {
      expect(Object.isFrozen((r.value.customFields as { tags: string[] }).tags)).toBe(true);
      expect(r.value.customFields['tags']).not.toBe(mine.customFields.tags);
      expect(r.value.customFields['tags']).toEqual(['a']);
    }
  });

  it('updateDeal does not freeze the caller’s amount or history', () => {
    const deal = unwrap(
      createDeal(
        { name: 'D', pipelineId: 'b2b', stageId: 'prospecting', amount: { amount: '10', currency: 'EUR' } },
        testCtx(),
      ),
    );
    const mine = { ...deal, amount: { ...deal.amount }, stageHistory: deal.stageHistory.map((e) => ({ ...e })) };
    expect(updateDeal(mine, (d) => void (d.name = 'E'), testCtx()).ok).toBe(true);
    expect(Object.isFrozen(mine.amount)).toBe(false);
    expect(Object.isFrozen(mine.stageHistory)).toBe(false);
    expect(Object.isFrozen(mine.stageHistory[0])).toBe(false);
  });

  it('create leaves its input alone and returns new objects', () => {
    const input = { ...base, customFields: { nested: { list: [1, 2] } } };
    const lead = unwrap(createLead(input, testCtx()));
    expect(Object.isFrozen(input.customFields.nested)).toBe(false);
    expect(lead.customFields['nested']).not.toBe(input.customFields.nested);
    expect(Object.isFrozen(lead.customFields['nested'])).toBe(true);
  });
});

describe('own properties only (issue 12)', () => {
  it('an input whose prototype carries fields is not a plain object: refused, its inherited fields never read', () => {
    const inherited = Object.create({ lastName: 'Inherited', email: 'x@example.com' }) as Record<string, unknown>;
    const r = createLead(inherited as never, testCtx());
    expect(!r.ok && r.error.issues[0]!.code).toBe('invalid_type');
  });

  it('a null-prototype object is read by its own properties', () => {
    const input = Object.assign(Object.create(null) as Record<string, unknown>, base);
    expect(createLead(input as never, testCtx()).ok).toBe(true);
  });

  it('custom fields named toString or valueOf are refused as keys, never read from the prototype', () => {
    const r = createLead({ ...base, customFields: { toString: 'x', valueOf: 1 } }, testCtx());
    expect(!r.ok && r.error.issues.map((i) => [i.path, i.code])).toEqual([
      [['customFields', 'toString'], 'invalid_key'],
      [['customFields', 'valueOf'], 'invalid_key'],
    ]);
  });

  it('a getter that throws gives a Result error, not the throw', () => {
    const input = { ...base };
    Object.defineProperty(input, 'title', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const r = createLead(input, testCtx());
    expect(r.ok).toBe(false);
  });
});

describe('the context is checked like options (issue 11)', () => {
  it('refuses unknown keys, naming the allowed ones; null means the defaults', () => {
    const r = createLead(base, { clok: fixedClock('2026-01-01T00:00:00Z') } as never);
    expect(!r.ok && r.error.issues[0]).toMatchObject({ path: ['ctx'], code: 'unrecognized_keys' });
    expect(!r.ok && r.error.issues[0]!.message).toContain('allowed: clock, ids, actor, customFields');
    expect(createLead(base, null as never).ok).toBe(true);
  });

  it('refuses a clock without now() or ids without next() with a Result, not a TypeError', () => {
    const r = createLead(base, { clock: {} as never, ids: sequentialIdGenerator() });
    expect(!r.ok && r.error.issues[0]).toMatchObject({ path: ['ctx', 'clock'], code: 'invalid_type' });
    const s = parseLead({}, { ids: 5 as never });
    expect(!s.ok && s.error.issues[0]!.path).toEqual(['ctx', 'ids']);
  });

  it('update refuses a recipe that is not a function with a Result', () => {
    const lead = unwrap(createLead(base, testCtx()));
    const r = updateLead(lead, null as never, testCtx());
    expect(!r.ok && r.error.issues[0]!.path).toEqual(['recipe']);
    expect(updateLead(null as never, () => undefined).ok).toBe(false);
  });
});

describe('deep JSON in custom fields gives a Result, never a RangeError (issue 12)', () => {
  const deep = (n: number): unknown => {
    let v: unknown = 1;
    for (let i = 0; i < n; i++) v = { a: v };
    return v;
  };

  it('updateLead with a recipe that assigns a 100,000-level value', () => {
    const lead = unwrap(createLead(base, testCtx()));
    const r = updateLead(lead, (d) => void (d.customFields['deep'] = deep(100_000)), testCtx());
    expect(!r.ok && r.error.issues[0]!.code).toBe('too_deep');
  });

  it('updateLead of an entity that already holds a 100,000-level value', () => {
    const lead = unwrap(createLead(base, testCtx()));
    const r = updateLead({ ...lead, customFields: { deep: deep(100_000) } }, (d) => void (d.title = 'x'), testCtx());
    expect(!r.ok && r.error.issues[0]!.code).toBe('too_deep');
  });

  it('createLead and parseLead report the depth limit at its path', () => {
    const r = createLead({ ...base, customFields: { deep: deep(1000) } }, testCtx());
    expect(!r.ok && r.error.issues[0]!.code).toBe('too_deep');
    expect(!r.ok && r.error.issues[0]!.path.length).toBe(2 + 16);
  });

  it('shared and circular references are refused, so a small object graph cannot blow up into an exponential walk', () => {
    let v: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 12; i++) v = { a: v, b: v, c: v, d: v, e: v }; // 5^12 ≈ 244 million paths through 13 objects
    const r = createLead({ ...base, customFields: { v } }, testCtx());
    expect(!r.ok && r.error.issues.some((i) => i.message.includes('appears twice'))).toBe(true);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const c = createLead({ ...base, customFields: { cyclic } }, testCtx());
    expect(!c.ok && c.error.issues[0]!.message).toContain('appears twice');
  });

  it('a sparse list (length 2^31 − 1, no elements) is refused without walking its length', () => {
    const sparse: unknown[] = [];
    sparse.length = 2 ** 31 - 1;
    const r = createLead({ ...base, customFields: { sparse } }, testCtx());
    expect(!r.ok && r.error.issues[0]!.message).toContain('holes');
  });
});

describe('linear validation (issue 12 #3)', () => {
  const invalidKeys = (n: number): Record<string, unknown> => {
    const cf: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) cf[String(i)] = i; // a key must start with a letter: every one is invalid
    return cf;
  };

  it('createLead with many invalid custom-field keys: time grows linearly (a ratio of sizes ×8, never an absolute time)', () => {
    const ratio = growthRatio((n) => {
      const customFields = invalidKeys(n);
      return () => createLead({ ...base, customFields }, testCtx());
    }, 5000);
    expect(ratio).toBeLessThan(linearBound());
  });

  it('reports at most MAX_ISSUES issues, the last saying how many more were found', () => {
    const r = createLead({ ...base, customFields: invalidKeys(5000) }, testCtx());
    expect(!r.ok && r.error.issues.length).toBe(MAX_ISSUES);
    expect(!r.ok && r.error.issues[MAX_ISSUES - 1]!.message).toContain('4901 more issues');
    expect(!r.ok && r.error.message.length).toBeLessThan(500);
  });

  it('messages elide long values: a 1 MB key is quoted in at most 120 characters', () => {
    const r = createLead({ ...base, customFields: { ['x'.repeat(1_000_000) + '!']: 1 } }, testCtx());
    expect(!r.ok && r.error.issues[0]!.message.length).toBeLessThan(400);
  });
});

describe('registries are frozen (issue 12)', () => {
  it('enum tuples cannot be changed at run time', () => {
    for (const list of [LEAD_STATUSES, PROBABILITY_SOURCES, CUSTOM_FIELD_TYPES]) {
      expect(Object.isFrozen(list)).toBe(true);
      expect(() => (list as unknown as string[]).push('x')).toThrow(TypeError);
    }
  });
});
