/**
 * Input rows of the CLV models, and the checks of the per-customer functions' arguments.
 *
 * @module
 */
import { CrmError, type CrmIssue, type PathSegment } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { quoteValue } from '../_lib/show.js';
import { rfmValueIssues } from './columns.js';

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

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The problems of a customer argument `{ frequency, recency, T }` (paths under `customer`). */
export function customerIssues(customer: unknown): CrmIssue[] {
  if (customer === null || typeof customer !== 'object') {
    return [crmIssue.invalidType(['customer'], 'a customer { frequency, recency, T }', customer)];
  }
  const c = customer as Record<string, unknown>;
  return rfmValueIssues(
    c['frequency'],
    c['recency'],
    c['T'],
    c['weight'],
    (f): readonly PathSegment[] => ['customer', f],
    'customer',
  );
}

/** Throws `validation_failed` unless `customer` is a valid RFM row (for the prediction functions). */
export function assertCustomer(customer: RfmRow, fn: string): void {
  const issues = customerIssues(customer);
  if (issues.length > 0)
    throw new CrmError('validation_failed', `${fn}: ${issues.map((i) => i.message).join('; ')}`, { issues });
}

/**
 * The problems of a parameter object: every named parameter must be a positive finite number. Reads each
 * name once; never throws for a hostile object (a throwing getter is reported as an issue).
 */
export function paramsIssues(params: unknown, names: readonly string[]): CrmIssue[] {
  if (typeof params !== 'object' || params === null) {
    return [crmIssue.invalidType(['params'], `parameters { ${names.join(', ')} }`, params)];
  }
  const issues: CrmIssue[] = [];
  for (const name of names) {
    let v: unknown;
    try {
      v = (params as Record<string, unknown>)[name];
    } catch {
      v = '(unreadable)';
    }
    if (!isNum(v) || v <= 0)
      issues.push(
        crmIssue.of(
          'invalid_number',
          ['params', name],
          `${name} must be a positive finite number; received ${quoteValue(v)}`,
        ),
      );
  }
  return issues;
}

/** Throws `validation_failed` unless every named parameter is a positive finite number. */
export function assertPositiveParams(
  params: Readonly<Record<string, number>>,
  names: readonly string[],
  fn: string,
): void {
  const issues = paramsIssues(params, names);
  if (issues.length > 0)
    throw new CrmError('validation_failed', `${fn}: ${issues.map((i) => i.message).join('; ')}`, { issues });
}

/**
 * Throws when a computed quantity is not finite: the parameters lie outside the range where it can be
 * represented in binary64 (they overflow it). `validation_failed` with a `too_big` issue at `params`.
 */
export function assertFinite(value: number, what: string, fn: string): number {
  if (Number.isFinite(value)) return value;
  throw overflowError(what, fn);
}

/** The error of {@link assertFinite}, for the functions that return it in a Result. */
export function overflowError(what: string, fn: string): CrmError {
  const message = `${what} overflows binary64 at these parameters (they are outside the range the model can be evaluated in)`;
  return new CrmError('validation_failed', `${fn}: ${message}`, {
    issues: [crmIssue.of('too_big', ['params'], message)],
  });
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
