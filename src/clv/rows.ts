/**
 * Input rows of the CLV models, their validation and their grouping into unique rows with weights.
 *
 * @module
 */
import { CrmError, type CrmIssue } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { quoteValue } from '../_lib/show.js';

/**
 * One customer's purchase history summary, in one time unit (days, weeks or months), as produced by
 * `rfmSummary`: `frequency` x = number of repeat purchases (distinct purchase days after the first),
 * `recency` tₓ = time from the first to the last purchase (0 when x = 0), `T` = time from the first
 * purchase to the end of the observation period (0 is allowed for a customer first seen on the last
 * day: such a row has likelihood 1 and does not move the fit). `weight` (default 1) says how many identical
 * customers the row stands for, so a summary can be passed grouped.
 *
 * @example
 * ```ts
 * const row: RfmRow = { frequency: 2, recency: 30.43, T: 38.86 };
 * const grouped: RfmRow = { frequency: 0, recency: 0, T: 38.86, weight: 27 };
 * ```
 */
export interface RfmRow {
  readonly frequency: number;
  readonly recency: number;
  readonly T: number;
  readonly weight?: number;
}

/**
 * A customer for the Gamma-Gamma spend model: `frequency` x (repeat purchases) and
 * `monetaryValue` (the mean value of those repeat purchases). `weight` as in {@link RfmRow}.
 *
 * @example
 * ```ts
 * const row: MonetaryRow = { frequency: 2, monetaryValue: 22.35 };
 * ```
 */
export interface MonetaryRow {
  readonly frequency: number;
  readonly monetaryValue: number;
  readonly weight?: number;
}

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

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The problems of one RFM row (paths relative to the list). */
export function rfmRowIssues(row: unknown, index: number): CrmIssue[] {
  const issues: CrmIssue[] = [];
  if (row === null || typeof row !== 'object') {
    return [
      {
        path: [index],
        message: `row ${index} must be an object { frequency, recency, T, weight? }`,
        code: 'invalid_type',
      },
    ];
  }
  const { frequency, recency, T, weight } = row as Record<string, unknown>;
  if (!isNum(frequency) || !Number.isInteger(frequency) || frequency < 0) {
    issues.push({
      path: [index, 'frequency'],
      message: `row ${index}: frequency must be a non-negative integer; received ${quoteValue(frequency)}`,
      code: 'invalid_number',
    });
  }
  if (!isNum(T) || T < 0 || (T === 0 && frequency !== 0)) {
    issues.push({
      path: [index, 'T'],
      message: `row ${index}: T must be a finite number ≥ 0, and positive when frequency > 0; received ${quoteValue(T)}`,
      code: 'invalid_number',
    });
  }
  if (!isNum(recency) || recency < 0 || (isNum(T) && recency > T)) {
    issues.push({
      path: [index, 'recency'],
      message: `row ${index}: recency must be a finite number in [0, T]; received ${quoteValue(recency)}${isNum(T) ? ` with T = ${T}` : ''}`,
      code: 'invalid_number',
    });
  } else if (frequency === 0 && recency !== 0) {
    issues.push({
      path: [index, 'recency'],
      message: `row ${index}: recency must be 0 when frequency is 0; received ${recency}`,
      code: 'invalid_number',
    });
  }
  if (weight !== undefined && (!isNum(weight) || weight < 0)) {
    issues.push({
      path: [index, 'weight'],
      message: `row ${index}: weight must be a non-negative finite number; received ${quoteValue(weight)}`,
      code: 'invalid_number',
    });
  }
  return issues;
}

function validationError(what: string, issues: CrmIssue[]): CrmError {
  const shown = issues
    .slice(0, 3)
    .map((i) => i.message)
    .join('; ');
  return new CrmError(
    'validation_failed',
    `${what}: ${issues.length} problem${issues.length === 1 ? '' : 's'} in the rows (${shown}${issues.length > 3 ? '; …' : ''})`,
    { issues },
  );
}

/**
 * Validates RFM rows and collapses identical (x, tₓ, T) into groups with summed weights.
 * Rows of weight 0 are validated and skipped.
 */
export function groupRfmRows(rows: readonly RfmRow[], what: string): Result<RfmGroups> {
  if (!Array.isArray(rows)) {
    return err(
      new CrmError('validation_failed', `${what}: rows must be an array`, {
        issues: [{ path: [], message: 'expected an array of rows', code: 'invalid_type' }],
      }),
    );
  }
  const issues: CrmIssue[] = [];
  const index = new Map<string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const w: number[] = [];
  let total = 0;
  let repeat = 0;
  let sx = 0;
  let sT = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const found = rfmRowIssues(row, i);
    if (found.length > 0) {
      if (issues.length < 100) issues.push(...found);
      continue;
    }
    const r = row as RfmRow;
    const weight = r.weight ?? 1;
    if (weight === 0) continue;
    const key = `${r.frequency}|${r.recency}|${r.T}`;
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, x.length);
      x.push(r.frequency);
      tx.push(r.recency);
      T.push(r.T);
      w.push(weight);
    } else {
      w[at]! += weight;
    }
    total += weight;
    if (r.frequency > 0) repeat += weight;
    sx += weight * r.frequency;
    sT += weight * r.T;
  }
  if (issues.length > 0) return err(validationError(what, issues));
  return ok({
    x: Float64Array.from(x),
    tx: Float64Array.from(tx),
    T: Float64Array.from(T),
    w: Float64Array.from(w),
    size: x.length,
    totalWeight: total,
    repeatWeight: repeat,
    meanX: total > 0 ? sx / total : 0,
    meanT: total > 0 ? sT / total : 0,
  });
}

