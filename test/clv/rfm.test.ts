import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { rfmSummary } from '../../src/clv/index.js';
import { money } from '../../src/money/money.js';
import { unwrap } from '../../src/core/result.js';

type Tx = { id: string; at: string; value: string };
const base = { customerId: 'id', at: 'at', value: 'value', observationEnd: '1997-09-30', timeUnit: 'week' } as const;

describe('rfmSummary', () => {
  it('computes frequency, recency, T and mean repeat spend (CDNOW customer 1, worked by hand)', () => {
    const tx: Tx[] = [
      { id: 'a', at: '1997-01-01', value: '29.33' },
      { id: 'a', at: '1997-01-18', value: '29.73' },
      { id: 'a', at: '1997-08-02', value: '14.96' },
    ];
    const [c] = unwrap(rfmSummary(tx, base));
    expect(c).toEqual({
      customerId: 'a',
      frequency: 2,
      recency: 213 / 7,
      T: 272 / 7,
      monetaryValue: 22.345,
      frequencyHoldout: null,
      monetaryValueHoldout: null,
      durationHoldout: null,
    });
  });
  it('collapses purchases on the same UTC day into one, summing their values', () => {
    const tx: Tx[] = [
      { id: 'a', at: '2024-01-01T09:00:00Z', value: '5' },
      { id: 'a', at: '2024-01-01T23:59:00Z', value: '5' },
      { id: 'a', at: '2024-01-03T10:00:00Z', value: '7.10' },
      { id: 'a', at: '2024-01-03T11:00:00Z', value: '0.20' },
    ];
    const [c] = unwrap(rfmSummary(tx, { ...base, observationEnd: '2024-01-11', timeUnit: 'day' }));
    expect(c).toMatchObject({ frequency: 1, recency: 2, T: 10, monetaryValue: 7.3 });
  });
  it('splits calibration and holdout, dropping customers first seen in the holdout', () => {
    const tx: Tx[] = [
      { id: 'a', at: '2024-01-01', value: '1' },
      { id: 'a', at: '2024-01-15', value: '2' },
      { id: 'a', at: '2024-02-10', value: '4' },
      { id: 'a', at: '2024-02-20', value: '6' },
      { id: 'b', at: '2024-02-05', value: '9' },
      { id: 'c', at: '2024-03-05', value: '9' }, // after observationEnd: ignored
    ];
    const out = unwrap(
      rfmSummary(tx, { ...base, timeUnit: 'day', calibrationEnd: '2024-01-31', observationEnd: '2024-03-01' }),
    );
    expect(out).toEqual([
      {
        customerId: 'a',
        frequency: 1,
        recency: 14,
        T: 30,
        monetaryValue: 2,
        frequencyHoldout: 2,
        monetaryValueHoldout: 5,
        durationHoldout: 30,
      },
    ]);
  });
  it('accepts accessor functions, Money values, numbers and Date objects', () => {
    const tx = [
      { who: 1, when: new Date('2024-01-01T00:00:00Z'), amount: money('10.00', 'EUR') },
      { who: 1, when: new Date('2024-01-31T00:00:00Z'), amount: money('20.50', 'EUR') },
    ];
    const [c] = unwrap(
      rfmSummary(tx, {
        customerId: (t) => t.who,
        at: (t) => t.when,
        value: (t) => t.amount,
        observationEnd: new Date('2024-03-01T00:00:00Z'),
        timeUnit: 'month',
      }),
    );
    expect(c).toMatchObject({ customerId: '1', frequency: 1, monetaryValue: 20.5 });
    expect(c!.recency).toBeCloseTo(30 / (365.25 / 12), 12);
  });
  it('never adds Money across currencies: each value in another currency than the first is currency_mismatch', () => {
    const tx = [
      { id: 'a', at: '2024-01-01', v: money('10.00', 'USD') },
      { id: 'a', at: '2024-02-01', v: money('10.00', 'EUR') },
      { id: 'b', at: '2024-02-01', v: money('5.00', 'USD') },
      { id: 'b', at: '2024-03-01', v: money('30.00', 'IDR') },
    ];
    const opts = { customerId: 'id', at: 'at', value: 'v', observationEnd: '2024-06-01', timeUnit: 'day' } as const;
    const r = rfmSummary(tx, opts);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('currency_mismatch');
    expect(r.error.issues.map((i) => [i.code, i.path])).toEqual([
      ['currency_mismatch', [1, 'value', 'currency']],
      ['currency_mismatch', [3, 'value', 'currency']],
    ]);
    expect(r.error.issues[0]!.message).toContain('EUR, transaction 0 in USD');
    // With another kind of bad input as well, the error is validation_failed, every issue listed.
    const both = rfmSummary([...tx, { id: '', at: '2024-01-01', v: money('1.00', 'USD') }], opts);
    expect(!both.ok && [both.error.code, both.error.issues.length]).toEqual(['validation_failed', 3]);
    // One currency, or plain numbers beside Money: summarised as before.
    expect(unwrap(rfmSummary([tx[0]!, tx[2]!, { id: 'a', at: '2024-03-01', v: 4 }], opts))).toHaveLength(2);
  });
  it('computes the mean spend exactly in decimal (0.1 + 0.2 is 0.3)', () => {
    const tx: Tx[] = [
      { id: 'a', at: '2024-01-01', value: '1' },
      { id: 'a', at: '2024-01-02', value: '0.1' },
      { id: 'a', at: '2024-01-03', value: '0.2' },
    ];
    const [c] = unwrap(rfmSummary(tx, { ...base, observationEnd: '2024-02-01' }));
    expect(c!.monetaryValue).toBe(0.15);
  });
  it('names each bad transaction by index and field', () => {
    const r = rfmSummary(
      [
        { id: 'a', at: '2024-01-01', value: '1' },
        { id: '', at: 'not a date', value: 'abc' },
      ] as Tx[],
      base,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('validation_failed');
      expect(r.error.issues.map((i) => i.path)).toEqual([
        [1, 'customerId'],
        [1, 'at'],
        [1, 'value'],
      ]);
    }
    const o = rfmSummary([] as Tx[], { ...base, timeUnit: 'year' as 'week', observationEnd: 'x' });
    expect(!o.ok && o.error.issues.map((i) => i.path)).toEqual([
      ['options', 'timeUnit'],
      ['options', 'observationEnd'],
    ]);
    expect(unwrap(rfmSummary([] as Tx[], base))).toEqual([]);
  });
  it('keeps 0 ≤ recency ≤ T, frequency < distinct days, and does not mutate its input (property)', () => {
    const txArb = fc.array(
      fc.record({
        id: fc.constantFrom('a', 'b', 'c'),
        day: fc.integer({ min: 0, max: 200 }),
        cents: fc.integer({ min: 0, max: 100000 }),
      }),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(txArb, (raw) => {
        const tx = raw.map((t) =>
          Object.freeze({
            id: t.id,
            at: new Date(Date.UTC(2024, 0, 1) + t.day * 86_400_000).toISOString(),
            value: (t.cents / 100).toFixed(2),
          }),
        );
        const before = JSON.stringify(tx);
        const out = unwrap(rfmSummary(tx, { ...base, timeUnit: 'day', observationEnd: '2024-12-31' }));
        const ok = out.every((c) => {
          const days = new Set(raw.filter((t) => t.id === c.customerId).map((t) => t.day));
          return (
            c.recency >= 0 && c.recency <= c.T && c.frequency === days.size - 1 && (c.frequency > 0 || c.recency === 0)
          );
        });
        return ok && JSON.stringify(tx) === before && Object.isFrozen(out);
      }),
    );
  });
});
