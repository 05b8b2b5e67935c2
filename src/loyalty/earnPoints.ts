/**
 * earnPoints: the points an order earns under a programme's rules, and the ledger entry that records them.
 *
 * @module
 */
import { crmIssue, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { Dec } from '../money/decimal.js';
import { fromDecimal } from '../money/money.js';
import { pointsText } from '../entities/points.js';
import { createLoyaltyTransaction, type LoyaltyTransaction } from '../entities/loyaltyTransaction.js';
import type { EntityContext } from '../entities/define.js';
import { compiledOf } from './_program.js';
import { unreadable } from './_fail.js';
import {
  checkKeys,
  isObject,
  readArray,
  readId,
  readInstant,
  readMoneyIn,
  readOptionalText,
  readQuantity,
} from './_read.js';
import type { LoyaltyOrder, LoyaltyOrderLine, LoyaltyProgram } from './types.js';

const ZERO = /* @__PURE__ */ new Dec(0);
const ORDER_KEYS = ['customerId', 'lines', 'total', 'at', 'code', 'orderId'];
const LINE_KEYS = ['productId', 'quantity', 'amount', 'category', 'tags', 'customFields'];

/**
 * The points one rule earned.
 *
 * @example
 * ```ts
 * const r: RulePoints = { ruleId: 'spend', points: '47' };
 * ```
 */
export interface RulePoints {
  /** The rule. */
  readonly ruleId: string;
  /** What it earned (canonical decimal text, positive). */
  readonly points: string;
}

/**
 * What {@link earnPoints} gives.
 *
 * @example
 * ```ts
 * declare const e: EarnedPoints;
 * e.transaction?.kind; //=> 'earn'
 * ```
 */
export interface EarnedPoints {
  /** The points the order earned in all (canonical decimal text; `'0'` when no rule applied). */
  readonly points: string;
  /** The rules that earned points, in the programme's order. */
  readonly byRule: readonly RulePoints[];
  /**
   * The ledger entry to store (kind `earn`, `spend` = the order's total, `expiresAt` = `at` + the
   * programme's expiry), or `null` when the order earned nothing.
   */
  readonly transaction: LoyaltyTransaction | null;
}

/**
 * The points an order earns, rule by rule (Odoo's `_program_check_compute_points`): a rule counts the
 * lines its `products` condition selects — their quantity and amount — or, without a condition, every
 * line's quantity and the order's `total`; it applies when the order carries its `code` and the counted
 * quantity and amount reach its `minimumQuantity` and `minimumAmount`, and then earns
 *
 * - `per_order`: `points`;
 * - `per_money`: `points × ⌊amount / per⌋` (each whole `per` spent);
 * - `per_unit`: `points × quantity`.
 *
 * The points of every rule that applies are added. All arithmetic is exact (decimal.js). The ledger
 * entry is made with `createLoyaltyTransaction` and the context's id generator and clock.
 *
 * Returns a `Result`: an order that is not one (a missing or bad field with its path under `order`, a
 * line amount or total in another currency — `currency_mismatch` — or negative, an unknown key) is a
 * `validation_failed` error. Never throws for its input.
 *
 * @throws CrmError `validation_failed` when `program` was not made by `defineLoyaltyProgram`.
 *
 * @example
 * ```ts
 * const program = unwrap(defineLoyaltyProgram({
 *   currency: 'USD',
 *   rules: [
 *     { id: 'spend', mode: 'per_money', points: 1, per: { amount: '1.00', currency: 'USD' } },
 *     { id: 'beans', mode: 'per_unit', points: 5, products: { field: 'category', op: 'eq', value: 'beans' } },
 *   ],
 *   rewards: [],
 * }));
 * const r = earnPoints(program, {
 *   customerId: 'c1',
 *   at: '2026-03-01T10:00:00Z',
 *   total: { amount: '47.80', currency: 'USD' },
 *   lines: [
 *     { productId: 'latte', category: 'coffee', quantity: 2, amount: { amount: '9.80', currency: 'USD' } },
 *     { productId: 'house-blend', category: 'beans', quantity: 2, amount: { amount: '38.00', currency: 'USD' } },
 *   ],
 * });
 * // 47 for $47.80, 5 × 2 bags of beans
 * unwrap(r).points; //=> '57'
 * ```
 */
export function earnPoints(program: LoyaltyProgram, order: LoyaltyOrder, ctx?: EntityContext): Result<EarnedPoints> {
  const compiled = compiledOf(program, 'earnPoints');
  try {
    const issues = new IssueList();
    if (!isObject(order)) return err(orderError(order));
    checkKeys(order, ORDER_KEYS, ['order'], issues);
    const customerId = readId(order['customerId'], ['order', 'customerId'], issues);
    const at = readInstant(order['at'], ['order', 'at'], issues);
    const total = readMoneyIn(order['total'], program.currency, ['order', 'total'], issues, false);
    const code = readOptionalText(order['code'], ['order', 'code'], issues);
    const orderId = readOptionalText(order['orderId'], ['order', 'orderId'], issues);
    const linesIn = readArray(order['lines'], ['order', 'lines'], issues, 'a list of order lines') ?? [];
    const lines: { line: LoyaltyOrderLine; quantity: Dec; amount: Dec }[] = [];
    for (let i = 0; i < linesIn.length; i++) {
      const l: unknown = linesIn[i];
      const path = ['order', 'lines', i];
      if (!isObject(l)) {
        issues.push(crmIssue.invalidType(path, 'an order line { productId, quantity, amount }', l));
        continue;
      }
      checkKeys(l, LINE_KEYS, path, issues);
      const before = issues.count;
      readId(l['productId'], [...path, 'productId'], issues);
      const quantity = readQuantity(l['quantity'], [...path, 'quantity'], issues);
      const amount = readMoneyIn(l['amount'], program.currency, [...path, 'amount'], issues, false);
      const category = l['category'];
      if (category !== undefined && category !== null && typeof category !== 'string')
        issues.push(crmIssue.invalidType([...path, 'category'], 'text or null', category));
      const tags = l['tags'];
      if (tags !== undefined && tags !== null && (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')))
        issues.push(crmIssue.invalidType([...path, 'tags'], 'a list of text, or null', tags));
      const custom = l['customFields'];
      if (custom !== undefined && custom !== null && !isObject(custom))
        issues.push(crmIssue.invalidType([...path, 'customFields'], 'an object, or null', custom));
      if (issues.count === before && quantity !== undefined && amount !== undefined)
        lines.push({ line: l as unknown as LoyaltyOrderLine, quantity, amount });
    }
    if (issues.count > 0 || customerId === undefined || at === undefined || total === undefined)
      return err(issues.error('earnPoints order'));

    let sum = ZERO;
    const byRule: RulePoints[] = [];
    for (const rule of compiled.rules) {
      if (rule.code !== null && rule.code !== code) continue;
      let quantity = ZERO;
      let amount = rule.match === null ? total : ZERO;
      let counted = 0;
      for (const l of lines) {
        if (rule.match !== null && !rule.match(l.line)) continue;
        counted++;
        quantity = quantity.plus(l.quantity);
        if (rule.match !== null) amount = amount.plus(l.amount);
      }
      if (rule.match !== null && counted === 0) continue;
      if (rule.minimumQuantity !== null && quantity.lt(rule.minimumQuantity)) continue;
      if (rule.minimumAmount !== null && amount.lt(rule.minimumAmount)) continue;
      const earned =
        rule.mode === 'per_order'
          ? rule.points
          : rule.mode === 'per_money'
            ? rule.points.times(amount.dividedToIntegerBy(rule.per!))
            : rule.points.times(quantity);
      if (earned.isZero()) continue;
      sum = sum.plus(earned);
      byRule.push(Object.freeze({ ruleId: rule.id, points: pointsText(earned) }));
    }
    let transaction: LoyaltyTransaction | null = null;
    if (!sum.isZero()) {
      const t = createLoyaltyTransaction(
        {
          customerId,
          kind: 'earn',
          points: pointsText(sum),
          at: new Date(at),
          expiresAt: compiled.expiryMs === null ? null : new Date(at + compiled.expiryMs),
          spend: fromDecimal(total, program.currency),
          orderId,
        },
        ctx,
      );
      if (!t.ok) return t;
      transaction = t.value;
    }
    return ok(Object.freeze({ points: pointsText(sum), byRule: Object.freeze(byRule), transaction }));
  } catch (e) {
    return err(unreadable('earnPoints', e));
  }
}

function orderError(order: unknown) {
  const issues = new IssueList();
  issues.push(crmIssue.invalidType(['order'], 'an order { customerId, lines, total, at, code?, orderId? }', order));
  return issues.error('earnPoints order');
}
