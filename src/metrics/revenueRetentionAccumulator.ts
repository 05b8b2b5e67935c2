/**
 * The mergeable revenue retention accumulator over MRR-movement partials.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import type { CurrencyCode } from '../money/currencies.js';
import { Dec } from '../money/decimal.js';
import { isMoney } from '../money/money.js';
import { quoteValue } from '../_lib/show.js';
import { invalid, isIssue, issue } from './_checks.js';
import { defineAccumulator } from './_defineAccumulator.js';
import type { Accumulator, AccumulatorStateBase } from './accumulator.js';
import {
  checkMovements,
  currencyIssue,
  revenueResult,
  type DecMovements,
  type MrrMovements,
  type RevenueRetentionResult,
} from './revenueRetention.js';

/**
 * JSON state of a revenue retention accumulator (exact decimal strings).
 *
 * @example
 * ```ts
 * const s: RevenueRetentionAccumulatorState = createRevenueRetentionAccumulator({ basis: 'net' }).toJSON();
 * ```
 */
export interface RevenueRetentionAccumulatorState extends AccumulatorStateBase {
  readonly options: { readonly basis: 'gross' | 'net'; readonly currency: string };
  readonly data: {
    readonly startingMrr: string;
    readonly expansion: string;
    readonly contraction: string;
    readonly churned: string;
  };
}

/**
 * A mergeable revenue retention accumulator over MRR-movement partials in one currency.
 *
 * @example
 * ```ts
 * const acc: RevenueRetentionAccumulator = createRevenueRetentionAccumulator({ basis: 'gross', currency: 'EUR' });
 * ```
 */
export type RevenueRetentionAccumulator = Accumulator<
  MrrMovements,
  RevenueRetentionResult,
  RevenueRetentionAccumulatorState
>;

/**
 * Options of {@link createRevenueRetentionAccumulator}.
 *
 * @example
 * ```ts
 * const o: RevenueRetentionAccumulatorOptions = { basis: 'net', currency: 'USD' };
 * ```
 */
export interface RevenueRetentionAccumulatorOptions {
  /** `'net'` (default) or `'gross'`. */
  readonly basis?: 'gross' | 'net';
  /** The one currency of every partial; default 'USD'. */
  readonly currency?: CurrencyCode;
}

const KEYS = ['startingMrr', 'expansion', 'contraction', 'churned'] as const;

function emptyMovements(currency: CurrencyCode): DecMovements {
  return {
    currency,
    startingMrr: new Dec(0),
    expansion: new Dec(0),
    contraction: new Dec(0),
    churned: new Dec(0),
    customers: -1,
  };
}

interface RevenueSettings {
  readonly basis: 'gross' | 'net';
  readonly currency: CurrencyCode;
}

function resolveRevenue(options: Readonly<Record<string, unknown>> | undefined): RevenueSettings | CrmIssue {
  const basis = options?.['basis'] ?? 'net';
  if (basis !== 'gross' && basis !== 'net')
    return issue(['options', 'basis'], `must be 'gross' or 'net'; received ${quoteValue(basis)}`);
  const currency = options?.['currency'] ?? 'USD';
  const ci = currencyIssue(currency, ['options', 'currency']);
  if (ci !== null) return ci;
  return { basis, currency: currency as CurrencyCode };
}

const revenueKit = /* @__PURE__ */ defineAccumulator<
  RevenueRetentionAccumulatorState,
  MrrMovements,
  RevenueRetentionResult,
  DecMovements,
  RevenueSettings
>({
  kind: 'revenue_retention',
  label: 'revenue retention accumulator',
  optionKeys: ['basis', 'currency'],
  resolve: resolveRevenue,
  stateOptions: ({ basis, currency }) => ({ basis, currency }),
  behaviour: ({ basis, currency }) => ({
    empty: () => emptyMovements(currency),
    add(data, item) {
      const m = checkMovements(item);
      if (isIssue(m)) return m;
      if (m.currency !== currency)
        return issue(
          ['startingMrr', 'currency'],
          `currency ${quoteValue(m.currency)} does not match the accumulator's ${currency}`,
          'currency_mismatch',
        );
      for (const k of KEYS) data[k] = data[k].plus(m[k]);
      return null;
    },
    mergeInto(t, s) {
      for (const k of KEYS) t[k] = t[k].plus(s[k]);
    },
    result(d) {
      const r = revenueResult(d, basis === 'net', currency);
      return isIssue(r) ? invalid('revenue retention accumulator', [r]) : ok(r);
    },
    toJSON: (d) => ({
      startingMrr: d.startingMrr.toString(),
      expansion: d.expansion.toString(),
      contraction: d.contraction.toString(),
      churned: d.churned.toString(),
    }),
    fromJSON(j) {
      if (typeof j !== 'object' || j === null)
        return [issue([], 'expected { startingMrr, expansion, contraction, churned } decimal strings', 'invalid_type')];
      const out = emptyMovements(currency);
      for (const k of KEYS) {
        const v = (j as Record<string, unknown>)[k];
        if (typeof v !== 'string' || !isMoney({ amount: v, currency }) || new Dec(v).isNegative())
          return [issue([k], 'must be a non-negative decimal string', 'invalid_amount')];
        out[k] = new Dec(v);
      }
      return out;
    },
  }),
});

/**
 * Creates a mergeable revenue retention accumulator: `add` MRR-movement partials of disjoint
 * customer groups; `result()` equals {@link netRevenueRetention} (or gross) of their exact sum.
 * O(1) memory.
 *
 * @throws {CrmError} `validation_failed` for a bad or unknown option.
 *
 * @example
 * ```ts
 * const acc = createRevenueRetentionAccumulator().add({
 *   startingMrr: money('100', 'USD'),
 *   expansion: money('10', 'USD'),
 *   contraction: money('0', 'USD'),
 *   churned: money('5', 'USD'),
 * });
 * unwrap(acc.result()).rate; //=> 1.05
 * ```
 */
export function createRevenueRetentionAccumulator(
  options?: RevenueRetentionAccumulatorOptions | null,
): RevenueRetentionAccumulator {
  return revenueKit.create(options, undefined);
}

/**
 * Rebuilds a revenue retention accumulator from its JSON state (object or text); a malformed state
 * gives `validation_failed`, never a throw.
 *
 * @example
 * ```ts
 * revenueRetentionAccumulatorFromJSON(createRevenueRetentionAccumulator().toJSON()).ok; //=> true
 * ```
 */
export function revenueRetentionAccumulatorFromJSON(json: unknown): Result<RevenueRetentionAccumulator> {
  return revenueKit.fromJSON(json);
}
