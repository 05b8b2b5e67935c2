/**
 * What an import may write, per kind: the fields a column may map to, the entity functions that build
 * and change records, and how a row's values are merged into a record.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import { createAccount, updateAccount, type Account } from '../entities/account.js';
import { createContact, updateContact, type Contact } from '../entities/contact.js';
import type { EntityContext } from '../entities/define.js';
import { createLead, updateLead, type Lead } from '../entities/lead.js';
import { IMPORT_FIELDS } from './importFields.js';

export { IMPORT_FIELDS };

import type { ImportKind } from './importFields.js';

export type { ImportKind };

/**
 * The entity of an import kind: `Lead`, `Contact` or `Account`.
 *
 * @example
 * ```ts
 * const lastNameOf = (r: ImportRecord<'lead'>) => r.lastName;
 * ```
 */
export type ImportRecord<K extends ImportKind> = K extends 'lead' ? Lead : K extends 'contact' ? Contact : Account;

/** Fields several columns may map to: a contact's `email` and `phone` (each column adds one). */
export function isListField(kind: ImportKind, field: string): boolean {
  return kind === 'contact' && (field === 'email' || field === 'phone');
}

type Recipe = (draft: Record<string, unknown>) => void;

/** Creates a record of `kind` (the entities' create functions). */
export function createOf(kind: ImportKind, input: Record<string, unknown>, ctx: EntityContext): Result<object> {
  if (kind === 'lead') return createLead(input as never, ctx);
  if (kind === 'contact') return createContact(input as never, ctx);
  return createAccount(input as never, ctx);
}

/** Changes a record of `kind` (the entities' update functions: re-validated, version + 1). */
export function updateOf(kind: ImportKind, record: object, recipe: Recipe, ctx: EntityContext): Result<object> {
  const r = recipe as unknown as (draft: object) => void;
  if (kind === 'lead') return updateLead(record as Lead, r, ctx);
  if (kind === 'contact') return updateContact(record as Contact, r, ctx);
  return updateAccount(record as Account, r, ctx);
}

/** Whether a value is blank: missing, `null` or empty (or only spaces). */
export function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** A field's value in a record or an input (`customFields.x` read inside `customFields`). */
function getField(o: Record<string, unknown>, field: string): unknown {
  if (!field.startsWith('customFields.')) return o[field];
  const cf = o['customFields'];
  return cf !== null && typeof cf === 'object' ? (cf as Record<string, unknown>)[field.slice(13)] : undefined;
}

function setField(o: Record<string, unknown>, field: string, value: unknown): void {
  if (!field.startsWith('customFields.')) {
    o[field] = value;
    return;
  }
  let cf = o['customFields'] as Record<string, unknown> | undefined | null;
  if (cf === undefined || cf === null) {
    cf = {};
    o['customFields'] = cf;
  }
  Object.defineProperty(cf, field.slice(13), { value, enumerable: true, writable: true, configurable: true });
}

/** The list a contact's `email` / `phone` column adds to, and the key of its entries. */
const LISTS = { email: ['emails', 'address'], phone: ['phones', 'number'] } as const;

/**
 * Merges the values `source` (a record built from one row) has for `fields` into `target` (a record or
 * an immer draft of one, or a create input), in place: `fill_empty` sets only blank fields, `update` every
 * field the row gives. A contact's `email` and `phone` add the row's address or number to the list when
 * it is not there (`fill_empty`: only to an empty list), primary when the list had no primary.
 */
export function mergeInto(
  kind: ImportKind,
  target: Record<string, unknown>,
  source: Record<string, unknown>,
  fields: readonly string[],
  policy: 'fill_empty' | 'update',
): void {
  for (const field of fields) {
    if (isListField(kind, field)) {
      const [list, key] = LISTS[field as 'email' | 'phone'];
      const have = (target[list] ?? []) as Record<string, unknown>[];
      if (policy === 'fill_empty' && have.length > 0) continue;
      const adds = (source[list] ?? []) as Record<string, unknown>[];
      const next = [...have];
      for (const entry of adds) {
        if (next.some((e) => e[key] === entry[key])) continue;
        const item: Record<string, unknown> = { [key]: entry[key] };
        if (field === 'email') item['primary'] = !next.some((e) => e['primary'] === true);
        next.push(item);
      }
      if (next.length !== have.length) target[list] = next;
      continue;
    }
    const value = getField(source, field);
    if (isBlank(value)) continue;
    if (policy === 'fill_empty' && !isBlank(getField(target, field))) continue;
    if (getField(target, field) !== value) setField(target, field, value);
  }
}

/** The create input of a planned record: its importable fields and custom fields (histories are rebuilt). */
export function inputOf(kind: ImportKind, record: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const f of IMPORT_FIELDS[kind]) {
    if (isListField(kind, f)) {
      const [list] = LISTS[f as 'email' | 'phone'];
      input[list] = record[list];
    } else input[f] = record[f];
  }
  input['customFields'] = { ...(record['customFields'] as Record<string, unknown>) };
  return input;
}
