/**
 * The pure part of the browser page (test/browser/page/main.ts): from the text of CDNOW's summary file
 * to a fitted BG/NBD model, a repeat-purchase funnel and two chart specs. No DOM, no I/O: the page, the
 * Node check (scripts/browser-check.mjs) and test/browser/cdnowPage.test.ts run this same code, so the
 * numbers the page shows can be compared with Node's to the last bit.
 */
import { unwrap } from 'crmkit';
import { fitBgNbd, type BgNbdParams } from 'crmkit/clv';
import { funnel, type FunnelStep } from 'crmkit/metrics';
import { parseCsv } from 'crmkit/quality';
import { periodTransactionsChart, probabilityAliveMatrix, type VegaLiteSpec } from 'crmkit/charts';

/** One customer of the summary: repeat purchases, recency and age, in weeks. */
export interface SummaryRow {
  readonly frequency: number;
  readonly recency: number;
  readonly T: number;
}

/** What the page computes and shows. */
export interface CdnowPageResult {
  readonly customers: number;
  readonly params: BgNbdParams;
  readonly logLikelihood: number;
  readonly funnel: readonly FunnelStep[];
  readonly charts: { readonly probabilityAlive: VegaLiteSpec; readonly periodTransactions: VegaLiteSpec };
}

/**
 * Parses `cdnow_customers_summary.csv` (header `ID,frequency,recency,T`; the 39-week calibration
 * period) with crmkit/quality's `parseCsv`, so the page also runs crmkit's CSV reader (csv-parse's
 * browser build). Throws on a malformed line: the page shows the error.
 */
export function parseCdnowSummary(csv: string): SummaryRow[] {
  const parsed = unwrap(parseCsv(csv, { delimiter: ',' }));
  if (parsed.columns.join(',') !== 'ID,frequency,recency,T')
    throw new Error(`not the CDNOW summary: ${parsed.columns.join(',')}`);
  const bad = parsed.errors[0];
  if (bad !== undefined) throw new Error(`line ${bad.line}: ${bad.issues[0]?.message ?? 'unreadable'}`);
  return parsed.rows.map((row, i) => {
    const cells = [row['frequency'], row['recency'], row['T']].map((c) => (c?.trim() === '' ? NaN : Number(c)));
    if (cells.some((v) => !Number.isFinite(v)))
      throw new Error(`line ${parsed.lines[i]}: ${parsed.columns.map((c) => row[c]).join(',')}`);
    return { frequency: cells[0]!, recency: cells[1]!, T: cells[2]! };
  });
}

/** Fits BG/NBD to the rows and builds the funnel and the two charts the page renders. */
export function analyseCdnow(rows: readonly SummaryRow[]): CdnowPageResult {
  const model = unwrap(fitBgNbd(rows));
  const counts = [
    rows.length,
    rows.filter((r) => r.frequency >= 1).length,
    rows.filter((r) => r.frequency >= 3).length,
  ];
  const maxFrequency = Math.max(...rows.map((r) => r.frequency));
  const maxRecency = Math.floor(Math.max(...rows.map((r) => r.T)));
  return {
    customers: rows.length,
    params: model.params,
    logLikelihood: model.logLikelihood,
    funnel: unwrap(funnel(['Customers', 'Repeat buyers', '3+ repeat purchases'], counts)),
    charts: {
      probabilityAlive: unwrap(
        probabilityAliveMatrix(model, { maxFrequency, maxRecency, width: 420, height: 300, title: 'P(alive), CDNOW' }),
      ),
      periodTransactions: unwrap(
        periodTransactionsChart(model, rows, { width: 420, height: 300, title: 'Repeat purchases in calibration' }),
      ),
    },
  };
}
