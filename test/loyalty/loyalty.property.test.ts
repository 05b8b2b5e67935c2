// Issue 17 §4, must hold: the balance equals the sum of the unexpired ledger and is never negative after a
// successful redeem. loyaltyBalance is checked against a naive model (integer points as bigint, every lot
// expired eagerly before each entry) that shares no code with it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unwrap } from '../../src/core/result.js';
import { loyaltyBalance, pointsLiability, redeem, type LedgerEntry } from '../../src/loyalty/index.js';
import { coffee } from './_program.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

type Kind = 'earn' | 'redeem' | 'expire' | 'adjust';
interface Row {
  readonly customerId: string;
  readonly kind: Kind;
  readonly points: string;
  readonly at: Date;
  readonly expiresAt?: Date;
}

const rowArb = (customers: readonly string[]) =>
  fc
    .record({
      customerId: fc.constantFrom(...customers),
      kind: fc.constantFrom<Kind>('earn', 'earn', 'redeem', 'expire', 'adjust'),
      size: fc.integer({ min: 1, max: 200 }),
      sign: fc.boolean(),
      day: fc.integer({ min: 0, max: 90 }),
      life: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
    })
    .map(({ customerId, kind, size, sign, day, life }) => {
      const positive = kind === 'earn' || (kind === 'adjust' && sign);
      const at = T0 + day * DAY;
      return {
        customerId,
        kind,
        points: positive ? String(size) : String(-size),
        at,
        expiresAt: positive && life !== undefined ? at + life * DAY : undefined,
      };
    });

const ledgerArb = (customers: readonly string[]) =>
  fc.array(rowArb(customers), { maxLength: 60 }).map((rows) =>
    [...rows]
      .sort((a, b) => a.at - b.at)
      .map((r): Row => ({
        customerId: r.customerId,
        kind: r.kind,
        points: r.points,
        at: new Date(r.at),
        ...(r.expiresAt === undefined ? {} : { expiresAt: new Date(r.expiresAt) }),
      })),
  );

/** The naive model: lots of bigint points, expired eagerly. */
function model(rows: readonly Row[], asOf: number): { available: bigint; expired: bigint } {
  const lots: { rem: bigint; exp: number }[] = [];
  let deficit = 0n;
  let expired = 0n;
  const expireUpTo = (t: number) => {
    for (const lot of lots)
      if (lot.exp <= t && lot.rem > 0n) {
        expired += lot.rem;
        lot.rem = 0n;
      }
  };
  for (const r of rows) {
    const t = r.at.getTime();
    if (t > asOf) break;
    expireUpTo(t);
    let p = BigInt(r.points);
    if (p > 0n) {
      const pay = p < deficit ? p : deficit;
      deficit -= pay;
      p -= pay;
      if (p > 0n) lots.push({ rem: p, exp: r.expiresAt?.getTime() ?? Infinity });
    } else {
      let need = -p;
      for (const lot of lots) {
        if (need === 0n) break;
        const take = lot.rem < need ? lot.rem : need;
        lot.rem -= take;
        need -= take;
      }
      deficit += need;
    }
  }
  expireUpTo(asOf);
  return { available: lots.reduce((s, l) => s + l.rem, 0n) - deficit, expired };
}

const asOfArb = fc.integer({ min: 0, max: 140 }).map((d) => T0 + d * DAY + (d % 3) * 3_600_000);

describe('loyaltyBalance (properties)', () => {
  it('equals the naive FIFO model, and available = Σ points up to asOf − expired', () => {
    fc.assert(
      fc.property(ledgerArb(['c1']), asOfArb, (rows, asOf) => {
        const b = unwrap(loyaltyBalance(rows, { asOf: new Date(asOf) }));
        const m = model(rows, asOf);
        expect(b.available).toBe(String(m.available));
        expect(b.expired).toBe(String(m.expired));
        const sum = rows.filter((r) => r.at.getTime() <= asOf).reduce((s, r) => s + BigInt(r.points), 0n);
        expect(BigInt(b.available)).toBe(sum - BigInt(b.expired));
        // What is still to expire is part of what is available, and expires after asOf.
        const expiring = b.expiring.reduce((s, e) => s + BigInt(e.points), 0n);
        if (BigInt(b.available) >= 0n) expect(expiring <= BigInt(b.available)).toBe(true);
        for (const e of b.expiring) expect(e.at.getTime()).toBeGreaterThan(asOf);
      }),
      { numRuns: 300 },
    );
  });

  it('is never negative after a successful redeem, and refuses exactly when the points are short', () => {
    const program = coffee();
    const costs: Record<string, bigint> = { 'ten-off': 100n, pct15: 300n, mug: 250n, gift25: 500n };
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            earn: fc.integer({ min: 0, max: 400 }),
            life: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
            reward: fc.constantFrom('ten-off', 'pct15', 'mug', 'gift25'),
            gap: fc.integer({ min: 0, max: 10 }),
          }),
          { maxLength: 25 },
        ),
        (steps) => {
          const ledger: LedgerEntry[] = [];
          let t = T0;
          for (const s of steps) {
            t += s.gap * DAY;
            if (s.earn > 0)
              ledger.push({
                customerId: 'c1',
                kind: 'earn',
                points: String(s.earn),
                at: new Date(t),
                expiresAt: s.life === undefined ? null : new Date(t + s.life * DAY),
              });
            t += 3_600_000;
            const balance = unwrap(loyaltyBalance(ledger, { asOf: new Date(t), customerId: 'c1' }));
            const r = redeem(program, balance, s.reward, { at: new Date(t), customerId: 'c1' });
            const short = BigInt(balance.available) < costs[s.reward]!;
            expect(r.ok).toBe(!short);
            if (!r.ok) expect(r.error.issues[0]?.code).toBe('insufficient_points');
            else ledger.push(r.value);
            const after = unwrap(loyaltyBalance(ledger, { asOf: new Date(t), customerId: 'c1' }));
            expect(BigInt(after.available) >= 0n).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('pointsLiability holds the sum of every positive balance, and no input is changed', () => {
    fc.assert(
      fc.property(ledgerArb(['a', 'b', 'c']), asOfArb, (rows, asOf) => {
        const copy = structuredClone(rows);
        const frozen = rows.map((r) => Object.freeze({ ...r }));
        const l = unwrap(
          pointsLiability(coffee(), Object.freeze(frozen), { asOf: new Date(asOf), rewardId: 'ten-off' }),
        );
        let total = 0n;
        let customers = 0;
        for (const c of ['a', 'b', 'c']) {
          const m = model(
            rows.filter((r) => r.customerId === c),
            asOf,
          );
          if (m.available > 0n) {
            total += m.available;
            customers++;
          }
        }
        expect(l.points).toBe(String(total));
        expect(l.customers).toBe(customers);
        // ten-off: $10 per 100 points, exact to the cent.
        expect(l.value.amount).toBe((Number(total) / 10).toFixed(2));
        expect(rows).toEqual(copy);
        expect(rows.some((r) => Object.isFrozen(r))).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
