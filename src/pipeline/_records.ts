/**
 * What the analytics and the forecast check before they read records: the pipelines, the shape of
 * each deal (only the fields the function reads, so the check stays cheap), the options, exchange
 * rates and currencies. Every check returns issues and never throws; the functions turn them into a
 * `Result` error.
 *
 * @module
 */
import { CrmError, type CrmIssue, type PathSegment } from '../core/errors.js';
import { crmIssue, IssueList } from '../core/issues.js';
import { convertMoney, type ExchangeRate } from '../money/arithmetic.js';
import { isCurrencyCode } from '../money/currencies.js';
import { isMoney, zeroMoney, type Money } from '../money/money.js';
import { PROBABILITY_SOURCES } from '../entities/enums.js';
import type { Deal } from '../entities/deal.js';
import { FORECAST_CATEGORIES, madeByDefinePipeline, MAX_STAGES, type Pipeline, type Stage } from './define.js';
import { isStageMachine } from './machine.js';
import { showValue } from '../_lib/show.js';

/**
 * One pipeline or several. Functions that aggregate over deals (`winRate`, `salesCycleLength`,
 * `salesVelocity`, `staleDeals`, `weightedPipelineValue`, `forecast`) take either and look each
 * deal's pipeline up by `deal.pipelineId`; deals of other pipelines are left out. Functions that
 * describe one pipeline's stages (`stageFunnel`, `stageAnalytics`) take one.
 *
 * @example
 * ```ts
 * const all: Pipelines = [b2bPipeline, saasRenewalPipeline];
 * ```
 */
export type Pipelines = Pipeline | readonly Pipeline[];

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

const KINDS: ReadonlySet<unknown> = /* @__PURE__ */ new Set(['open', 'won', 'lost']);
const CATEGORIES: ReadonlySet<unknown> = /* @__PURE__ */ new Set(FORECAST_CATEGORIES);

/**
 * True for a value `definePipeline` made: at once when this copy of crmkit made it (it is frozen);
 * otherwise checked by its shape, its stage machine's included (so two copies of crmkit agree, and a
 * look-alike with a part of the wrong shape — a stage, a move, a guard without `check` — is refused
 * rather than read). Linear in the stages and moves (at most `MAX_STAGES`, `MAX_EXPANDED_MOVES`).
 * Never throws.
 */
