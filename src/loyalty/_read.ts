/**
 * Readers shared by the loyalty functions: each reads one value of the caller's data and pushes an
 * issue with its path when it is wrong. None throws for the value it reads.
 */
import type { PathSegment } from '../core/errors.js';
import { crmIssue, type IssueList } from '../core/issues.js';
import { parseMoney, moneyToDecimal } from '../money/money.js';
import { Dec } from '../money/decimal.js';
import type { CurrencyCode } from '../money/currencies.js';
import { readPoints } from '../entities/points.js';
import { instantMs } from '../_lib/instantMs.js';

/** Whether a value is a plain object (not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An id: text of 1..200 characters. */
export function readId(v: unknown, path: readonly PathSegment[], issues: IssueList): string | undefined {
  if (typeof v === 'string' && v.trim() !== '' && v.length <= 200) return v;
  issues.push(crmIssue.invalidType(path, 'an id (text of 1 to 200 characters)', v));
  return undefined;
}

/** Optional text (`undefined`/`null` → `null`). */
export function readOptionalText(v: unknown, path: readonly PathSegment[], issues: IssueList): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' && v.length <= 200) return v;
  issues.push(crmIssue.invalidType(path, 'text of at most 200 characters, or null', v));
  return null;
}

/** Points, optionally required to be positive. */
export function readPointsAt(
  v: unknown,
  path: readonly PathSegment[],
  issues: IssueList,
  positive: boolean,
): Dec | undefined {
  const d = readPoints(v);
  if (typeof d === 'string') {
    issues.push(crmIssue.of('invalid_number', path, d));
    return undefined;
  }
  if (positive && d.lte(0)) {
    issues.push(crmIssue.tooSmall(path, 'points', 0, false, v));
    return undefined;
  }
  return d;
}

/** Money in `currency`: `positive` (> 0) or not negative (≥ 0). */
export function readMoneyIn(
  v: unknown,
  currency: CurrencyCode | undefined,
  path: readonly PathSegment[],
  issues: IssueList,
  positive: boolean,
): Dec | undefined {
  const m = parseMoney(v);
  if (!m.ok) {
    for (const i of m.error.issues) issues.push({ ...i, path: [...path, ...i.path] });
    return undefined;
  }
  if (currency !== undefined && m.value.currency !== currency) {
    issues.push(
      crmIssue.of(
        'currency_mismatch',
        [...path, 'currency'],
        `expected ${currency}, the programme's currency; received ${m.value.currency}`,
      ),
    );
    return undefined;
  }
  const d = moneyToDecimal(m.value);
  if (positive ? d.lte(0) : d.lt(0)) {
    issues.push(crmIssue.tooSmall([...path, 'amount'], 'the amount', 0, !positive, m.value.amount));
    return undefined;
  }
  return d;
}

/** A whole number of days ≥ 1, in `{ days }`. */
export function readDays(v: unknown, path: readonly PathSegment[], issues: IssueList): number | undefined {
  if (!isObject(v)) {
    issues.push(crmIssue.invalidType(path, '{ days } (a whole number of days ≥ 1)', v));
    return undefined;
  }
  const keys = Object.keys(v).filter((k) => k !== 'days');
  if (keys.length > 0) issues.push(crmIssue.unrecognizedKeys(path, keys, ['days']));
  const days = v['days'];
  if (typeof days !== 'number' || !Number.isSafeInteger(days) || days < 1 || days > 36_500) {
    issues.push(crmIssue.invalidValue([...path, 'days'], 'expected a whole number of days from 1 to 36500', days));
    return undefined;
  }
  return days;
}

/** A finite number ≥ 0 as an exact decimal (by its shortest decimal text). */
export function readQuantity(v: unknown, path: readonly PathSegment[], issues: IssueList): Dec | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    issues.push(crmIssue.invalidType(path, 'a quantity (a finite number ≥ 0)', v));
    return undefined;
  }
  return new Dec(String(v));
}

/** An instant: a valid Date or an ISO 8601 string. */
export function readInstant(v: unknown, path: readonly PathSegment[], issues: IssueList): number | undefined {
  const t = instantMs(v);
  if (Number.isNaN(t)) {
    issues.push(crmIssue.invalidDate(path, v));
    return undefined;
  }
  return t;
}

/** Checks an object's keys against `allowed`. */
export function checkKeys(
  v: Record<string, unknown>,
  allowed: readonly string[],
  path: readonly PathSegment[],
  issues: IssueList,
): void {
  const unknown = Object.keys(v).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) issues.push(crmIssue.unrecognizedKeys(path, unknown, allowed));
}

/** A list: an array, or an issue. */
export function readArray(
  v: unknown,
  path: readonly PathSegment[],
  issues: IssueList,
  what: string,
): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  issues.push(crmIssue.invalidType(path, what, v));
  return undefined;
}

/** `DAY_MS` days in milliseconds. */
export const DAY = 86_400_000;
