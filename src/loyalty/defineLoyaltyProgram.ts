/**
 * defineLoyaltyProgram: checks a loyalty programme (rules, rewards, tiers, expiry) and compiles it.
 *
 * @module
 */
import type { PathSegment } from '../core/errors.js';
import { crmIssue, invalidInput, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { isCurrencyCode, type CurrencyCode } from '../money/currencies.js';
import { fromDecimal } from '../money/money.js';
import { Dec } from '../money/decimal.js';
import { defineCondition } from '../conditions/define.js';
import { compileCondition } from '../conditions/evaluate.js';
import type { FieldCatalog } from '../conditions/catalog.js';
import { freezeCopy } from '../_lib/freeze.js';
import { quoteValue } from '../_lib/show.js';
import { pointsText } from '../entities/points.js';
import { remember, type CompiledReward, type CompiledRule, type CompiledTier } from './_program.js';
import {
  checkKeys,
  DAY,
  isObject,
  readArray,
  readDays,
  readId,
  readMoneyIn,
  readOptionalText,
  readPointsAt,
  readQuantity,
} from './_read.js';
import type { LoyaltyOrderLine, LoyaltyProgram, LoyaltyProgramSpec } from './types.js';

/** The fields a rule's `products` condition may test (see {@link LoyaltyOrderLine}). */
const LINE_CATALOG: FieldCatalog = /* @__PURE__ */ Object.freeze({
  name: 'order line',
  fields: /* @__PURE__ */ Object.freeze({
    productId: 'text',
    category: 'text',
    tags: 'list',
    quantity: 'number',
    amount: 'money',
  }),
  customFields: true,
});

const PROGRAM_KEYS = ['currency', 'rules', 'rewards', 'tiers', 'expiry'];
const RULE_KEYS = ['id', 'mode', 'points', 'per', 'products', 'minimumQuantity', 'minimumAmount', 'code'];
const RULE_MODES = ['per_order', 'per_money', 'per_unit'];
const REWARD_KEYS: Readonly<Record<string, readonly string[]>> = {
  percent_discount: ['id', 'kind', 'cost', 'percent', 'maxAmount', 'value'],
  amount_discount: ['id', 'kind', 'cost', 'amount'],
  product: ['id', 'kind', 'cost', 'productId', 'quantity', 'value'],
  voucher: ['id', 'kind', 'cost', 'value'],
};
const TIER_KEYS = ['basis', 'window', 'levels'];

/**
 * Checks and compiles a loyalty programme, following Odoo's loyalty rules (addons/loyalty:
 * `loyalty.rule` with `reward_point_mode` order / money / unit, `minimum_qty`, `minimum_amount`,
 * a product domain and a `code`; `loyalty.reward` with `required_points`, discounts in percent or per
 * order, free products; gift cards and next-order coupons as vouchers):
 *
 * - **rules** earn `points` per order (`per_order`), per whole `per` of money counted (`per_money`) or
 *   per unit counted (`per_unit`). A rule counts the order lines its `products` condition selects (a
 *   condition of crmkit/conditions on `productId`, `category`, `tags`, `quantity`, `amount`,
 *   `customFields.<key>`), or every line and the order's `total` without one; it applies when the counted
 *   quantity and amount reach `minimumQuantity` and `minimumAmount` and the order carries its `code`;
 * - **rewards** cost `cost` points and give a percent discount, an amount discount, a product or a voucher;
 * - **tiers** are reached by points earned or money spent, over the lifetime or a rolling window of days,
 *   with thresholds strictly increasing;
 * - **expiry**: earned points expire `days` whole days after they are earned (never without it).
 *
 * Points are exact decimals (a decimal string or a safe integer; at most 20 integer digits and 20
 * decimal places); every Money is in the programme's `currency`.
 *
 * Never throws for its input: a bad spec is a `validation_failed` error listing every issue with its
 * path — an unknown key (`unrecognized_keys`), a duplicate id (`duplicate`), an unknown mode or reward
 * kind, points that are not positive, Money in another currency (`currency_mismatch`), a bad product
 * condition (its own issues under `['rules', i, 'products']`), a tier threshold not above the one before
 * (`out_of_order` at `['tiers', 'levels', i, 'threshold']`). The result is frozen; the spec is not changed.
 *
 * @example
 * ```ts
 * const r = defineLoyaltyProgram({
 *   currency: 'USD',
 *   rules: [{ id: 'spend', mode: 'per_money', points: 1, per: { amount: '1.00', currency: 'USD' } }],
 *   rewards: [{ id: 'ten-off', kind: 'amount_discount', cost: 100, amount: { amount: '10.00', currency: 'USD' } }],
 *   tiers: { basis: 'points', levels: [{ id: 'silver', threshold: 500 }, { id: 'gold', threshold: 300 }] },
 * });
 * // out_of_order at ['tiers', 'levels', 1, 'threshold']
 * r.ok; //=> false
 * ```
 */
export function defineLoyaltyProgram(spec: LoyaltyProgramSpec): Result<LoyaltyProgram> {
  try {
    return define(spec);
  } catch (e) {
    return err(
      invalidInput('LoyaltyProgram', [
        crmIssue.invalidType(
          [],
          `a readable programme (reading it threw: ${e instanceof Error ? e.message : quoteValue(e)})`,
          spec,
        ),
      ]),
    );
  }
}

function define(spec: unknown): Result<LoyaltyProgram> {
  const issues = new IssueList();
  if (!isObject(spec))
    return err(invalidInput('LoyaltyProgram', [crmIssue.invalidType([], 'a programme object', spec)]));
  checkKeys(spec, PROGRAM_KEYS, [], issues);
  const currencyIn = spec['currency'];
  const currency = isCurrencyCode(currencyIn) ? (currencyIn as CurrencyCode) : undefined;
  if (currency === undefined)
    issues.push(crmIssue.invalidValue(['currency'], 'expected an ISO 4217 currency code', currencyIn));

  const rules: CompiledRule[] = [];
  const ruleCopies: unknown[] = [];
  const rulesIn = readArray(spec['rules'], ['rules'], issues, 'a list of rules');
  if (rulesIn !== undefined && rulesIn.length === 0)
    issues.push(crmIssue.tooSmall(['rules'], 'the number of rules', 1, true, rulesIn.length));
  const ruleIds = new Map<string, number>();
  rulesIn?.forEach((r, i) => {
    const c = readRule(r, ['rules', i], currency, issues);
    if (c === undefined) return;
    if (ruleIds.has(c.rule.id))
      issues.push(
        crmIssue.duplicate(['rules', i, 'id'], 'rule id', c.rule.id, ['rules', ruleIds.get(c.rule.id)!, 'id']),
      );
    else ruleIds.set(c.rule.id, i);
    rules.push(c.rule);
    ruleCopies.push(c.copy);
  });

  const rewards = new Map<string, CompiledReward>();
  const rewardCopies: unknown[] = [];
  const rewardsIn = readArray(spec['rewards'], ['rewards'], issues, 'a list of rewards');
  const rewardAt = new Map<string, number>();
  rewardsIn?.forEach((r, i) => {
    const c = readReward(r, ['rewards', i], currency, issues);
    if (c === undefined) return;
    if (rewardAt.has(c.reward.id))
      issues.push(
        crmIssue.duplicate(['rewards', i, 'id'], 'reward id', c.reward.id, [
          'rewards',
          rewardAt.get(c.reward.id)!,
          'id',
        ]),
      );
    else rewardAt.set(c.reward.id, i);
    rewards.set(c.reward.id, c.reward);
    rewardCopies.push(c.copy);
  });

  const tiers =
    spec['tiers'] === undefined || spec['tiers'] === null ? null : readTiers(spec['tiers'], currency, issues);
  const expiryDays =
    spec['expiry'] === undefined || spec['expiry'] === null ? null : readDays(spec['expiry'], ['expiry'], issues);

  if (issues.count > 0 || currency === undefined) return err(issues.error('LoyaltyProgram'));
  const program: LoyaltyProgram = Object.freeze({
    currency,
    rules: Object.freeze(ruleCopies) as LoyaltyProgram['rules'],
    rewards: Object.freeze(rewardCopies) as LoyaltyProgram['rewards'],
    tiers: tiers === undefined || tiers === null ? null : tiers.copy,
    expiry: expiryDays === null || expiryDays === undefined ? null : Object.freeze({ days: expiryDays }),
  });
  remember(program, {
    rules,
    rewards,
    tiers: tiers === undefined || tiers === null ? null : tiers.compiled,
    expiryMs: expiryDays === null || expiryDays === undefined ? null : expiryDays * DAY,
  });
  return ok(program);
}

function readRule(
  r: unknown,
  path: PathSegment[],
  currency: CurrencyCode | undefined,
  issues: IssueList,
): { rule: CompiledRule; copy: unknown } | undefined {
  if (!isObject(r)) {
    issues.push(crmIssue.invalidType(path, 'a rule { id, mode, points, … }', r));
    return undefined;
  }
  checkKeys(r, RULE_KEYS, path, issues);
  const id = readId(r['id'], [...path, 'id'], issues);
  const mode = r['mode'];
  if (typeof mode !== 'string' || !RULE_MODES.includes(mode))
    issues.push(crmIssue.invalidValue([...path, 'mode'], 'an unknown rule mode', mode, RULE_MODES));
  const points = readPointsAt(r['points'], [...path, 'points'], issues, true);
  let per: Dec | null = null;
  if (mode === 'per_money') per = readMoneyIn(r['per'], currency, [...path, 'per'], issues, true) ?? null;
  else if (r['per'] !== undefined && r['per'] !== null)
    issues.push(crmIssue.invalidValue([...path, 'per'], 'only a per_money rule has `per`', r['per']));
  const minQ = r['minimumQuantity'];
  const minimumQuantity =
    minQ === undefined || minQ === null ? null : (readQuantity(minQ, [...path, 'minimumQuantity'], issues) ?? null);
  const minA = r['minimumAmount'];
  const minimumAmount =
    minA === undefined || minA === null
      ? null
      : (readMoneyIn(minA, currency, [...path, 'minimumAmount'], issues, false) ?? null);
  const code = readOptionalText(r['code'], [...path, 'code'], issues);
  let match: ((line: LoyaltyOrderLine) => boolean) | null = null;
  const products = r['products'];
  if (products !== undefined && products !== null) {
    const c = defineCondition(products, { entity: LINE_CATALOG });
    if (!c.ok) for (const i of c.error.issues) issues.push({ ...i, path: [...path, 'products', ...i.path] });
    else if (c.value.requires.length > 0)
      issues.push(
        crmIssue.invalidValue(
          [...path, 'products'],
          'a product condition cannot use $now or $ref',
          c.value.requires.join(', '),
        ),
      );
    else match = compileCondition<LoyaltyOrderLine>(c.value);
  }
  if (id === undefined || points === undefined || typeof mode !== 'string' || !RULE_MODES.includes(mode))
    return undefined;
  if (mode === 'per_money' && per === null) return undefined;
  const copy: Record<string, unknown> = { id, mode, points: pointsText(points) };
  if (per !== null && currency !== undefined) copy['per'] = money(per, currency);
  if (products !== undefined && products !== null) copy['products'] = freezeCopy(products);
  if (minimumQuantity !== null) copy['minimumQuantity'] = minQ;
  if (minimumAmount !== null && currency !== undefined) copy['minimumAmount'] = money(minimumAmount, currency);
  if (code !== null) copy['code'] = code;
  return {
    rule: { id, mode: mode as CompiledRule['mode'], points, per, minimumQuantity, minimumAmount, code, match },
    copy: Object.freeze(copy),
  };
}

function money(d: Dec, currency: CurrencyCode): unknown {
  return fromDecimal(d, currency);
}

function readReward(
  r: unknown,
  path: PathSegment[],
  currency: CurrencyCode | undefined,
  issues: IssueList,
): { reward: CompiledReward; copy: unknown } | undefined {
  if (!isObject(r)) {
    issues.push(crmIssue.invalidType(path, 'a reward { id, kind, cost, … }', r));
    return undefined;
  }
  const kind = r['kind'];
  const allowed = typeof kind === 'string' ? REWARD_KEYS[kind] : undefined;
  if (allowed === undefined || !Object.prototype.hasOwnProperty.call(REWARD_KEYS, kind as string)) {
    issues.push(crmIssue.invalidValue([...path, 'kind'], 'an unknown reward kind', kind, Object.keys(REWARD_KEYS)));
    return undefined;
  }
  checkKeys(r, allowed, path, issues);
  const id = readId(r['id'], [...path, 'id'], issues);
  const cost = readPointsAt(r['cost'], [...path, 'cost'], issues, true);
  const copy: Record<string, unknown> = { id, kind };
  let value: Dec | null | undefined = null;
  const optionalMoney = (key: string): Dec | null | undefined => {
    const v = r[key];
    if (v === undefined || v === null) return null;
    const d = readMoneyIn(v, currency, [...path, key], issues, true);
    if (d !== undefined && currency !== undefined) copy[key] = money(d, currency);
    return d;
  };
  const requiredMoney = (key: string): Dec | undefined => {
    const d = readMoneyIn(r[key], currency, [...path, key], issues, true);
    if (d !== undefined && currency !== undefined) copy[key] = money(d, currency);
    return d;
  };
  if (kind === 'percent_discount') {
    const p = r['percent'];
    const pd = typeof p === 'number' || typeof p === 'string' ? readPercent(p) : undefined;
    if (pd === undefined)
      issues.push(crmIssue.invalidValue([...path, 'percent'], 'expected a percentage in (0, 100]', p));
    else copy['percent'] = pointsText(pd);
    optionalMoney('maxAmount');
    value = optionalMoney('value');
  } else if (kind === 'amount_discount') value = requiredMoney('amount');
  else if (kind === 'product') {
    const pid = readId(r['productId'], [...path, 'productId'], issues);
    copy['productId'] = pid;
    const q = r['quantity'];
    if (q !== undefined && q !== null) {
      if (typeof q !== 'number' || !Number.isSafeInteger(q) || q < 1)
        issues.push(crmIssue.invalidValue([...path, 'quantity'], 'expected a whole number ≥ 1', q));
      else copy['quantity'] = q;
    }
    value = requiredMoney('value');
  } else value = requiredMoney('value');
  if (id === undefined || cost === undefined || value === undefined) return undefined;
  copy['cost'] = pointsText(cost);
  return { reward: { id, cost, value }, copy: Object.freeze(copy) };
}

function readPercent(p: string | number): Dec | undefined {
  try {
    const d = new Dec(typeof p === 'number' ? String(p) : p.trim());
    return d.isFinite() && d.gt(0) && d.lte(100) ? d : undefined;
  } catch {
    return undefined;
  }
}

function readTiers(
  t: unknown,
  currency: CurrencyCode | undefined,
  issues: IssueList,
):
  | {
      compiled: { basis: 'points' | 'spend'; windowMs: number | null; levels: CompiledTier[] };
      copy: LoyaltyProgram['tiers'];
    }
  | undefined {
  if (!isObject(t)) {
    issues.push(crmIssue.invalidType(['tiers'], 'tiers { basis, window?, levels }', t));
    return undefined;
  }
  checkKeys(t, TIER_KEYS, ['tiers'], issues);
  const basis = t['basis'];
  if (basis !== 'points' && basis !== 'spend') {
    issues.push(crmIssue.invalidValue(['tiers', 'basis'], 'an unknown tier basis', basis, ['points', 'spend']));
  }
  const w = t['window'];
  const days = w === undefined || w === null ? null : readDays(w, ['tiers', 'window'], issues);
  const levelsIn = readArray(t['levels'], ['tiers', 'levels'], issues, 'a list of tier levels');
  const levels: CompiledTier[] = [];
  const copies: unknown[] = [];
  const ids = new Map<string, number>();
  let previous: Dec | undefined;
  levelsIn?.forEach((l, i) => {
    const path = ['tiers', 'levels', i];
    if (!isObject(l)) {
      issues.push(crmIssue.invalidType(path, 'a tier level { id, threshold }', l));
      return;
    }
    checkKeys(l, ['id', 'threshold'], path, issues);
    const id = readId(l['id'], [...path, 'id'], issues);
    if (id !== undefined && ids.has(id))
      issues.push(crmIssue.duplicate([...path, 'id'], 'tier id', id, ['tiers', 'levels', ids.get(id)!, 'id']));
    else if (id !== undefined) ids.set(id, i);
    const threshold =
      basis === 'spend'
        ? readMoneyIn(l['threshold'], currency, [...path, 'threshold'], issues, false)
        : basis === 'points'
          ? readThresholdPoints(l['threshold'], [...path, 'threshold'], issues)
          : undefined;
    if (threshold === undefined || id === undefined) return;
    if (previous !== undefined && threshold.lte(previous))
      issues.push(
        crmIssue.of(
          'out_of_order',
          [...path, 'threshold'],
          `tier thresholds increase level by level: ${threshold.toFixed()} is not above ${previous.toFixed()}, the threshold before it`,
        ),
      );
    previous = threshold;
    levels.push({ id, threshold });
    copies.push(
      Object.freeze({
        id,
        threshold: basis === 'spend' && currency !== undefined ? money(threshold, currency) : pointsText(threshold),
      }),
    );
  });
  if (basis !== 'points' && basis !== 'spend') return undefined;
  if (days === undefined) return undefined;
  return {
    compiled: { basis, windowMs: days === null ? null : days * DAY, levels },
    copy: Object.freeze({
      basis,
      window: days === null ? null : Object.freeze({ days }),
      levels: Object.freeze(copies),
    }) as LoyaltyProgram['tiers'],
  };
}

function readThresholdPoints(v: unknown, path: PathSegment[], issues: IssueList): Dec | undefined {
  const d = readPointsAt(v, path, issues, false);
  if (d !== undefined && d.lt(0)) {
    issues.push(crmIssue.tooSmall(path, 'a threshold', 0, true, v));
    return undefined;
  }
  return d;
}
