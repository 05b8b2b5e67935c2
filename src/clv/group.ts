/**
 * Validation and grouping of the fits' input — rows of objects or columns — into unique rows with
 * summed weights, in typed arrays (a hash table of doubles, no string keys), pausing between chunks so
 * an async fit can yield to the event loop. Groups keep the order of first occurrence.
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { crmIssue, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { isColumns, isValidRfm, monetaryValueIssue, readRfmColumns, rfmValueIssues } from './columns.js';
import { KeyTable } from './keyTable.js';
import { quoteValue as quote } from '../_lib/show.js';

/** Rows read between two pauses (and between two progress reports). */
export const GROUP_CHUNK = 65_536;

/** Unique (x, tₓ, T) groups in columns, with summed weights. */
export interface RfmGroups {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly w: Float64Array;
  readonly size: number;
  readonly totalWeight: number;
  /** Summed weight of the rows with x > 0. */
  readonly repeatWeight: number;
  /** Weighted means of x and T, for start values. */
  readonly meanX: number;
  readonly meanT: number;
}

/** Unique (x, m̄) groups of repeat buyers with a positive mean spend, for the Gamma-Gamma model. */
export interface MonetaryGroups {
  readonly x: Float64Array;
  readonly m: Float64Array;
  readonly w: Float64Array;
  readonly size: number;
  readonly totalWeight: number;
  /** Weight of the customers without repeat purchases (no spend information). */
  readonly skippedWeight: number;
  /** Weight of the repeat buyers whose repeat purchases are all worth 0 (left out of the fit). */
  readonly zeroSpendWeight: number;
  /** Their positions in the input, in order. */
  readonly zeroSpendIndices: readonly number[];
  readonly meanM: number;
}

/** Called with the rows read so far and the number of rows. */
export type GroupProgress = (done: number, total: number) => void;

const MAX = 1.7976931348623157e308; // Number.MAX_VALUE, a literal so that bundlers can drop it

class Weights {
  w = new Float64Array(1024);
  set(k: number, v: number): void {
    if (k >= this.w.length) {
      const next = new Float64Array(this.w.length * 2);
      next.set(this.w);
      this.w = next;
    }
    this.w[k] = v;
  }
}

/**
 * Whether to stop grouping after the first chunk: when 90% of its rows were distinct (continuous values,
 * such as monetary means or times in fractions of a day), a hash table only costs memory and time, and the
 * remaining rows are kept one by one (the likelihood is the same sum). Inputs of one chunk or less are
 * always grouped.
 */
function stopGrouping(table: KeyTable, read: number): boolean {
  if (read !== GROUP_CHUNK) return false;
  if (table.size < 0.9 * GROUP_CHUNK) return false;
  table.stopIndexing();
  return true;
}

/** The issue of a row whose reading threw (a getter or a proxy of the caller's). */
function unreadableRow(i: number): CrmIssue {
  return crmIssue.invalidType([i], `a readable row (reading row ${i} threw)`, undefined);
}

function notAList(what: string, input: unknown, fields: string): Result<never> {
  const issues = new IssueList();
  issues.push(crmIssue.invalidType([], `an array of rows or columns { ${fields} }`, input));
  return err(issues.error(what));
}

/**
 * Validates RFM input (an array of rows `{ frequency, recency, T, weight? }` or {@link RfmColumns}) and
 * collapses identical (x, tₓ, T) into groups with summed weights. Rows of weight 0 are validated and
 * skipped. Issues name the row (`[i, field]`) or the column position (`[field, i]`).
 */