/** Unique (x, m̄) groups of repeat buyers for the Gamma-Gamma model. */
export interface MonetaryGroups {
  readonly x: Float64Array;
  readonly m: Float64Array;
  readonly w: Float64Array;
  readonly size: number;
  readonly totalWeight: number;
  readonly skippedWeight: number;
  readonly meanM: number;
}

/**
 * Validates monetary rows and groups the repeat buyers (x > 0) by (x, m̄). Rows with x = 0 carry no
 * information about spend and are skipped (counted in `skippedWeight`).
 */
export function groupMonetaryRows(rows: readonly MonetaryRow[], what: string): Result<MonetaryGroups> {
  if (!Array.isArray(rows)) {
    return err(
      new CrmError('validation_failed', `${what}: rows must be an array`, {
        issues: [{ path: [], message: 'expected an array of rows', code: 'invalid_type' }],
      }),
    );
  }
  const issues: CrmIssue[] = [];
  const index = new Map<string, number>();
  const x: number[] = [];
  const m: number[] = [];
  const w: number[] = [];
  let total = 0;
  let skipped = 0;
  let sm = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as unknown;
    if (row === null || typeof row !== 'object') {
      issues.push({
        path: [i],
        message: `row ${i} must be an object { frequency, monetaryValue, weight? }`,
        code: 'invalid_type',
      });
      continue;
    }
    const { frequency, monetaryValue, weight } = row as Record<string, unknown>;
    const before = issues.length;
    if (!isNum(frequency) || !Number.isInteger(frequency) || frequency < 0) {
      issues.push({
        path: [i, 'frequency'],
        message: `row ${i}: frequency must be a non-negative integer; received ${quoteValue(frequency)}`,
        code: 'invalid_number',
      });
    }
    const repeatBuyer = isNum(frequency) && frequency > 0;
    if (!isNum(monetaryValue) || monetaryValue < 0 || (repeatBuyer && monetaryValue === 0)) {
      issues.push({
        path: [i, 'monetaryValue'],
        message: `row ${i}: monetaryValue must be a finite number, positive for a customer with repeat purchases; received ${quoteValue(monetaryValue)}`,
        code: 'invalid_number',
      });
    }
    if (weight !== undefined && (!isNum(weight) || weight < 0)) {
      issues.push({
        path: [i, 'weight'],
        message: `row ${i}: weight must be a non-negative finite number; received ${quoteValue(weight)}`,
        code: 'invalid_number',
      });
    }
    if (issues.length > before) continue;
    const wt = (weight as number | undefined) ?? 1;
    if (wt === 0) continue;
    if (!repeatBuyer) {
      skipped += wt;
      continue;
    }
    const key = `${frequency as number}|${monetaryValue as number}`;
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, x.length);
      x.push(frequency as number);
      m.push(monetaryValue as number);
      w.push(wt);
    } else {
      w[at]! += wt;
    }
    total += wt;
    sm += wt * (monetaryValue as number);
  }
  if (issues.length > 0) return err(validationError(what, issues.slice(0, 100)));
  return ok({
    x: Float64Array.from(x),
    m: Float64Array.from(m),
    w: Float64Array.from(w),
    size: x.length,
    totalWeight: total,
    skippedWeight: skipped,
    meanM: total > 0 ? sm / total : 0,
  });
}

/** Throws `validation_failed` unless `customer` is a valid RFM row (for the prediction functions). */
export function assertCustomer(customer: RfmRow, fn: string): void {
  const issues = rfmRowIssues(customer, 0).map((i) => ({
    ...i,
    path: ['customer', ...i.path.slice(1)],
    message: i.message.replace('row 0', 'customer'),
  }));
  if (issues.length > 0)
    throw new CrmError('validation_failed', `${fn}: ${issues.map((i) => i.message).join('; ')}`, { issues });
}

/** Throws `validation_failed` unless every named parameter is a positive finite number. */
export function assertPositiveParams(
  params: Readonly<Record<string, number>>,
  names: readonly string[],
  fn: string,
): void {
  if (typeof params !== 'object' || params === null) {
    throw new CrmError(
      'validation_failed',
      `${fn}: params must be an object { ${names.join(', ')} }; received ${quoteValue(params)}`,
      { issues: [{ path: ['params'], message: 'expected an object', code: 'invalid_type' }] },
    );
  }
  const issues: CrmIssue[] = [];
  for (const name of names) {
    const v = params[name];
    if (!isNum(v) || v <= 0)
      issues.push({
        path: ['params', name],
        message: `${name} must be a positive finite number; received ${quoteValue(v)}`,
        code: 'invalid_number',
      });
  }
  if (issues.length > 0)
    throw new CrmError('validation_failed', `${fn}: ${issues.map((i) => i.message).join('; ')}`, { issues });
}

/** Throws `validation_failed` unless `value` is a finite number ≥ 0 (`integer` when asked). */
export function assertNonNegative(value: number, name: string, fn: string, integer = false): void {
  if (!isNum(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new CrmError(
      'validation_failed',
      `${fn}: ${name} must be a non-negative ${integer ? 'integer' : 'finite number'}; received ${quoteValue(value)}`,
      {
        issues: [
          {
            path: [name],
            message: `must be a non-negative ${integer ? 'integer' : 'finite number'}`,
            code: 'invalid_number',
          },
        ],
      },
    );
  }
}
