/**
 * Private: a checked BG/NBD or Pareto/NBD model for the CLV charts — P(alive), the conditional and
 * unconditional expected purchases and the purchase-count probabilities, from the same kernels as
 * crmkit/clv's functions (so a chart's numbers are the functions' numbers).
 *
 * @module
 */
import { crmIssue, type IssueList } from '../core/issues.js';
import { bgNbdFactor, bgNbdPmf } from '../clv/bgNbdKernels.js';
import { transactionKernel, transactionModelIssues, type TransactionModel } from '../clv/models.js';
import { paretoNbdPmf } from '../clv/paretoNbdKernels.js';
import { isRecord, readList } from './_chart.js';

/** A checked transaction model's functions; each may return NaN when a series does not converge. */
export interface ModelFunctions {
  /** P(alive | x, tₓ, T). */
  alive(x: number, tx: number, T: number): number;
  /** E[Y(t) | x, tₓ, T]. */
  conditionalExpected(x: number, tx: number, T: number, t: number): number;
  /** E[X(t)] of a new customer. */
  expected(t: number): number;
  /** P(X(t) = n) of a new customer. */
  pmf(n: number, t: number): number;
}

/** Reads a `TransactionModel` (a fit from `fitBgNbd` / `fitParetoNbd`, or `{ model, params }`). */
export function readModel(model: unknown, issues: IssueList): ModelFunctions | undefined {
  const found = transactionModelIssues(model);
  if (found.length > 0) {
    issues.push(...found);
    return undefined;
  }
  const m = model as TransactionModel;
  const kernel = transactionKernel(m);
  if (m.model === 'bg_nbd') {
    const { r, alpha, a, b } = m.params;
    return {
      alive: kernel.alive,
      conditionalExpected: (x, tx, T, t) => (t === 0 ? 0 : kernel.factor(x, T, t) * kernel.alive(x, tx, T)),
      expected: (t) => (t === 0 ? 0 : bgNbdFactor(r, a, b, 0, t / (alpha + t), alpha / (alpha + t))),
      pmf: (n, t) => (t === 0 ? (n === 0 ? 1 : 0) : bgNbdPmf(r, alpha, a, b, n, t)),
    };
  }
  const { r, alpha, s, beta } = m.params;
  return {
    alive: kernel.alive,
    conditionalExpected: (x, tx, T, t) => (t === 0 ? 0 : kernel.factor(x, T, t) * kernel.alive(x, tx, T)),
    expected: (t) => (t === 0 ? 0 : kernel.factor(0, 0, t)),
    pmf: (n, t) => paretoNbdPmf(r, alpha, s, beta, n, t),
  };
}

/** Customers' (frequency, recency, T, weight), checked; rows or columns. */
export interface Customers {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly w: Float64Array;
}

const MAX_CUSTOMERS = 50_000_000;

/** Reads RFM rows (`{ frequency, recency, T, weight? }[]`) or columns; issues with paths otherwise. */
export function readCustomers(v: unknown, at: string, issues: IssueList): Customers | undefined {
  const columns = isRecord(v) && 'frequency' in v;
  if (columns) {
    const cols: Record<string, readonly unknown[] | undefined> = {};
    for (const k of ['frequency', 'recency', 'T', 'weight'] as const) {
      if (k === 'weight' && v[k] === undefined) continue;
      cols[k] = readList(v[k], [at, k], 'a column of numbers', issues, MAX_CUSTOMERS);
    }
    if (issues.count > 0) return undefined;
    const n = cols['frequency']!.length;
    for (const k of ['recency', 'T', 'weight'])
      if (cols[k] !== undefined && cols[k].length !== n) {
        issues.push(
          crmIssue.of('length_mismatch', [at, k], `column ${k} has ${cols[k].length} values; frequency has ${n}`),
        );
        return undefined;
      }
    const get = (k: string, i: number): unknown => cols[k]?.[i];
    return fill(n, (i) => [get('frequency', i), get('recency', i), get('T', i), get('weight', i)], at, true, issues);
  }
  const rows = readList(v, [at], 'RFM rows { frequency, recency, T, weight? } or columns', issues, MAX_CUSTOMERS);
  if (rows === undefined) return undefined;
  return fill(
    rows.length,
    (i) => {
      const r: unknown = rows[i];
      return isRecord(r) ? [r['frequency'], r['recency'], r['T'], r['weight']] : [r, undefined, undefined, undefined];
    },
    at,
    false,
    issues,
  );
}

function fill(
  n: number,
  get: (i: number) => readonly unknown[],
  at: string,
  columns: boolean,
  issues: IssueList,
): Customers | undefined {
  const out: Customers = {
    x: new Float64Array(n),
    tx: new Float64Array(n),
    T: new Float64Array(n),
    w: new Float64Array(n),
  };
  const names = ['frequency', 'recency', 'T', 'weight'];
  for (let i = 0; i < n && !issues.full; i++) {
    const [x, tx, T, w] = get(i);
    const path = (k: number) => (columns ? [at, names[k]!, i] : [at, i, names[k]!]);
    const ok =
      typeof x === 'number' &&
      Number.isInteger(x) &&
      x >= 0 &&
      typeof T === 'number' &&
      Number.isFinite(T) &&
      T >= 0 &&
      typeof tx === 'number' &&
      tx >= 0 &&
      tx <= T &&
      (x > 0 || tx === 0) &&
      (w === undefined || (typeof w === 'number' && Number.isFinite(w) && w >= 0));
    if (!ok) {
      if (typeof x !== 'number' || !Number.isInteger(x) || x < 0)
        issues.push(crmIssue.invalidValue(path(0), `customer ${i}: frequency must be a non-negative integer`, x));
      else if (typeof T !== 'number' || !Number.isFinite(T) || T < 0)
        issues.push(crmIssue.invalidValue(path(2), `customer ${i}: T must be a finite number ≥ 0`, T));
      else if (typeof tx !== 'number' || !(tx >= 0 && tx <= T) || (x === 0 && tx !== 0))
        issues.push(
          crmIssue.invalidValue(path(1), `customer ${i}: recency must be in [0, T] (and 0 when frequency is 0)`, tx),
        );
      else issues.push(crmIssue.invalidValue(path(3), `customer ${i}: weight must be a finite number ≥ 0`, w));
      continue;
    }
    out.x[i] = x as number;
    out.tx[i] = tx as number;
    out.T[i] = T as number;
    out.w[i] = (w as number | undefined) ?? 1;
  }
  return issues.count > 0 ? undefined : out;
}
