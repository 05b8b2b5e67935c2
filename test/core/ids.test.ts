import { describe, it, expect, expectTypeOf } from 'vitest';
import fc from 'fast-check';
import { CrmError } from '../../src/core/errors.js';
import {
  ENTITY_KINDS,
  randomIdGenerator,
  sequentialIdGenerator,
  type DealId,
  type LeadId,
  type Id,
  type EntityKind,
} from '../../src/core/index.js';

// RFC 4122 §4.4: version nibble 4, variant bits 10xx (8, 9, a or b).
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomIdGenerator', () => {
  it('gives RFC 4122 version-4 UUIDs, all different', () => {
    const ids = randomIdGenerator();
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const id = ids.next(ENTITY_KINDS[i % ENTITY_KINDS.length]!);
      expect(id).toMatch(UUID_V4);
      seen.add(id);
    }
    expect(seen.size).toBe(500);
  });

  it('explains what to do when Web Crypto is missing', () => {
    const original = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true, writable: true });
    try {
      expect(() => randomIdGenerator().next('lead')).toThrow(
        /randomUUID is not available in this runtime; pass an IdGenerator/,
      );
      expect(() => randomIdGenerator().next('lead')).toThrow(CrmError);
    } finally {
      if (original) Object.defineProperty(globalThis, 'crypto', original);
    }
    expect(randomIdGenerator().next('lead')).toMatch(UUID_V4);
  });
});

describe('sequentialIdGenerator', () => {
  it('counts per kind, with an optional prefix', () => {
    const ids = sequentialIdGenerator();
    expect([ids.next('lead'), ids.next('lead'), ids.next('deal'), ids.next('lead')]).toEqual([
      'lead-1',
      'lead-2',
      'deal-1',
      'lead-3',
    ]);
    const p = sequentialIdGenerator('t');
    expect([p.next('account'), p.next('account')]).toEqual(['t-account-1', 't-account-2']);
  });

  it('two generators are independent and repeatable', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ENTITY_KINDS), { maxLength: 40 }), (kinds) => {
        const a = sequentialIdGenerator();
        const b = sequentialIdGenerator();
        const fromA = kinds.map((k) => a.next(k));
        expect(kinds.map((k) => b.next(k))).toEqual(fromA);
        expect(new Set(fromA).size).toBe(fromA.length);
      }),
    );
  });
});

describe('branded ids (types)', () => {
  it('keeps ids of different kinds apart', () => {
    const lead = 'l1' as LeadId;
    const deal = 'd1' as DealId;
    const takesDeal = (id: DealId): string => id;
    expect(takesDeal(deal)).toBe('d1');
    // @ts-expect-error a LeadId is not a DealId
    takesDeal(lead);
    // @ts-expect-error a plain string is not a DealId
    takesDeal('d2');
    const asString: string = lead; // an id is still a string
    expect(asString).toBe('l1');
    expectTypeOf<LeadId>().toEqualTypeOf<Id<'lead'>>();
    expectTypeOf<LeadId>().not.toEqualTypeOf<DealId>();
    expectTypeOf<LeadId>().toExtend<string>();
    expectTypeOf<EntityKind>().toEqualTypeOf<(typeof ENTITY_KINDS)[number]>();
  });
});
