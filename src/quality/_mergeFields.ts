/**
 * The field rules of a merge: which fields each kind of record merges, their default rules, which rules
 * a field may take, and how each rule picks a value from the records (survivor first).
 *
 * @module
 */
import { compareMoney } from '../money/arithmetic.js';
import type { Money } from '../money/money.js';
import { COMPANY_SIZES } from '../entities/enums.js';

/** The kinds of record mergeRecords merges. */
export type Kind = 'lead' | 'contact' | 'account';

/** The field rules (see MergeFieldRule). */
export const FIELD_RULES = ['survivor', 'first_non_empty', 'newest', 'join', 'union', 'max', 'address_block'] as const;
export type FieldRule = 'survivor' | 'first_non_empty' | 'newest' | 'join' | 'union' | 'max' | 'address_block';

/** What a field holds, which decides the rules it takes. */
type FieldType = 'text' | 'list' | 'number' | 'money' | 'date' | 'size' | 'object' | 'fixed';

/** The merged fields of each kind with their types; `fixed` fields keep the survivor's value. */
const FIELDS: Readonly<Record<Kind, Readonly<Record<string, FieldType>>>> = {
  lead: {
    firstName: 'text',
    lastName: 'text',
    email: 'text',
    phone: 'text',
    company: 'text',
    title: 'text',
    industry: 'text',
    country: 'text',
    website: 'text',
    source: 'text',
    campaignId: 'text',
    score: 'object',
    ownerId: 'text',
    status: 'fixed',
    qualification: 'fixed',
    statusHistory: 'fixed',
    convertedAt: 'fixed',
    convertedContactId: 'fixed',
    convertedAccountId: 'fixed',
    convertedDealId: 'fixed',
  },
  contact: {
    firstName: 'text',
    lastName: 'text',
    title: 'text',
    emails: 'list',
    phones: 'list',
    accountId: 'text',
    consents: 'list',
    ownerId: 'text',
    lifecycleStage: 'fixed',
    lifecycleHistory: 'fixed',
  },
  account: {
    name: 'text',
    domain: 'text',
    industry: 'text',
    size: 'size',
    country: 'text',
    ownerId: 'text',
    annualRevenue: 'money',
  },
};

/** The default rule of each field that is not `first_non_empty` (fixed fields are always `survivor`). */
const DEFAULTS: Readonly<Record<Kind, Readonly<Record<string, FieldRule>>>> = {
  lead: { country: 'address_block' },
  contact: { emails: 'union', phones: 'union', consents: 'union' },
  account: { country: 'address_block', size: 'max', annualRevenue: 'max' },
};

/** The default rules of custom fields, by key, as Odoo merges leads (descriptions joined, tags unioned, …). */
const CUSTOM_DEFAULTS: Readonly<Record<string, FieldRule>> = {
  description: 'join',
  notes: 'join',
  tags: 'union',
  priority: 'max',
};

/** The rules each field type takes. */
const ALLOWED: Readonly<Record<FieldType, readonly FieldRule[]>> = {
  text: ['survivor', 'first_non_empty', 'newest', 'join', 'address_block'],
  list: ['survivor', 'first_non_empty', 'newest', 'union'],
  number: ['survivor', 'first_non_empty', 'newest', 'max', 'address_block'],
  money: ['survivor', 'first_non_empty', 'newest', 'max'],
  date: ['survivor', 'first_non_empty', 'newest', 'max', 'address_block'],
  size: ['survivor', 'first_non_empty', 'newest', 'max', 'address_block'],
  object: ['survivor', 'first_non_empty', 'newest'],
  fixed: ['survivor'],
};

/** The merged field names of a kind. */
export function fieldsOf(kind: Kind): readonly string[] {
  return Object.keys(FIELDS[kind]);
}

/** The rules a field takes (a custom field takes every rule), or `null` for a field the kind does not have. */
export function allowedRules(kind: Kind, field: string): readonly FieldRule[] | null {
  if (field.startsWith('customFields.') && field.length > 'customFields.'.length) return FIELD_RULES;
  const t = FIELDS[kind][field];
  return t === undefined ? null : ALLOWED[t];
}

/** The default rule of a field (`customFields.<key>` for a custom field). */
export function defaultRule(kind: Kind, field: string): FieldRule {
  if (field.startsWith('customFields.'))
    return CUSTOM_DEFAULTS[field.slice('customFields.'.length)] ?? 'first_non_empty';
  if (FIELDS[kind][field] === 'fixed') return 'survivor';
  return DEFAULTS[kind][field] ?? 'first_non_empty';
}

/** Whether a value counts as empty: missing, `null`, blank text, an empty list. */
export function isEmpty(v: unknown): boolean {
  return (
    v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0)
  );
}

