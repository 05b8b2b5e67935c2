/**
 * A fast reader for deals that are already in their stored, canonical form — what `createDeal`,
 * `parseDeal` and the pipeline functions return. `parseDeal` tries it first: a deal the schema would
 * return unchanged is copied field by field (about a microsecond) instead of going through zod. When
 * anything is not exactly canonical — a default to fill in, text to trim, an ISO string to read, a
 * typed custom field, any problem at all — it answers `undefined` and the schema decides, so the
 * errors and the normalisation are always the schema's. `test/entities/canonicalDeal.test.ts` checks
 * that it never accepts what the schema refuses and never returns anything but what the schema
 * returns.
 *
 * @module
 */
import { currencyMinorUnits, isCurrencyCode } from '../money/currencies.js';
import { IssueList } from '../core/issues.js';
import type { Money } from '../money/money.js';
import { validateCustomFieldsInto } from './customFields.js';
import { PROBABILITY_SOURCES } from './enums.js';
import { hasLoneSurrogate } from '../_lib/text.js';

/** The own keys of a stored deal, all present (a missing one would be filled by a default). */
const DEAL_KEYS = [
  'name',
  'accountId',
  'contactId',
  'pipelineId',
  'stageId',
  'amount',
  'expectedCloseDate',
  'probability',
  'stageHistory',
  'closedAt',
  'lostReason',
  'ownerId',
  'source',
  'campaignId',
  'id',
  'customFields',
  'createdAt',
  'updatedAt',
  'version',
] as const;
const DEAL_KEY_SET: ReadonlySet<string> = /* @__PURE__ */ new Set(DEAL_KEYS);
const HISTORY_KEYS: ReadonlySet<string> = /* @__PURE__ */ new Set(['from', 'to', 'at', 'by', 'reason']);

/** The custom fields of a deal that has none (frozen, so it can be shared). */
const EMPTY: Record<string, unknown> = /* @__PURE__ */ Object.freeze({});

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** Exactly the keys of `keys`, all own and enumerable, and nothing else. */
function hasExactly(o: Record<string, unknown>, keys: ReadonlySet<string>): boolean {
  const own = Object.keys(o);
  if (own.length !== keys.size) return false;
  for (const k of own) if (!keys.has(k)) return false;
  return true;
}

/** Trimmed, 1..max characters, no NUL: what `requiredText(max)` and `idSchema` give back unchanged. */
function text(v: unknown, max: number): v is string {
  if (typeof v !== 'string' || v.length === 0 || v.length > max || v.includes('\u0000')) return false;
  const c0 = v.charCodeAt(0);
  const c1 = v.charCodeAt(v.length - 1);
  // Any character `trim` could remove at either end (ASCII space/controls, and every non-ASCII one, to be safe).
  return c0 > 32 && c0 < 127 && c1 > 32 && c1 < 127 ? true : v.trim() === v;
}

const optionalText = (v: unknown, max: number): boolean => v === null || text(v, max);

/** An id or a reference as `idSchema` keeps it: text without a lone surrogate. */
const idText = (v: unknown): boolean => text(v, 200) && !hasLoneSurrogate(v);
const optionalId = (v: unknown): boolean => v === null || idText(v);

const validDate = (v: unknown): v is Date => v instanceof Date && Number.isFinite(v.getTime());
const optionalDate = (v: unknown): boolean => v === null || validDate(v);

const CANONICAL_AMOUNT = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?$/;

/** An amount string exactly as `parseMoney` writes it for the currency (and within its 80 digits). */
function canonicalMoney(v: unknown): v is Money {
  if (!isObject(v)) return false;
  const keys = Object.keys(v);
  if (keys.length !== 2) return false;
  const { amount, currency } = v as { amount?: unknown; currency?: unknown };
  if (typeof amount !== 'string' || amount.length > 80 || !isCurrencyCode(currency)) return false;
  const m = CANONICAL_AMOUNT.exec(amount);
  if (m === null) return false;
  const minor = currencyMinorUnits(currency);
  const frac = m[3] ?? '';
  if (frac.length < minor) return false;
  if (frac.length > minor && frac.endsWith('0')) return false;
  // No negative zero, and a deal amount is never negative (the deal's own rule).
  return m[1] === '';
}

