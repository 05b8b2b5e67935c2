/**
 * The fast reader of canonical deals (src/entities/canonicalDeal.ts) against the deal schema: it may
 * only ever accept what the schema accepts, and return exactly what the schema returns.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readCanonicalDeal } from '../../src/entities/canonicalDeal.js';
import { dealSchema, validateCustomFields, type Deal } from '../../src/entities/index.js';
import { hostileValue } from '../_hostile.js';

/** What the schema alone makes of `x` (the path parseDeal takes when the fast reader declines). */
function bySchema(x: unknown): Deal | undefined {
  const parsed = dealSchema.safeParse(x);
  if (!parsed.success) return undefined;
  const custom = validateCustomFields((x as { customFields?: unknown }).customFields);
  return custom.issues.length > 0 ? undefined : ({ ...parsed.data, customFields: custom.value } as Deal);
}

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);
const text = fc.constantFrom('Acme', 'a', 'Ünïcode ✓', 'x'.repeat(300));
const stage = fc.constantFrom('prospecting', 'qualification', 'proposal');
const canonical = fc
  .record(
    {
      name: text,
      pipelineId: fc.constantFrom('b2b', 'p'),
      stages: fc.array(stage, { minLength: 1, maxLength: 4 }),
      amount: fc.constantFrom(
        { amount: '1000.00', currency: 'EUR' },
        { amount: '0.005', currency: 'USD' },
        { amount: '5', currency: 'JPY' },
        { amount: '0.100', currency: 'KWD' },
      ),
      probability: fc.record({
        value: fc.double({ min: 0, max: 1, noNaN: true }),
        source: fc.constantFrom('stage', 'manual', 'model'),
      }),
      customFields: fc.constantFrom({}, { tier: 'gold', n: 3, nested: { list: [1, 'a', null, true] } }),
      ref: fc.constantFrom(null, 'account-1'),
      version: fc.integer({ min: 1, max: 1000 }),
    },
    { noNullPrototype: true },
  )
  .map((r) => ({
    name: r.name,
    accountId: r.ref,
    contactId: null,
    pipelineId: r.pipelineId,
    stageId: r.stages[r.stages.length - 1]!,
    amount: r.amount,
    expectedCloseDate: day(90),
    probability: { value: r.probability.value, source: r.probability.source },
    stageHistory: r.stages.map((to, i) => ({
      from: i === 0 ? null : r.stages[i - 1]!,
      to,
      at: day(i),
      by: null,
      reason: i === 0 ? null : 'why',
    })),
    closedAt: null,
    lostReason: null,
    ownerId: r.ref,
    source: null,
    campaignId: r.ref === null ? null : 'campaign-1',
    id: 'deal-1',
    customFields: r.customFields,
    createdAt: day(0),
    updatedAt: day(r.stages.length),
    version: r.version,
  }));

