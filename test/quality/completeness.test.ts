// Issue 21, item 6: completenessReport. Known values worked by hand.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { completenessReport } from '../../src/quality/index.js';
import { unwrap } from '../../src/core/result.js';

const leads = [
  { id: 'l1', lastName: 'Lovelace', email: 'ada@example.com', phone: null, customFields: { tier: 'gold' } },
  { id: 'l2', lastName: 'Hopper', email: null, phone: '+14155550123', customFields: {} },
  { id: 'l3', lastName: ' ', email: '', phone: '+442079460958' },
];

describe('completenessReport', () => {
  it('gives fill rates, weighted scores and the incomplete ids', () => {
    const r = unwrap(
      completenessReport('lead', leads, {
        required: ['email', 'lastName'],
        weights: { email: 2, phone: 1, 'customFields.tier': 1 },
      }),
    );
    expect(r.fields).toEqual([
      { field: 'email', filled: 1, rate: 1 / 3 },
      { field: 'lastName', filled: 2, rate: 2 / 3 },
      { field: 'phone', filled: 2, rate: 2 / 3 },
      { field: 'customFields.tier', filled: 1, rate: 1 / 3 },
    ]);
    expect(r.records.map((x) => x.score)).toEqual([3 / 4, 1 / 4, 1 / 4]);
    expect(r.records[2]!.missingRequired).toEqual(['email', 'lastName']);
    expect(r.incompleteIds).toEqual(['l2', 'l3']);
    expect(r.averageScore).toBeCloseTo(5 / 12, 15);
  });
  it('scores every own field with weight 1 by default; empty input gives zeros', () => {
    const r = unwrap(completenessReport('lead', leads));
    expect(r.fields.some((f) => f.field === 'id' || f.field === 'createdAt')).toBe(false);
    expect(r.fields.length).toBeGreaterThan(10);
    const empty = unwrap(completenessReport('lead', []));
    expect(empty.averageScore).toBe(0);
    expect(empty.fields.every((f) => f.rate === 0)).toBe(true);
  });
  it('refuses unknown kinds, fields and weights, and bad records', () => {
    expect(completenessReport('order' as never, []).ok).toBe(false);
    const f = completenessReport('lead', [], { required: ['emial'] });
    expect(!f.ok && f.error.issues[0]!.code).toBe('unknown_field');
    expect(completenessReport('lead', [], { weights: { email: -1 } }).ok).toBe(false);
    expect(completenessReport('lead', [], { weights: { email: Number.NaN } }).ok).toBe(false);
    expect(completenessReport('lead', [], { extra: 1 } as never).ok).toBe(false);
    expect(completenessReport('lead', [null] as never).ok).toBe(false);
    expect(completenessReport('lead', 'x' as never).ok).toBe(false);
  });
  it('scores lie in [0, 1] and rates count the filled records (property)', () => {
    const lead = fc.record({ id: fc.string(), email: fc.option(fc.string()), phone: fc.option(fc.string()) });
    fc.assert(
      fc.property(fc.array(lead), (rs) => {
        const r = unwrap(completenessReport('lead', rs, { required: ['email'], weights: { email: 1, phone: 3 } }));
        for (const x of r.records) expect(x.score >= 0 && x.score <= 1).toBe(true);
        expect(r.fields[0]!.filled).toBe(rs.filter((x) => x.email !== null && x.email.trim() !== '').length);
        expect(r.incompleteIds.length).toBe(rs.length - r.fields[0]!.filled);
      }),
    );
  });
});
