/**
 * Customers as columns: the input of the batch predictions (and, optionally, of the fits). One array
 * per field, typed or plain, read once into `Float64Array`s (a `Float64Array` is used as it is, never
 * copied and never changed), so a million customers cost four arrays, not a million objects.
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { crmIssue, IssueList } from '../core/issues.js';
import { quoteValue } from '../_lib/show.js';

/**
 * One column of numbers: a `Float64Array` (used without copying) or a plain array of numbers. Other
 * numeric typed arrays (`Int32Array`, `Float32Array`, …) are accepted at run time and copied.
 *
 * @example
 * ```ts
 * const a: NumericColumn = new Float64Array([0, 2, 5]);
 * const b: NumericColumn = [0, 2, 5];
 * ```
 */
export type NumericColumn = Float64Array | readonly number[];

/**
 * Customers' RFM summaries as columns, position i of every column being customer i: `frequency` x
 * (repeat purchases, a non-negative integer), `recency` tₓ (0 when x = 0, else in [0, T]) and `T`
 * (≥ 0, positive when x > 0), all in the time unit of the model. `weight` (optional, ≥ 0) says how many
 * identical customers a position stands for; the fits use it, the predictions ignore it.
 *
 * @example
 * ```ts
 * const columns: RfmColumns = {
 *   frequency: new Float64Array([2, 0, 5]),
 *   recency: new Float64Array([30.43, 0, 6.86]),
 *   T: new Float64Array([38.86, 38.86, 38]),
 * };
 * ```
 */
export interface RfmColumns {
  readonly frequency: NumericColumn;
  readonly recency: NumericColumn;
  readonly T: NumericColumn;
  readonly weight?: NumericColumn;
}

/**
 * Customers for the Gamma-Gamma model as columns: `frequency` x and `monetaryValue` (the mean value of
 * the repeat purchases, ≥ 0; 0 for customers without repeat purchases). `weight` as in {@link RfmColumns}.
 *
 * @example
 * ```ts
 * const spend: MonetaryColumns = { frequency: [2, 0, 5], monetaryValue: [22.35, 0, 41.5] };
 * ```
 */
export interface MonetaryColumns {
  readonly frequency: NumericColumn;
  readonly monetaryValue: NumericColumn;
  readonly weight?: NumericColumn;
}

/**
 * Everything {@link lifetimeValues} needs per customer: the RFM columns and the mean repeat spend.
 *
 * @example
 * ```ts
 * const customers: LifetimeValueColumns = {
 *   frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86], monetaryValue: [22.35, 0],
 * };
 * ```
 */
export interface LifetimeValueColumns extends RfmColumns {
  readonly monetaryValue: NumericColumn;
}