export function* groupRfm(
  input: unknown,
  what: string,
  progress?: GroupProgress,
): Generator<void, Result<RfmGroups>, void> {
  const issues = new IssueList();
  const table = new KeyTable(1024);
  const weights = new Weights();
  let total = 0,
    repeat = 0,
    sx = 0,
    sT = 0;
  let hashing = true;
  const add = (x: number, tx: number, T: number, weight: number): void => {
    if (weight === 0) return;
    if (!hashing) {
      weights.set(table.append(x, tx, T), weight);
    } else {
      const k = table.slotOf(x, tx, T);
      if (table.inserted) weights.set(k, weight);
      else weights.w[k]! += weight;
    }
    total += weight;
    if (x > 0) repeat += weight;
    sx += weight * x;
    sT += weight * T;
  };
  if (isColumns(input)) {
    const cols = readRfmColumns(input, { monetary: false, rfm: true }, issues);
    if (cols === undefined) return err(issues.error(what));
    const { x, tx, T, w, size } = cols;
    for (let from = 0; from < size; from += GROUP_CHUNK) {
      const to = Math.min(size, from + GROUP_CHUNK);
      for (let i = from; i < to; i++) add(x[i]!, tx[i]!, T[i]!, w === undefined ? 1 : w[i]!);
      if (hashing && stopGrouping(table, to)) hashing = false;
      progress?.(to, size);
      yield;
    }
  } else if (Array.isArray(input)) {
    const rows = input as readonly unknown[];
    const n = rows.length;
    for (let from = 0; from < n; from += GROUP_CHUNK) {
      const to = Math.min(n, from + GROUP_CHUNK);
      for (let i = from; i < to; i++) {
        let row: unknown, x: unknown, tx: unknown, T: unknown, wt: unknown;
        try {
          row = rows[i];
          if (row !== null && typeof row === 'object') {
            const r = row as { frequency?: unknown; recency?: unknown; T?: unknown; weight?: unknown };
            x = r.frequency;
            tx = r.recency;
            T = r.T;
            wt = r.weight;
          }
        } catch {
          issues.push(unreadableRow(i));
          continue;
        }
        if (row === null || typeof row !== 'object') {
          issues.push(
            crmIssue.of('invalid_type', [i], `row ${i} must be an object { frequency, recency, T, weight? }`),
          );
          continue;
        }
        if (
          typeof x === 'number' &&
          typeof tx === 'number' &&
          typeof T === 'number' &&
          isValidRfm(x, tx, T) &&
          (wt === undefined || (typeof wt === 'number' && wt >= 0 && wt <= MAX))
        ) {
          if (issues.count === 0) add(x, tx, T, wt === undefined ? 1 : wt);
        } else {
          issues.push(...rfmValueIssues(x, tx, T, wt, (f): readonly PathSegment[] => [i, f], `row ${i}`));
        }
      }
      if (issues.full) break;
      if (hashing && stopGrouping(table, to)) hashing = false;
      progress?.(to, n);
      yield;
    }
    if (n === 0) progress?.(0, 0);
  } else {
    return notAList(what, input, 'frequency, recency, T, weight?');
  }
  if (issues.count > 0) return err(issues.error(what));
  const size = table.size;
  return ok({
    x: table.a.slice(0, size),
    tx: table.b.slice(0, size),
    T: table.c.slice(0, size),
    w: weights.w.slice(0, size),
    size,
    totalWeight: total,
    repeatWeight: repeat,
    meanX: total > 0 ? sx / total : 0,
    meanT: total > 0 ? sT / total : 0,
  });
}

/**
 * Validates monetary input (rows `{ frequency, monetaryValue, weight? }` or {@link MonetaryColumns}) and
 * groups the repeat buyers with a positive mean spend by (x, m̄). Customers without repeat purchases carry
 * no spend information (`skippedWeight`); repeat buyers whose mean spend is 0 (every repeat purchase worth
 * nothing) lie outside the Gamma-Gamma model, whose spend is positive, and are left out as Fader & Hardie
 * (2013) and FHL (2005, "RFM and CLV") fit on the customers with positive spend; they are counted and
 * listed (`zeroSpendWeight`, `zeroSpendIndices`).
 */
