/** Reading goal values (numbers or Money) and the goals defineGoal made. */
import { CrmError, type PathSegment } from '../core/errors.js';
import { crmIssue, type IssueList } from '../core/issues.js';
import { quoteValue } from '../_lib/show.js';
import { moneyToDecimal, parseMoney } from '../money/money.js';
import type { CurrencyCode } from '../money/currencies.js';
import type { Dec } from '../money/decimal.js';
import type { Goal } from './types.js';

/** The largest magnitude of a number value (so differences and paces stay finite). */
export const MAX_VALUE = 1e15;

/** A value as read: a number, or a decimal of Money. */
export type ReadValue = { readonly n: number; readonly d: Dec | null };

/**
 * Reads a value of a goal of `kind` (and `currency` for money, or the first currency seen when
 * `currency` is `undefined`): a finite number within ±{@link MAX_VALUE}, or Money.
 */
export function readValue(
  v: unknown,
  kind: 'number' | 'money',
  currency: CurrencyCode | null | undefined,
  path: readonly PathSegment[],
  issues: IssueList,
): { value: ReadValue; currency: CurrencyCode | null } | undefined {
  if (kind === 'number') {
    if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > MAX_VALUE) {
      issues.push(crmIssue.invalidType(path, `a finite number within ±${MAX_VALUE}`, v));
      return undefined;
    }
    return { value: { n: v, d: null }, currency: null };
  }
  const m = parseMoney(v);
  if (!m.ok) {
    for (const i of m.error.issues) issues.push({ ...i, path: [...path, ...i.path] });
    return undefined;
  }
  if (currency !== undefined && currency !== null && m.value.currency !== currency) {
    issues.push(
      crmIssue.of('currency_mismatch', [...path, 'currency'], `expected ${currency}; received ${m.value.currency}`),
    );
    return undefined;
  }
  const d = moneyToDecimal(m.value);
  return { value: { n: d.toNumber(), d }, currency: m.value.currency };
}

const GOALS = /* @__PURE__ */ new WeakSet<object>();

/** Marks a goal as made by defineGoal. */
export function rememberGoal(goal: Goal): void {
  GOALS.add(goal);
}

/** Throws unless `goal` was made by defineGoal (a call no type-correct program makes). */
export function assertGoal(goal: unknown, fn: string): asserts goal is Goal {
  if (typeof goal !== 'object' || goal === null || !GOALS.has(goal))
    throw new CrmError(
      'validation_failed',
      `${fn}: the goal was not made by defineGoal; received ${quoteValue(goal)}`,
      {
        issues: [{ path: ['goal'], message: 'expected a goal made by defineGoal', code: 'invalid_type' }],
      },
    );
}