/** One record's value of a field, with what the rules need to know of the record. */
export interface Candidate {
  readonly id: string;
  readonly value: unknown;
  readonly updatedAt: number;
}

/** The separator `join` puts between texts. */
export const JOIN_SEPARATOR = '\n\n';

/** A stable text key of a value, for distinct lists (Dates by instant, object keys sorted). */
function keyOf(v: unknown): string {
  if (v instanceof Date) return `D${v.getTime()}`;
  if (Array.isArray(v)) return `[${v.map(keyOf).join(',')}]`;
  if (typeof v === 'object' && v !== null)
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${keyOf((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return `${typeof v}:${String(v)}`;
}

/** The identity of a list item of a known list field (an e-mail by address, a phone by number). */
function itemKey(field: string, item: unknown): string {
  if (typeof item === 'object' && item !== null) {
    if (field === 'emails') return `e:${String((item as { address?: unknown }).address)}`;
    if (field === 'phones') return `p:${String((item as { number?: unknown }).number)}`;
  }
  return keyOf(item);
}

/** The picked value and the id of the record it came from. */
export interface Picked {
  readonly value: unknown;
  readonly from: string;
}

/** The value a rule picks for one field; candidates are the survivor first, then the others. */
export function pick(kind: Kind, field: string, rule: FieldRule, c: readonly Candidate[]): Picked {
  const survivor = c[0]!;
  const own: Picked = { value: survivor.value, from: survivor.id };
  const filled = c.filter((x) => !isEmpty(x.value));
  switch (rule) {
    case 'survivor':
    case 'address_block': // picked per block by the caller
      return own;
    case 'first_non_empty':
      return filled.length === 0 ? own : { value: filled[0]!.value, from: filled[0]!.id };
    case 'newest': {
      let best: Candidate | undefined;
      for (const x of filled) if (best === undefined || x.updatedAt > best.updatedAt) best = x;
      return best === undefined ? own : { value: best.value, from: best.id };
    }
    case 'join': {
      const texts = filled.filter((x) => typeof x.value === 'string');
      if (texts.length === 0) return pick(kind, field, 'first_non_empty', c);
      const parts: string[] = [];
      const seen = new Set<string>();
      for (const x of texts)
        for (const part of (x.value as string).split(JOIN_SEPARATOR)) {
          const t = part.trim();
          if (t === '' || seen.has(t)) continue;
          seen.add(t);
          parts.push(t);
        }
      const value = parts.join(JOIN_SEPARATOR);
      return value === survivor.value ? own : { value, from: texts.length === 1 ? texts[0]!.id : survivor.id };
    }
    case 'union': {
      const out: unknown[] = [];
      const seen = new Set<string>();
      let primary = false;
      for (const x of filled)
        for (const item of Array.isArray(x.value) ? x.value : [x.value]) {
          const k = itemKey(field, item);
          if (seen.has(k)) continue;
          seen.add(k);
          // One primary e-mail: the first one's (the survivor's when it has one).
          if (field === 'emails' && kind === 'contact' && (item as { primary?: unknown }).primary === true) {
            out.push(primary ? { ...(item as object), primary: false } : item);
            primary = true;
          } else out.push(item);
        }
      const sameAsOwn = Array.isArray(survivor.value) && out.length === survivor.value.length;
      return sameAsOwn || out.length === 0 ? own : { value: out, from: survivor.id };
    }
    case 'max': {
      let best: Candidate | undefined;
      for (const x of filled) {
        if (!comparable(field, x.value)) continue;
        if (best === undefined) best = x;
        else {
          const d = compare(field, x.value, best.value);
          if (d !== null && d > 0) best = x;
        }
      }
      return best === undefined ? pick(kind, field, 'first_non_empty', c) : { value: best.value, from: best.id };
    }
  }
}

function isMoney(v: unknown): v is Money {
  return typeof v === 'object' && v !== null && typeof (v as Money).amount === 'string';
}

function comparable(field: string, v: unknown): boolean {
  if (field === 'size') return COMPANY_SIZES.includes(v as never);
  return (typeof v === 'number' && Number.isFinite(v)) || v instanceof Date || isMoney(v);
}

/** Compares two values for `max`; `null` when they cannot be compared (amounts in two currencies). */
function compare(field: string, a: unknown, b: unknown): number | null {
  if (field === 'size') return COMPANY_SIZES.indexOf(a as never) - COMPANY_SIZES.indexOf(b as never);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (isMoney(a) && isMoney(b)) return a.currency === b.currency ? compareMoney(a, b) : null;
  return null;
}

/** Whether two field values are the same (structurally). */
export function sameValue(a: unknown, b: unknown): boolean {
  return keyOf(a) === keyOf(b);
}
