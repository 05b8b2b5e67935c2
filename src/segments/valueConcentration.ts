/**
 * How concentrated customer value is: the Lorenz curve, the Gini coefficient and the top customers'
 * share (the 80/20 rule).
 *
 * @module
 */
import { err, ok, type Result } from '../core/result.js';
import type { CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue, IssueList } from '../core/issues.js';
import { Dec } from '../money/decimal.js';
import { fromDecimal, isMoney, type Money } from '../money/money.js';
import type { CurrencyCode } from '../money/currencies.js';
import { guarded } from '../metrics/_guard.js';

/**
 * One customer's value, as {@link valueConcentration} reads it (rows of one customer are added up).
 *
 * @example
 * ```ts
 * const row: CustomerValue = { customerId: 'c1', value: money('1250.00', 'USD') };
 * ```
 */
export interface CustomerValue {
  readonly customerId: string;
  readonly value: Money;
}

/**
 * Options of {@link valueConcentration}:
 * - `top`: the fraction of customers whose share of value `topShare` is, in (0, 1); default 0.2;
 * - `points`: how many evenly spaced points the Lorenz curve has (2–100,001); by default every vertex
 *   (customers + 1 points) up to 1,001 customers, and 1,001 evenly spaced points beyond.
 *
 * @example
 * ```ts
 * const o: ValueConcentrationOptions = { top: 0.1, points: 11 };
 * ```
 */
export interface ValueConcentrationOptions {
  readonly top?: number;
  readonly points?: number;
}

/**
 * A point of a Lorenz curve: the poorest `customers` share of customers holds the `value` share of all
 * value (both in [0, 1]).
 *
 * @example
 * ```ts
 * const p: LorenzPoint = { customers: 0.8, value: 0.35 };
 * ```
 */
export interface LorenzPoint {
  readonly customers: number;
  readonly value: number;
}

/**
 * What {@link valueConcentration} returns.
 * - `customers`: distinct customers; `total`: their value (exact; `null` without customers);
 * - `lorenz`: the Lorenz curve from (0, 0) to (1, 1), customers ordered by value ascending;
 * - `gini`: the Gini coefficient in [0, 1 − 1/n] (0 when everyone has the same value);
 * - `top` and `topShare`: the share of value held by the `top` fraction of customers with the most
 *   value (read off the Lorenz curve, so a fraction of a customer counts pro rata).
 *
 * @example
 * ```ts
 * const r: ValueConcentration = { customers: 0, total: null, lorenz: [{ customers: 0, value: 0 }], gini: 0, top: 0.2, topShare: 0 };
 * ```
 */
export interface ValueConcentration {
  readonly customers: number;
  readonly total: Money | null;
  readonly lorenz: readonly LorenzPoint[];
  readonly gini: number;
  readonly top: number;
  readonly topShare: number;
}

const MAX_POINTS = 100_001;
const DEFAULT_VERTICES = 1_001;

function sortedValues(values: readonly Dec[]): Dec[] {
  // Rounding to binary64 is monotone: the numbers order the values, and exact ties of the numbers are
  // ordered by the exact decimals.
  const keyed = values.map((d) => ({ d, n: d.toNumber() }));
  keyed.sort((a, b) => (a.n < b.n ? -1 : a.n > b.n ? 1 : a.d.cmp(b.d)));
  return keyed.map((k) => k.d);
}

/** Share of value held by the poorest `p` of customers (0 ≤ p ≤ 1), interpolated between vertices. */
function lorenzAt(p: Dec, prefix: readonly Dec[], sorted: readonly Dec[], total: Dec): Dec {
  const n = sorted.length;
  const pos = p.times(n);
  const k = Math.min(n, pos.floor().toNumber());
  const frac = pos.minus(k);
  const held = k < n ? prefix[k]!.plus(frac.times(sorted[k]!)) : prefix[n]!;
  return held.div(total);
}

function checkOptions(options: unknown, issues: IssueList): { top: number; points: number | undefined } {
  issues.push(...checkOptionKeys(options, ['top', 'points'], ['options']));
  const o = options !== null && typeof options === 'object' ? (options as Record<string, unknown>) : {};
  const top = o['top'] ?? 0.2;
  if (typeof top !== 'number' || !(top > 0 && top < 1))
    issues.push(crmIssue.invalidValue(['options', 'top'], 'must be a fraction of customers in (0, 1)', top));
  const points = o['points'];
  if (
    points !== undefined &&
    !(Number.isInteger(points) && (points as number) >= 2 && (points as number) <= MAX_POINTS)
  )
    issues.push(crmIssue.invalidValue(['options', 'points'], `must be an integer from 2 to ${MAX_POINTS}`, points));
  return { top: top as number, points: points as number | undefined };
}