/** One change that may or may not keep the deal canonical. */
const mutation: fc.Arbitrary<(d: Record<string, unknown>) => void> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        'name',
        'pipelineId',
        'stageId',
        'id',
        'accountId',
        'lostReason',
        'source',
        'version',
        'createdAt',
        'closedAt',
        'amount',
        'probability',
        'stageHistory',
        'customFields',
        'extra',
      ),
      hostileValue,
    )
    .map(
      ([k, v]) =>
        (d: Record<string, unknown>) =>
          void (d[k] = v),
    ),
  fc.constantFrom<(d: Record<string, unknown>) => void>(
    (d) => void (d['name'] = ` ${typeof d['name'] === 'string' ? d['name'] : 'x'}`),
    (d) => void (d['name'] = `${typeof d['name'] === 'string' ? d['name'] : 'x'}\u00a0`),
    (d) => void (d['name'] = 'a\u0000b'),
    (d) => void (d['name'] = ''),
    (d) => void (d['lostReason'] = ''),
    (d) => void (d['amount'] = { amount: '1000.0', currency: 'EUR' }),
    (d) => void (d['amount'] = { amount: '1000.000', currency: 'EUR' }),
    (d) => void (d['amount'] = { amount: '-5.00', currency: 'EUR' }),
    (d) => void (d['amount'] = { amount: '-0.00', currency: 'EUR' }),
    (d) => void (d['amount'] = { amount: '01.00', currency: 'EUR' }),
    (d) => void (d['amount'] = { amount: 1000, currency: 'EUR' }),
    (d) => void (d['amount'] = { amount: '1.00', currency: 'EUR', extra: 1 }),
    (d) => void (d['createdAt'] = '2026-01-01T00:00:00Z'),
    (d) => void (d['createdAt'] = new Date(Number.NaN)),
    (d) => void (d['version'] = 1.5),
    (d) => void (d['version'] = 2 ** 60),
    (d) => void (d['probability'] = { value: Number.NaN, source: 'stage' }),
    (d) => void (d['probability'] = { value: 0.5, source: 'stage', extra: 1 }),
    (d) => void (d['stageId'] = 'elsewhere'),
    (d) => void (d['stageHistory'] = []),
    (d) => void (Array.isArray(d['stageHistory']) && (d['stageHistory'] = [...d['stageHistory']].reverse())),
    (d) => void (d['customFields'] = { toString: 1 }),
    (d) => void (d['customFields'] = { a: Number.POSITIVE_INFINITY }),
    (d) => void delete d['source'],
    (d) => void delete d['customFields'],
    (d) => Object.setPrototypeOf(d, null),
  ),
);

describe('readCanonicalDeal', () => {
  it('property: never accepts what the schema refuses, and returns exactly what the schema returns', () => {
    fc.assert(
      fc.property(canonical, fc.array(mutation, { maxLength: 3 }), (deal, changes) => {
        const d = structuredClone(deal) as Record<string, unknown>;
        for (const change of changes) change(d);
        const fast = readCanonicalDeal<Deal>(d);
        if (fast === undefined) return;
        const slow = bySchema(d);
        if (slow === undefined)
          throw new Error(`the schema refuses what the fast reader accepted: ${String(Object.keys(d))}`);
        expect(fast).toEqual(slow);
        expect(Object.isFrozen(fast)).toBe(true);
        expect(Object.isFrozen(fast.stageHistory[0])).toBe(true);
        expect(fast.createdAt).not.toBe(d['createdAt']); // Dates are copied, never shared
      }),
      { numRuns: 500 },
    );
  });

  it('property: a canonical deal takes the fast path (what keeps transitionDeal fast)', () => {
    fc.assert(
      fc.property(canonical, (deal) => {
        expect(readCanonicalDeal(deal)).toBeDefined();
      }),
    );
  });

  it('leaves ids and references with a lone surrogate to the schema, which refuses them (found merging issue 12 with the fast path)', () => {
    const base = fc.sample(canonical, { numRuns: 1, seed: 7 })[0]!;
    for (const patch of [
      { id: 'deal-\uD800' },
      { accountId: 'acc-\uDC00' },
      { contactId: 'c-\uD800' },
      { ownerId: 'u-\uDC00' },
      { campaignId: 'cmp-\uD800' },
    ]) {
      const d = { ...base, ...patch };
      expect(readCanonicalDeal(d)).toBeUndefined();
      expect(dealSchema.safeParse(d).success).toBe(false);
    }
  });

  it('does not freeze or keep its input', () => {
    const d = fc.sample(canonical, 1)[0]!;
    const mine = { ...d, customFields: { tags: ['a'] } };
    const fast = readCanonicalDeal<Deal>(mine)!;
    expect(Object.isFrozen(mine.customFields)).toBe(false);
    expect(Object.isFrozen(mine.customFields.tags)).toBe(false);
    expect(fast.customFields['tags']).not.toBe(mine.customFields.tags);
  });
});
