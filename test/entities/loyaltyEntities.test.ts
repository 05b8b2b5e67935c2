// Issue 17 §4: LoyaltyTransaction and Referral, defined like the other entities (create/parse; no
// repository, table or migration in this round).
import { describe, expect, it } from 'vitest';
import {
  createLoyaltyTransaction,
  createReferral,
  parseLoyaltyTransaction,
  parseReferral,
  updateReferral,
} from '../../src/entities/index.js';
import { unwrap } from '../../src/core/result.js';
import { testCtx } from './_ctx.js';

const codes = (r: { ok: boolean; error?: { issues: readonly { path: readonly unknown[]; code: string }[] } }) =>
  r.ok ? [] : r.error!.issues.map((i) => ({ path: i.path, code: i.code }));

describe('LoyaltyTransaction', () => {
  it('keeps signed points as canonical decimal text, and round-trips through JSON', () => {
    const t = unwrap(
      createLoyaltyTransaction(
        { customerId: 'c1', kind: 'earn', points: '0012.50', at: '2026-03-01T10:00:00Z', expiresAt: '2027-03-01' },
        testCtx(),
      ),
    );
    expect(t).toMatchObject({ id: 'loyaltyTransaction-1', points: '12.5', spend: null, version: 1 });
    expect(unwrap(parseLoyaltyTransaction(JSON.parse(JSON.stringify(t))))).toEqual(t);
    expect(
      unwrap(createLoyaltyTransaction({ customerId: 'c1', kind: 'redeem', points: -100, at: '2026-03-01' }, testCtx()))
        .points,
    ).toBe('-100');
  });

  it('refuses a sign that does not fit the kind, lossy numbers, expiry on a debit or before `at`', () => {
    const base = { customerId: 'c1', at: '2026-03-01T00:00:00Z' };
    expect(codes(createLoyaltyTransaction({ ...base, kind: 'earn', points: '-5' }, testCtx()))).toEqual([
      { path: ['points'], code: 'too_small' },
    ]);
    expect(codes(createLoyaltyTransaction({ ...base, kind: 'expire', points: '5' }, testCtx()))).toEqual([
      { path: ['points'], code: 'too_big' },
    ]);
    expect(codes(createLoyaltyTransaction({ ...base, kind: 'adjust', points: '0' }, testCtx()))).toEqual([
      { path: ['points'], code: 'invalid_value' },
    ]);
    expect(codes(createLoyaltyTransaction({ ...base, kind: 'earn', points: 0.1 }, testCtx()))).toEqual([
      { path: ['points'], code: 'invalid_number' },
    ]);
    expect(
      codes(createLoyaltyTransaction({ ...base, kind: 'redeem', points: '-1', expiresAt: '2027-01-01' }, testCtx())),
    ).toEqual([{ path: ['expiresAt'], code: 'invalid_value' }]);
    expect(
      codes(createLoyaltyTransaction({ ...base, kind: 'earn', points: '1', expiresAt: '2026-01-01' }, testCtx())),
    ).toEqual([{ path: ['expiresAt'], code: 'out_of_order' }]);
    expect(codes(createLoyaltyTransaction({ ...base, kind: 'earn', points: '1e3' }, testCtx()))).toEqual([
      { path: ['points'], code: 'invalid_number' },
    ]);
    expect(codes(createLoyaltyTransaction({ ...base, kind: 'earn', points: '1'.repeat(21) }, testCtx()))).toEqual([
      { path: ['points'], code: 'invalid_number' },
    ]);
  });
});

describe('Referral', () => {
  it('starts pending and converts through updateReferral', () => {
    const r = unwrap(
      createReferral({ referrerContactId: 'c1', referredLeadId: 'l9', referredAt: '2026-04-02T09:00:00Z' }, testCtx()),
    );
    expect(r).toMatchObject({ id: 'referral-1', status: 'pending', convertedAt: null, rewardId: null });
    const c = unwrap(
      updateReferral(
        r,
        (d) => {
          d.status = 'converted';
          d.convertedAt = new Date('2026-05-01T00:00:00Z');
        },
        testCtx(),
      ),
    );
    expect(c).toMatchObject({ status: 'converted', version: 2 });
    expect(unwrap(parseReferral(JSON.parse(JSON.stringify(c))))).toEqual(c);
  });

  it('refuses inconsistent statuses', () => {
    const base = { referrerContactId: 'c1', referredLeadId: 'l9', referredAt: '2026-04-02T09:00:00Z' };
    expect(codes(createReferral({ ...base, status: 'converted' }, testCtx()))).toEqual([
      { path: ['convertedAt'], code: 'inconsistent_status' },
    ]);
    expect(codes(createReferral({ ...base, status: 'rewarded', convertedAt: '2026-05-01' }, testCtx()))).toEqual([
      { path: ['rewardId'], code: 'inconsistent_status' },
    ]);
    expect(codes(createReferral({ ...base, status: 'pending', convertedAt: '2026-05-01' }, testCtx()))).toEqual([
      { path: ['status'], code: 'inconsistent_status' },
    ]);
    expect(codes(createReferral({ ...base, status: 'converted', convertedAt: '2026-01-01' }, testCtx()))).toEqual([
      { path: ['convertedAt'], code: 'out_of_order' },
    ]);
  });
});
