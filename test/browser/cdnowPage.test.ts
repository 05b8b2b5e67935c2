// Issue 18 §3: the pure part of the browser page (test/browser/page/cdnowPage.ts). scripts/browser-check.mjs
// runs it in headless Chromium and on Node against dist/ and compares the two; here it runs against src/.
// Known values: Fader, Hardie & Lee (2005) for the fit; the shared data's README for the counts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitBgNbd } from '../../src/clv/index.js';
import { analyseCdnow, parseCdnowSummary } from './page/cdnowPage.js';
import { cdnowDir } from '../clv/_cdnow.js';

const csv = readFileSync(join(cdnowDir, 'cdnow_customers_summary.csv'), 'utf8');

describe('the browser page, pure part', () => {
  const rows = parseCdnowSummary(csv);
  const result = analyseCdnow(rows);

  it('reads the 2,357 customers of the summary (1,411 without a repeat purchase, Σx = 2,457)', () => {
    expect(rows.length).toBe(2357);
    expect(rows.filter((r) => r.frequency === 0).length).toBe(1411);
    expect(rows.reduce((s, r) => s + r.frequency, 0)).toBe(2457);
    expect(rows[0]).toEqual({ frequency: 2, recency: 30.43, T: 38.86 });
  });

  it('fits what fitBgNbd fits, near the published parameters', () => {
    const direct = fitBgNbd(rows);
    if (!direct.ok) throw direct.error;
    expect(result.params).toEqual(direct.value.params);
    expect(result.params.r).toBeCloseTo(0.243, 3);
    expect(result.params.alpha).toBeCloseTo(4.414, 2);
    expect(result.params.a).toBeCloseTo(0.793, 3);
    expect(result.params.b).toBeCloseTo(2.426, 2);
  });

  it('builds the repeat-purchase funnel (946 repeat buyers, the Gamma-Gamma fitting set)', () => {
    expect(result.funnel.map((s) => [s.stage, s.count])).toEqual([
      ['Customers', 2357],
      ['Repeat buyers', 946],
      ['3+ repeat purchases', rows.filter((r) => r.frequency >= 3).length],
    ]);
  });

  it('makes the two charts the page renders: a cell per (frequency, recency), a bar per (count, series)', () => {
    const values = (spec: unknown): unknown[] => (spec as { data: { values: unknown[] } }).data.values;
    expect(values(result.charts.probabilityAlive).length).toBe((29 + 1) * (38 + 1));
    expect(values(result.charts.periodTransactions).length).toBe(14);
  });

  it('refuses a file that is not the summary, naming the line', () => {
    expect(() => parseCdnowSummary('a,b\n1,2')).toThrow(/not the CDNOW summary/);
    expect(() => parseCdnowSummary('ID,frequency,recency,T\n1,2,3,4\n1,2,"3,5",4\n')).toThrow(/line 3: 1,2,3,5,4/);
    expect(() => parseCdnowSummary('ID,frequency,recency,T\n1,2,x,4')).toThrow(/line 2: 1,2,x,4/);
  });
});