/**
 * How concentrated customer value is — the seeds' 80/20: the Lorenz curve of value over customers, the
 * Gini coefficient and the share of value held by the top 20% of customers (`top`). Rows of one
 * customer are added up first, so a transaction list can be passed as it is. Sums and shares are
 * computed exactly in decimal and rounded once to a number.
 *
 * Gini is `G = 2·Σᵢ i·x₍ᵢ₎ / (n·Σx) − (n + 1)/n` over the n customer values sorted ascending (the formula
 * of R's `ineq::Gini`, without small-sample correction; Damgaard & Weiner 2000, "Describing inequality in
 * plant size or fecundity", Ecology 81(4)). The Lorenz curve joins the points (i/n, Σ_{j≤i} x₍ⱼ₎ / Σx).
 *
 * All values must be Money of one currency and not negative (`validation_failed` at `[i, 'value']`, or
 * `[i, 'value', 'currency']` for a mixed currency); a row needs a string `customerId` (`[i, 'customerId']`).
 * Empty input gives 0 customers, `total: null`, the one point (0, 0), `gini` 0 and `topShare` 0; when all
 * value is zero every customer holds the same (none), so the curve is the diagonal, `gini` is 0 and
 * `topShare` is `top`. Never throws for its input.
 *
 * @example
 * ```ts
 * const usd = (a: string) => money(a, 'USD');
 * const r = unwrap(valueConcentration([
 *   { customerId: 'a', value: usd('10') }, { customerId: 'b', value: usd('10') }, { customerId: 'c', value: usd('20') },
 *   { customerId: 'd', value: usd('60') }, { customerId: 'e', value: usd('900') },
 * ]));
 * r.topShare; //=> 0.9 (the top 20% — one customer of five — holds 900 of 1,000)
 * r.gini; //=> 0.732
 * r.lorenz[4]; //=> { customers: 0.8, value: 0.1 }
 * ```
 */
export function valueConcentration(
  customers: readonly CustomerValue[],
  options?: ValueConcentrationOptions | null,
): Result<ValueConcentration> {
  return guarded('valueConcentration', () => concentration(customers, options));
}

function concentration(customers: unknown, options: unknown): Result<ValueConcentration> {
  const issues = new IssueList();
  const { top, points } = checkOptions(options, issues);
  if (!Array.isArray(customers)) {
    issues.push(crmIssue.invalidType(['customers'], 'an array of { customerId, value: Money }', customers));
    return err(issues.error('valueConcentration'));
  }
  const byCustomer = new Map<string, Dec>();
  let currency: string | null = null;
  for (let i = 0; i < customers.length && !issues.full; i++) {
    const row: unknown = customers[i];
    if (row === null || typeof row !== 'object') {
      issues.push(crmIssue.invalidType([i], 'a row { customerId, value: Money }', row));
      continue;
    }
    const { customerId, value } = row as { customerId?: unknown; value?: unknown };
    const problem = rowIssue(i, customerId, value, currency);
    if (problem !== null) {
      issues.push(problem);
      continue;
    }
    const m = value as Money;
    currency ??= m.currency;
    const d = new Dec(m.amount);
    const id = customerId as string;
    const had = byCustomer.get(id);
    byCustomer.set(id, had === undefined ? d : had.plus(d));
  }
  if (issues.count > 0) return err(issues.error('valueConcentration'));
  const n = byCustomer.size;
  if (n === 0 || currency === null)
    return ok(
      Object.freeze({
        customers: 0,
        total: null,
        lorenz: Object.freeze([Object.freeze({ customers: 0, value: 0 })]),
        gini: 0,
        top,
        topShare: 0,
      }),
    );
  const sorted = sortedValues([...byCustomer.values()]);
  const prefix: Dec[] = [new Dec(0)];
  let weighted = new Dec(0);
  for (let i = 0; i < n; i++) {
    prefix.push(prefix[i]!.plus(sorted[i]!));
    weighted = weighted.plus(sorted[i]!.times(i + 1));
  }
  const total = prefix[n]!;
  const zero = total.isZero();
  const gini = zero
    ? 0
    : weighted
        .times(2)
        .div(total.times(n))
        .minus(new Dec(n + 1).div(n))
        .toNumber();
  const share = (p: Dec): number => (zero ? p.toNumber() : lorenzAt(p, prefix, sorted, total).toNumber());
  const lorenz: LorenzPoint[] = [];
  if (points === undefined && n + 1 <= DEFAULT_VERTICES) {
    for (let i = 0; i <= n; i++)
      lorenz.push(Object.freeze({ customers: i / n, value: zero ? i / n : prefix[i]!.div(total).toNumber() }));
  } else {
    const count = points ?? DEFAULT_VERTICES;
    for (let j = 0; j < count; j++) {
      const p = new Dec(j).div(count - 1);
      lorenz.push(Object.freeze({ customers: p.toNumber(), value: share(p) }));
    }
  }
  const topShare = new Dec(1).minus(share(new Dec(1).minus(new Dec(String(top))))).toNumber();
  return ok(
    Object.freeze({
      customers: n,
      total: fromDecimal(total, currency as CurrencyCode),
      lorenz: Object.freeze(lorenz),
      gini: Math.max(0, gini),
      top,
      topShare: zero ? top : topShare,
    }),
  );
}

function rowIssue(i: number, customerId: unknown, value: unknown, currency: string | null): CrmIssue | null {
  if (typeof customerId !== 'string' || customerId.length === 0)
    return crmIssue.invalidType([i, 'customerId'], 'a customer id (a non-empty string)', customerId);
  if (!isMoney(value)) return crmIssue.of('invalid_money', [i, 'value'], 'expected Money { amount, currency }');
  if (currency !== null && value.currency !== currency)
    return crmIssue.of(
      'currency_mismatch',
      [i, 'value', 'currency'],
      `currency ${value.currency} does not match ${currency}; every value must be in one currency`,
    );
  if (new Dec(value.amount).isNegative() && !new Dec(value.amount).isZero())
    return crmIssue.invalidValue([i, 'value', 'amount'], 'must not be negative (a customer value)', value.amount);
  return null;
}