/** Validated columns as Float64Arrays of one common length. */
export interface CheckedColumns {
  readonly size: number;
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly w: Float64Array | undefined;
  readonly m: Float64Array | undefined;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The problems of one customer's values (shared by rows and columns, so both get the same words).
 * `at(field)` gives the path of a field; `who` names the customer in messages ("row 3", "customer 3").
 */
export function rfmValueIssues(
  frequency: unknown,
  recency: unknown,
  T: unknown,
  weight: unknown,
  at: (field: string) => readonly PathSegment[],
  who: string,
): CrmIssue[] {
  const issues: CrmIssue[] = [];
  if (!isNum(frequency) || !Number.isInteger(frequency) || frequency < 0) {
    issues.push(
      crmIssue.of(
        'invalid_number',
        at('frequency'),
        `${who}: frequency must be a non-negative integer; received ${quoteValue(frequency)}`,
      ),
    );
  }
  if (!isNum(T) || T < 0 || (T === 0 && frequency !== 0)) {
    issues.push(
      crmIssue.of(
        'invalid_number',
        at('T'),
        `${who}: T must be a finite number ≥ 0, and positive when frequency > 0; received ${quoteValue(T)}`,
      ),
    );
  }
  if (!isNum(recency) || recency < 0 || (isNum(T) && recency > T)) {
    issues.push(
      crmIssue.of(
        'invalid_number',
        at('recency'),
        `${who}: recency must be a finite number in [0, T]; received ${quoteValue(recency)}${isNum(T) ? ` with T = ${T}` : ''}`,
      ),
    );
  } else if (frequency === 0 && recency !== 0) {
    issues.push(
      crmIssue.of(
        'invalid_number',
        at('recency'),
        `${who}: recency must be 0 when frequency is 0; received ${recency}`,
      ),
    );
  }
  if (weight !== undefined && (!isNum(weight) || weight < 0)) {
    issues.push(
      crmIssue.of(
        'invalid_number',
        at('weight'),
        `${who}: weight must be a non-negative finite number; received ${quoteValue(weight)}`,
      ),
    );
  }
  return issues;
}

/** True when (x, tₓ, T) is a valid RFM triple (the fast path of {@link rfmValueIssues}). */
export function isValidRfm(x: number, tx: number, T: number): boolean {
  return (
    x >= 0 &&
    Number.isInteger(x) &&
    T >= 0 &&
    T <= Number.MAX_VALUE &&
    (T > 0 || x === 0) &&
    tx >= 0 &&
    tx <= T &&
    (x > 0 || tx === 0)
  );
}

/**
 * The problem of one monetary value: it must be a finite number ≥ 0 (0 is allowed for a repeat buyer: the
 * Gamma-Gamma fit leaves such a customer out and the predictions give him a documented value).
 */
export function monetaryValueIssue(
  monetaryValue: unknown,
  at: readonly PathSegment[],
  who: string,
): CrmIssue | undefined {
  if (isNum(monetaryValue) && monetaryValue >= 0) return undefined;
  return crmIssue.of(
    'invalid_number',
    at,
    `${who}: monetaryValue must be a finite number ≥ 0; received ${quoteValue(monetaryValue)}`,
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

/** A column read into a Float64Array, or an issue. Plain arrays are checked element by element. */
function readColumn(
  value: unknown,
  name: string,
  issues: IssueList,
  path: readonly PathSegment[],
): Float64Array | undefined {
  if (value instanceof Float64Array) return value;
  if (Array.isArray(value)) {
    const out = new Float64Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v !== 'number') {
        issues.push(crmIssue.invalidType([...path, name, i], 'a number', v));
        if (issues.full) return undefined;
        out[i] = Number.NaN;
      } else out[i] = v;
    }
    return out;
  }
  if (
    ArrayBuffer.isView(value) &&
    !(value instanceof DataView) &&
    !(value instanceof BigInt64Array) &&
    !(value instanceof BigUint64Array)
  ) {
    return Float64Array.from(value as unknown as ArrayLike<number>);
  }
  issues.push(crmIssue.invalidType([...path, name], 'a Float64Array or an array of numbers', value));
  return undefined;
}

/**
 * Reads and validates customer columns. `need` says which columns exist besides frequency, recency
 * and T (`monetaryValue`), and which are optional (`weight`). Other keys are data of the caller's (a
 * `customerId` column, …) and are ignored, as the fields of rows are. Paths are `[column, index]` under `path`.
 * Returns the issues (bounded) or the checked columns.
 */
export function readRfmColumns(
  columns: unknown,
  need: { readonly monetary: boolean; readonly rfm: boolean },
  issues: IssueList,
  path: readonly PathSegment[] = [],
): CheckedColumns | undefined {
  const before = issues.count;
  try {
    return readColumns(columns, need, issues, path, before);
  } catch {
    // A getter or proxy of the caller's threw while a column was read: reported, never thrown.
    issues.push(crmIssue.invalidType(path, 'readable columns (reading a column threw)', undefined));
    return undefined;
  }
}

function readColumns(
  columns: unknown,
  need: { readonly monetary: boolean; readonly rfm: boolean },
  issues: IssueList,
  path: readonly PathSegment[],
  before: number,
): CheckedColumns | undefined {
  const names = [
    'frequency',
    ...(need.rfm ? ['recency', 'T'] : []),
    ...(need.monetary ? ['monetaryValue'] : []),
    'weight',
  ];
  if (!isRecord(columns)) {
    issues.push(crmIssue.invalidType(path, `columns { ${names.join(', ')} }`, columns));
    return undefined;
  }
  const x = readColumn(columns['frequency'], 'frequency', issues, path);
  const tx = need.rfm ? readColumn(columns['recency'], 'recency', issues, path) : undefined;
  const T = need.rfm ? readColumn(columns['T'], 'T', issues, path) : undefined;
  const m = need.monetary ? readColumn(columns['monetaryValue'], 'monetaryValue', issues, path) : undefined;
  const w = columns['weight'] === undefined ? undefined : readColumn(columns['weight'], 'weight', issues, path);
  if (issues.count > before || x === undefined) return undefined;
  const size = x.length;
  for (const [name, col] of [
    ['recency', tx],
    ['T', T],
    ['monetaryValue', m],
    ['weight', w],
  ] as const) {
    if (col !== undefined && col.length !== size) {
      issues.push(
        crmIssue.of(
          'length_mismatch',
          [...path, name],
          `column ${name} has ${col.length} values; frequency has ${size}`,
        ),
      );
    }
  }
  if (issues.count > before) return undefined;
  const at =
    (i: number) =>
    (field: string): readonly PathSegment[] => [...path, field, i];
  for (let i = 0; i < size; i++) {
    const xi = x[i]!;
    const wi = w === undefined ? undefined : w[i]!;
    const rfmOk = need.rfm ? isValidRfm(xi, tx![i]!, T![i]!) : xi >= 0 && Number.isInteger(xi);
    const wOk = wi === undefined || (wi >= 0 && wi <= Number.MAX_VALUE);
    const mOk = m === undefined || (m[i]! >= 0 && m[i]! <= Number.MAX_VALUE);
    if (rfmOk && wOk && mOk) continue;
    if (need.rfm) issues.push(...rfmValueIssues(xi, tx![i], T![i], wi, at(i), `customer ${i}`));
    else if (!rfmRowFrequencyOk(xi)) {
      issues.push(
        crmIssue.of(
          'invalid_number',
          [...path, 'frequency', i],
          `customer ${i}: frequency must be a non-negative integer; received ${quoteValue(xi)}`,
        ),
      );
    }
    if (!need.rfm && !wOk) {
      issues.push(
        crmIssue.of(
          'invalid_number',
          [...path, 'weight', i],
          `customer ${i}: weight must be a non-negative finite number; received ${quoteValue(wi)}`,
        ),
      );
    }
    if (m !== undefined) {
      const issue = monetaryValueIssue(m[i], [...path, 'monetaryValue', i], `customer ${i}`);
      if (issue) issues.push(issue);
    }
    if (issues.full) break;
  }
  if (issues.count > before) return undefined;
  return { size, x, tx: tx ?? EMPTY, T: T ?? EMPTY, w, m };
}

const EMPTY = /* @__PURE__ */ new Float64Array(0);

function rfmRowFrequencyOk(x: number): boolean {
  return x >= 0 && Number.isInteger(x);
}

/** True when `value` looks like columns (an object whose `frequency` is an array or a typed array). */
export function isColumns(value: unknown): boolean {
  if (!isRecord(value)) return false;
  let f: unknown;
  try {
    f = value['frequency'];
  } catch {
    return true; // columns whose reading throws: readRfmColumns reports it
  }
  return Array.isArray(f) || ArrayBuffer.isView(f);
}