export function* groupMonetary(
  input: unknown,
  what: string,
  progress?: GroupProgress,
): Generator<void, Result<MonetaryGroups>, void> {
  const issues = new IssueList();
  const table = new KeyTable(1024);
  const weights = new Weights();
  const zeroSpend: number[] = [];
  let total = 0,
    skipped = 0,
    zeroWeight = 0,
    sm = 0;
  let hashing = true;
  const add = (i: number, x: number, m: number, wt: number): void => {
    if (wt === 0) return;
    if (x === 0) {
      skipped += wt;
      return;
    }
    if (m === 0) {
      zeroWeight += wt;
      zeroSpend.push(i);
      return;
    }
    if (!hashing) weights.set(table.append(x, m, 0), wt);
    else {
      const k = table.slotOf(x, m, 0);
      if (table.inserted) weights.set(k, wt);
      else weights.w[k]! += wt;
    }
    total += wt;
    sm += wt * m;
  };
  if (isColumns(input)) {
    const cols = readRfmColumns(input, { monetary: true, rfm: false }, issues);
    if (cols === undefined) return err(issues.error(what));
    const { x, m, w, size } = cols;
    for (let from = 0; from < size; from += GROUP_CHUNK) {
      const to = Math.min(size, from + GROUP_CHUNK);
      for (let i = from; i < to; i++) add(i, x[i]!, m![i]!, w === undefined ? 1 : w[i]!);
      if (hashing && stopGrouping(table, to)) hashing = false;
      progress?.(to, size);
      yield;
    }
  } else if (Array.isArray(input)) {
    const rows = input as readonly unknown[];
    const n = rows.length;
    for (let from = 0; from < n; from += GROUP_CHUNK) {
      const to = Math.min(n, from + GROUP_CHUNK);
      for (let i = from; i < to; i++) {
        let row: unknown, x: unknown, m: unknown, wt: unknown;
        try {
          row = rows[i];
          if (row !== null && typeof row === 'object') {
            const r = row as { frequency?: unknown; monetaryValue?: unknown; weight?: unknown };
            x = r.frequency;
            m = r.monetaryValue;
            wt = r.weight;
          }
        } catch {
          issues.push(unreadableRow(i));
          continue;
        }
        if (row === null || typeof row !== 'object') {
          issues.push(
            crmIssue.of('invalid_type', [i], `row ${i} must be an object { frequency, monetaryValue, weight? }`),
          );
          continue;
        }
        const xOk = typeof x === 'number' && x >= 0 && Number.isInteger(x);
        const mOk = typeof m === 'number' && m >= 0 && m <= MAX;
        const wOk = wt === undefined || (typeof wt === 'number' && wt >= 0 && wt <= MAX);
        if (xOk && mOk && wOk) {
          if (issues.count === 0) add(i, x as number, m as number, wt === undefined ? 1 : (wt as number));
          continue;
        }
        if (!xOk) {
          issues.push(
            crmIssue.of(
              'invalid_number',
              [i, 'frequency'],
              `row ${i}: frequency must be a non-negative integer; received ${quote(x)}`,
            ),
          );
        }
        if (!mOk) issues.push(monetaryValueIssue(m, [i, 'monetaryValue'], `row ${i}`)!);
        if (!wOk) {
          issues.push(
            crmIssue.of(
              'invalid_number',
              [i, 'weight'],
              `row ${i}: weight must be a non-negative finite number; received ${quote(wt)}`,
            ),
          );
        }
      }
      if (issues.full) break;
      if (hashing && stopGrouping(table, to)) hashing = false;
      progress?.(to, n);
      yield;
    }
    if (n === 0) progress?.(0, 0);
  } else {
    return notAList(what, input, 'frequency, monetaryValue, weight?');
  }
  if (issues.count > 0) return err(issues.error(what));
  const size = table.size;
  return ok({
    x: table.a.slice(0, size),
    m: table.b.slice(0, size),
    w: weights.w.slice(0, size),
    size,
    totalWeight: total,
    skippedWeight: skipped,
    zeroSpendWeight: zeroWeight,
    zeroSpendIndices: Object.freeze(zeroSpend),
    meanM: total > 0 ? sm / total : 0,
  });
}