/**
 * A fresh, frozen copy of `input` when it is a stored deal in canonical form that the deal schema
 * (without typed custom fields) would accept and return unchanged; otherwise `undefined`. Never
 * throws for plain data (a throwing getter makes it answer `undefined`).
 */
export function readCanonicalDeal<D>(input: unknown): D | undefined {
  try {
    return read(input) as D | undefined;
  } catch {
    return undefined;
  }
}

function read(d: unknown): object | undefined {
  if (!isObject(d) || !hasExactly(d, DEAL_KEY_SET)) return undefined;
  if (
    !text(d['name'], 300) ||
    !text(d['pipelineId'], 100) ||
    !text(d['stageId'], 100) ||
    !idText(d['id']) ||
    !optionalId(d['accountId']) ||
    !optionalId(d['contactId']) ||
    !optionalId(d['ownerId']) ||
    !optionalText(d['lostReason'], 2000) ||
    !optionalText(d['source'], 200) ||
    !optionalId(d['campaignId']) ||
    !optionalDate(d['expectedCloseDate']) ||
    !optionalDate(d['closedAt']) ||
    !validDate(d['createdAt']) ||
    !validDate(d['updatedAt']) ||
    !canonicalMoney(d['amount'])
  )
    return undefined;
  const version = d['version'];
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) return undefined;
  const p = d['probability'];
  if (!isObject(p) || Object.keys(p).length !== 2) return undefined;
  const value = p['value'];
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) return undefined;
  if (!(PROBABILITY_SOURCES as readonly unknown[]).includes(p['source'])) return undefined;
  const h = d['stageHistory'];
  if (!Array.isArray(h)) return undefined;
  const history = new Array<object>(h.length);
  let prevTo: unknown;
  let prevAt = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < h.length; i++) {
    const e: unknown = h[i];
    if (!isObject(e) || !hasExactly(e, HISTORY_KEYS)) return undefined;
    const { from, to, at, by, reason } = e;
    if (!(from === null || text(from, 100)) || !text(to, 100) || !validDate(at)) return undefined;
    if (!optionalText(by, 200) || !optionalText(reason, 2000)) return undefined;
    const t = at.getTime();
    if (i > 0 && (t < prevAt || from !== prevTo)) return undefined; // the schema's history rules
    prevTo = to;
    prevAt = t;
    history[i] = Object.freeze({ from, to, at: new Date(t), by, reason });
  }
  if (h.length > 0 && prevTo !== d['stageId']) return undefined;
  const cf = d['customFields'];
  let customFields: Record<string, unknown>;
  if (isObject(cf) && Object.keys(cf).length === 0) customFields = EMPTY;
  else {
    const issues = new IssueList();
    customFields = validateCustomFieldsInto(cf, undefined, issues);
    if (issues.count > 0) return undefined;
  }
  const amount = d['amount'] as Money;
  const copy = (v: unknown): Date | null => (v === null ? null : new Date((v as Date).getTime()));
  return deepFreezeCustom({
    name: d['name'],
    accountId: d['accountId'],
    contactId: d['contactId'],
    pipelineId: d['pipelineId'],
    stageId: d['stageId'],
    amount: Object.isFrozen(amount) ? amount : Object.freeze({ amount: amount.amount, currency: amount.currency }),
    expectedCloseDate: copy(d['expectedCloseDate']),
    probability: Object.isFrozen(p) ? p : Object.freeze({ value, source: p['source'] }),
    stageHistory: Object.freeze(history),
    closedAt: copy(d['closedAt']),
    lostReason: d['lostReason'],
    ownerId: d['ownerId'],
    source: d['source'],
    campaignId: d['campaignId'],
    id: d['id'],
    customFields,
    createdAt: new Date((d['createdAt'] as Date).getTime()),
    updatedAt: new Date((d['updatedAt'] as Date).getTime()),
    version,
  });
}

/** Freezes the deal and its custom-field copy (everything else is frozen already). */
function deepFreezeCustom(deal: {
  readonly customFields: Record<string, unknown>;
  readonly [key: string]: unknown;
}): object {
  freezeTree(deal.customFields);
  return Object.freeze(deal);
}

function freezeTree(v: unknown): void {
  if (v === null || typeof v !== 'object' || v instanceof Date || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const k of Object.keys(v)) freezeTree((v as Record<string, unknown>)[k]);
}