export function isPipeline(p: unknown): p is Pipeline {
  if (madeByDefinePipeline(p)) return true;
  try {
    if (!isRecord(p) || typeof p['id'] !== 'string' || typeof p['name'] !== 'string') return false;
    if (p['currency'] !== null && typeof p['currency'] !== 'string') return false;
    if (typeof p['initialStageId'] !== 'string' || typeof p['allowReopen'] !== 'boolean') return false;
    const m = p['machine'];
    if (!(p['stageById'] instanceof Map) || !isRecord(m) || !(m['moves'] instanceof Map) || !isRecord(m['guards']))
      return false;
    if (!isStageMachine(m)) return false;
    const stages = p['stages'];
    if (!Array.isArray(stages) || stages.length > MAX_STAGES) return false;
    for (const s of stages as unknown[]) {
      if (!isRecord(s) || typeof s['id'] !== 'string' || typeof s['name'] !== 'string' || !KINDS.has(s['kind']))
        return false;
      const pr = s['probability'];
      if (typeof pr !== 'number' || !(pr >= 0 && pr <= 1) || !CATEGORIES.has(s['forecastCategory'])) return false;
      if (typeof s['index'] !== 'number' || p['stageById'].get(s['id']) !== s) return false;
      const rot = s['rotAfterDays'];
      if (rot !== undefined && !(typeof rot === 'number' && rot > 0 && Number.isFinite(rot))) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** The pipelines as a list with a lookup by id, or the issues (not a pipeline, duplicate ids, none). */
export function readPipelines(
  value: unknown,
  path: readonly PathSegment[],
  issues: IssueList,
): { readonly list: readonly Pipeline[]; readonly byId: ReadonlyMap<string, Pipeline> } | undefined {
  const list: readonly unknown[] = Array.isArray(value) ? value : [value];
  if (Array.isArray(value) && value.length === 0) {
    issues.push(crmIssue.tooSmall([...path], 'the number of pipelines', 1, true, 0));
    return undefined;
  }
  const byId = new Map<string, Pipeline>();
  const before = issues.count;
  const read: Pipeline[] = [];
  try {
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      const at = Array.isArray(value) ? [...path, i] : [...path];
      if (!isPipeline(p)) issues.push(crmIssue.invalidType(at, 'a Pipeline made by definePipeline', p));
      else if (byId.has(p.id)) issues.push(crmIssue.duplicate(at, 'pipeline id', p.id));
      else {
        byId.set(p.id, p);
        read.push(p);
      }
      if (issues.full) break;
    }
  } catch {
    issues.push(crmIssue.invalidType([...path], 'a readable list of pipelines (a getter threw)', value));
  }
  return issues.count === before ? { list: read, byId } : undefined;
}

/** The stage of a deal in the pipelines given, or undefined (another pipeline, an unknown stage). */
export function stageIn(byId: ReadonlyMap<string, Pipeline>, deal: Deal): Stage | undefined {
  return byId.get(deal.pipelineId)?.stageById.get(deal.stageId);
}

/** Which fields of a deal a function reads (and so checks). */
export interface DealNeeds {
  /** `pipelineId` and `stageId`. */
  readonly stage?: boolean;
  /** `stageHistory`: entries with a string `to` and a valid `at`. */
  readonly history?: boolean;
  readonly createdAt?: boolean;
  readonly closedAt?: boolean;
  readonly expectedCloseDate?: boolean;
  readonly amount?: boolean;
  readonly probability?: boolean;
}

const validDate = (v: unknown): v is Date => v instanceof Date && Number.isFinite(v.getTime());

/** The first problem with the fields of one deal that `needs` names, or undefined. Never throws. */
function dealProblem(d: unknown, needs: DealNeeds): [PathSegment[], string, unknown] | undefined {
  if (!isRecord(d)) return [[], 'a deal', d];
  if (needs.stage) {
    if (typeof d['pipelineId'] !== 'string') return [['pipelineId'], 'a pipeline id (string)', d['pipelineId']];
    if (typeof d['stageId'] !== 'string') return [['stageId'], 'a stage id (string)', d['stageId']];
  }
  if (needs.createdAt && !validDate(d['createdAt'])) return [['createdAt'], 'a valid Date', d['createdAt']];
  if (needs.closedAt && d['closedAt'] !== null && !validDate(d['closedAt']))
    return [['closedAt'], 'a valid Date or null', d['closedAt']];
  if (needs.expectedCloseDate && d['expectedCloseDate'] !== null && !validDate(d['expectedCloseDate']))
    return [['expectedCloseDate'], 'a valid Date or null', d['expectedCloseDate']];
  if (needs.amount && !isMoney(d['amount'])) return [['amount'], 'Money { amount, currency }', d['amount']];
  if (needs.probability) {
    const p = d['probability'];
    const value = isRecord(p) ? p['value'] : undefined;
    if (
      !isRecord(p) ||
      typeof value !== 'number' ||
      !(value >= 0 && value <= 1) ||
      !(PROBABILITY_SOURCES as readonly unknown[]).includes(p['source'])
    )
      return [['probability'], "a probability { value: 0..1, source: 'stage' | 'manual' | 'model' }", p];
  }
  if (needs.history) {
    const h = d['stageHistory'];
    if (!Array.isArray(h)) return [['stageHistory'], 'an array of history entries', h];
    for (let i = 0; i < h.length; i++) {
      const e: unknown = h[i];
      if (!isRecord(e) || typeof e['to'] !== 'string' || !validDate(e['at']))
        return [['stageHistory', i], 'a history entry { to: string, at: Date }', e];
    }
  }
  return undefined;
}

/**
 * Checks that `deals` is an array of deals with the fields `needs` names (issues at
 * `['deals', i, field]`, at most `MAX_ISSUES`). Linear in the deals (and their histories when
 * read). A hole in a sparse array is a missing deal.
 */
export function checkDeals(deals: unknown, needs: DealNeeds, issues: IssueList): deals is readonly Deal[] {
  if (!Array.isArray(deals)) {
    issues.push(crmIssue.invalidType(['deals'], 'an array of deals', deals));
    return false;
  }
  const before = issues.count;
  try {
    for (let i = 0; i < deals.length; i++) {
      const problem = dealProblem(deals[i], needs);
      if (problem !== undefined) {
        issues.push(crmIssue.invalidType(['deals', i, ...problem[0]], problem[1], problem[2]));
        if (issues.full) break;
      }
    }
  } catch {
    issues.push(crmIssue.invalidType(['deals'], 'readable deals (a getter threw)', deals));
  }
  return issues.count === before;
}

/** Checks an instant option (`asOf`). */
export function dateIssue(value: unknown, path: readonly PathSegment[]): CrmIssue | undefined {
  return validDate(value) ? undefined : crmIssue.invalidDate([...path], value);
}

/** Checks a currency option: an ISO 4217 code crmkit knows. */
export function currencyIssue(value: unknown, path: readonly PathSegment[]): CrmIssue | undefined {
  return isCurrencyCode(value)
    ? undefined
    : crmIssue.of(
        'invalid_currency',
        [...path],
        `expected an ISO 4217 code such as 'EUR'; received ${showValue(value)}`,
      );
}

/**
 * Checks exchange rates: an array of `{ from, to, rate, asOf }` that `convertMoney` accepts (known
 * currencies, a positive finite rate, a valid date). Issues at `['options', 'rates', k]`.
 */
export function ratesIssues(rates: unknown, issues: IssueList): void {
  if (rates === undefined) return;
  const path: PathSegment[] = ['options', 'rates'];
  if (!Array.isArray(rates)) {
    issues.push(crmIssue.invalidType(path, 'an array of exchange rates { from, to, rate, asOf }', rates));
    return;
  }
  for (let k = 0; k < rates.length; k++) {
    try {
      const r: unknown = rates[k];
      if (!isRecord(r) || !isCurrencyCode(r['from'])) throw new Error('not a rate');
      convertMoney(zeroMoney(r['from']), r as unknown as ExchangeRate);
    } catch (e) {
      const detail = e instanceof CrmError ? e.message : 'expected { from, to, rate, asOf } with ISO 4217 codes';
      issues.push(crmIssue.of('invalid_value', [...path, k], `not a usable exchange rate: ${detail}`));
      if (issues.full) return;
    }
  }
}

/**
 * `m` in `currency`: itself, or converted with the first rate from its currency to `currency`
 * (half-even to minor units). A `currency_mismatch` issue at `['deals', index, 'amount',
 * 'currency']` when no rate is given. Rates must have been checked by {@link ratesIssues}.
 */
export function inCurrency(
  m: Money,
  currency: string,
  rates: readonly ExchangeRate[] | undefined,
  index: number,
): Money | CrmIssue {
  if (m.currency === currency) return m;
  const rate = rates?.find((r) => r.from === m.currency && r.to === currency);
  if (rate === undefined)
    return crmIssue.of(
      'currency_mismatch',
      ['deals', index, 'amount', 'currency'],
      `the deal is in ${m.currency} and no ${m.currency}→${currency} rate was given in options.rates`,
    );
  return convertMoney(m, rate);
}

/** The `currency_mismatch` error for deals in a currency without a rate. */
export function mismatchError(fn: string, issue: CrmIssue): CrmError {
  return new CrmError('currency_mismatch', `${fn}: ${issue.message}`, { issues: [issue] });
}
