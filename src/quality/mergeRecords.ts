/**
 * Survivorship merge of duplicate records.
 *
 * @module
 */
import { CrmError, prefixIssues, type CrmIssue } from '../core/errors.js';
import type { DomainEvent } from '../core/events.js';
import { argumentError } from '../core/errors.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { resolveContext } from '../core/clock.js';
import { deepFreeze } from '../_lib/freeze.js';
import {
  parseAccount,
  parseContact,
  parseLead,
  updateAccount,
  updateContact,
  updateLead,
  type Account,
  type Contact,
  type EntityContext,
  type Lead,
} from '../entities/index.js';
import { contextIssues } from '../entities/define.js';
import {
  allowedRules,
  defaultRule,
  FIELD_RULES,
  fieldsOf,
  isEmpty,
  pick,
  sameValue,
  type Candidate,
  type FieldRule,
  type Kind,
} from './_mergeFields.js';
import { survivorIndex } from './_survivor.js';
import { isObject } from './_results.js';

/**
 * The kinds of record {@link mergeRecords} merges.
 *
 * @example
 * ```ts
 * const k: MergeKind = 'contact';
 * ```
 */
export type MergeKind = 'lead' | 'contact' | 'account';

/**
 * The record type of a {@link MergeKind}.
 *
 * @example
 * ```ts
 * const name = (c: MergeRecordOf<'contact'>) => c.lastName;
 * ```
 */
export type MergeRecordOf<K extends MergeKind> = K extends 'lead' ? Lead : K extends 'contact' ? Contact : Account;

/**
 * How the surviving record of a merge is chosen:
 * - `confidence` (the default) — the record furthest along: for leads Odoo's head rule (not
 *   `unqualified`, the status further along — converted first —, sql over mql, the higher score total,
 *   the newer); for contacts not `churned`, the later lifecycle stage, linked to an account, more e-mails
 *   and phones, the newer; for accounts one with an owner, the more complete, the newer;
 * - `oldest` — the earliest `createdAt`;
 * - `most_complete` — the most filled fields (custom fields included), then the oldest;
 * - any other string — the id of the survivor, which must be one of the records.
 *
 * Ties go to the smaller id, so the order of the records never changes the survivor.
 *
 * @example
 * ```ts
 * const s: MergeSurvivor = 'oldest';
 * const byId: MergeSurvivor = 'lead-17';
 * ```
 */
export type MergeSurvivor = 'confidence' | 'oldest' | 'most_complete' | (string & {});

/**
 * How one field of the merged record is chosen. The records are read survivor first, then the others in
 * the order given; "empty" is missing, `null`, blank text or an empty list.
 * - `survivor` — the survivor's value;
 * - `first_non_empty` — the first non-empty value (the survivor's when it has one);
 * - `newest` — the non-empty value of the most recently updated record;
 * - `join` — the distinct texts, joined with a blank line (a text already among the parts is not
 *   repeated, so merging again adds nothing);
 * - `union` — the distinct items of the lists (e-mails by address, phones by number; one primary e-mail);
 * - `max` — the largest number, instant, amount (in the currency of the first non-empty one; amounts in
 *   other currencies are left out) or company size;
 * - `address_block` — every field with this rule comes from one record: the one with the most of them
 *   filled (the survivor on a tie), so an address is never stitched from two.
 *
 * @example
 * ```ts
 * const r: MergeFieldRule = 'union';
 * ```
 */
export type MergeFieldRule = 'survivor' | 'first_non_empty' | 'newest' | 'join' | 'union' | 'max' | 'address_block';

/**
 * Options of {@link mergeRecords}.
 *
 * Default field rules: every field `first_non_empty`, except — leads: `country` `address_block`, and the
 * status, qualification, status history and conversion links `survivor` (they change only through
 * transitions); contacts: `emails`, `phones` and `consents` `union`, lifecycle stage and history
 * `survivor`; accounts: `country` `address_block`, `size` and `annualRevenue` `max`; custom fields
 * (as Odoo merges leads): `customFields.description` and `customFields.notes` `join`,
 * `customFields.tags` `union`, `customFields.priority` `max`.
 *
 * @example
 * ```ts
 * const o: MergeRecordsOptions = { survivor: 'oldest', fieldRules: { title: 'newest', 'customFields.tags': 'union' } };
 * ```
 */
export interface MergeRecordsOptions {
  /** Which record survives (default `confidence`); see {@link MergeSurvivor}. */
  readonly survivor?: MergeSurvivor;
  /**
   * Rules by field, overriding the defaults: a field of the kind or `customFields.<key>`. A field takes
   * only the rules that fit it (`join` text, `union` lists, `max` numbers, amounts, instants and sizes;
   * the fixed fields `survivor` only); custom fields take every rule.
   */
  readonly fieldRules?: Readonly<Record<string, MergeFieldRule>>;
  /** The most records one merge takes (default 5, as Odoo; 2 to 100). */
  readonly max?: number;
}

/**
 * The payload of the `records_merged` event.
 *
 * @example
 * ```ts
 * const p: RecordsMergedPayload = { kind: 'lead', survivorId: 'l1', absorbedIds: ['l2'], fields: { phone: 'l2' } };
 * ```
 */
export interface RecordsMergedPayload {
  /** The kind of the merged records. */
  readonly kind: MergeKind;
  /** The record that survives. */
  readonly survivorId: string;
  /** The records absorbed into it (to be deleted), in the order given. */
  readonly absorbedIds: readonly string[];
  /** For each field the merge changed (`customFields.<key>` for custom fields), the id of the record its value came from. */
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * What {@link mergeRecords} gives.
 *
 * @example
 * ```ts
 * const changed = (m: MergedRecords<'lead'>) => Object.keys(m.patch);
 * ```
 */
export interface MergedRecords<K extends MergeKind> {
  /** The survivor with the merged values, validated, `version` + 1 and `updatedAt` the merge time: ready to store. */
  readonly survivor: MergeRecordOf<K>;
  /** The fields whose value changed, with their new values (`customFields` whole when a custom field changed). */
  readonly patch: Readonly<Partial<MergeRecordOf<K>>>;
  /** The ids of the absorbed records, in the order given. */
  readonly absorbedIds: readonly string[];
  /** The `records_merged` event (id `<survivorId>:merged:<new version>`, about the survivor). */
  readonly event: DomainEvent<'records_merged', RecordsMergedPayload>;
}

const KINDS: readonly MergeKind[] = ['lead', 'contact', 'account'];
const PARSERS = {
  lead: parseLead,
  contact: parseContact,
  account: parseAccount,
} as const;

function update(
  kind: Kind,
  r: Record<string, unknown>,
  recipe: (d: Record<string, unknown>) => void,
  ctx?: EntityContext,
) {
  const fn = (kind === 'lead' ? updateLead : kind === 'contact' ? updateContact : updateAccount) as unknown as (
    e: unknown,
    recipe: (d: Record<string, unknown>) => void,
    ctx?: EntityContext,
  ) => Result<Record<string, unknown>>;
  return fn(r, recipe, ctx);
}

/** The checked options. */
interface Checked {
  readonly survivor: string;
  readonly rules: ReadonlyMap<string, FieldRule>;
  readonly max: number;
}

function checkOptions(kind: Kind, options: unknown, issues: CrmIssue[]): Checked {
  const base: Checked = { survivor: 'confidence', rules: new Map(), max: 5 };
  const keyIssues = checkOptionKeys(options, ['survivor', 'fieldRules', 'max'], ['options']);
  if (keyIssues.length > 0 || options === undefined || options === null) {
    issues.push(...keyIssues);
    return base;
  }
  const o = options as Record<string, unknown>;
  let survivor = 'confidence';
  if (o['survivor'] !== undefined && o['survivor'] !== null) {
    if (typeof o['survivor'] === 'string' && o['survivor'] !== '') survivor = o['survivor'];
    else
      issues.push(
        crmIssue.invalidType(
          ['options', 'survivor'],
          "'confidence', 'oldest', 'most_complete' or a record id",
          o['survivor'],
        ),
      );
  }
  let max = 5;
  if (o['max'] !== undefined && o['max'] !== null) {
    const m = o['max'];
    if (typeof m === 'number' && Number.isSafeInteger(m) && m >= 2 && m <= 100) max = m;
    else issues.push(crmIssue.invalidValue(['options', 'max'], 'expected an integer from 2 to 100', m));
  }
  const rules = new Map<string, FieldRule>();
  const fr = o['fieldRules'];
  if (fr !== undefined && fr !== null) {
    if (!isObject(fr)) issues.push(crmIssue.invalidType(['options', 'fieldRules'], 'an object of rules by field', fr));
    else
      for (const field of Object.keys(fr)) {
        const path = ['options', 'fieldRules', field];
        const rule = fr[field];
        const allowed = allowedRules(kind, field);
        if (allowed === null) {
          issues.push(
            crmIssue.unknownName('unknown_field', path, `${kind} field`, field, [
              ...fieldsOf(kind),
              'customFields.<key>',
            ]),
          );
          continue;
        }
        if (!(FIELD_RULES as readonly unknown[]).includes(rule)) {
          issues.push(crmIssue.invalidValue(path, 'not a merge rule', rule, FIELD_RULES));
          continue;
        }
        if (!allowed.includes(rule as FieldRule)) {
          issues.push(crmIssue.invalidValue(path, `not a rule the field ${field} takes`, rule, allowed));
          continue;
        }
        rules.set(field, rule as FieldRule);
      }
  }
  return { survivor, rules, max };
}

/**
 * Merges duplicate records of one kind into a survivor, as Odoo merges leads and Salesforce merges
 * contacts: it picks the survivor (`survivor`), fills each field of the survivor by its rule
 * (`fieldRules`, see {@link MergeRecordsOptions} for the defaults) from the records read survivor first,
 * validates the result with the kind's `update*` function (so it gets `version` + 1 and `updatedAt` from
 * the context's clock), and describes the merge as a `records_merged` event. The other records are the
 * absorbed ones: a store deletes them and re-points what refers to them (`mergeInStore` in
 * `crmkit/repository` does both in one transaction).
 *
 * Pure: the records are not changed or frozen; the result is frozen. Merging the survivor again with the
 * same absorbed records (survivor by id) changes no field: the patch is empty.
 *
 * Never throws for its data. A `validation_failed` error lists every issue: fewer than 2 records or more
 * than `max` (default 5), a record that is not a valid record of `kind` (a record of another kind
 * included), an id given twice, a survivor id that is not among the records, unknown option keys, fields
 * or rules, a rule a field does not take, or a merged record that does not validate (a joined text
 * longer than the field allows, more than 50 e-mails).
 *
 * @throws CrmError `validation_failed` when `kind` is not `'lead'`, `'contact'` or `'account'`.
 *
 * @example
 * ```ts
 * declare const a: Lead; // status 'qualified', phone null
 * declare const b: Lead; // status 'new', with a phone
 * const r = mergeRecords('lead', [a, b], { survivor: 'confidence' });
 * if (r.ok) {
 *   r.value.survivor.id; // a.id: qualified beats new
 *   r.value.absorbedIds; // [b.id]
 *   r.value.event.type; //=> 'records_merged'
 * }
 * ```
 */
export function mergeRecords<K extends MergeKind>(
  kind: K,
  records: readonly MergeRecordOf<K>[],
  options?: MergeRecordsOptions,
  ctx?: EntityContext,
): Result<MergedRecords<K>> {
  if (!KINDS.includes(kind)) throw argumentError('mergeRecords', ['kind'], "'lead', 'contact' or 'account'", kind);
  try {
    return merge(kind, records, options, ctx) as Result<MergedRecords<K>>;
  } catch (e) {
    if (e instanceof CrmError) return err(e);
    return err(
      invalidInput('mergeRecords', [
        crmIssue.invalidType([], 'readable records and options (a property threw when read)', undefined),
      ]),
    );
  }
}

function merge(kind: Kind, records: unknown, options: unknown, ctx: EntityContext | undefined): Result<unknown> {
  const issues: CrmIssue[] = [];
  const checked = checkOptions(kind, options, issues);
  issues.push(...contextIssues(ctx));
  if (!Array.isArray(records)) {
    issues.push(crmIssue.invalidType(['records'], `a list of ${kind} records`, records));
    return err(invalidInput('mergeRecords', issues));
  }
  if (records.length < 2)
    issues.push(crmIssue.tooSmall(['records'], 'the number of records merged', 2, true, records.length));
  if (records.length > checked.max)
    issues.push(
      crmIssue.tooBig(['records'], 'the number of records merged (options.max)', checked.max, true, records.length),
    );
  if (issues.length > 0) return err(invalidInput('mergeRecords', issues));
  const parsed: Record<string, unknown>[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < records.length; i++) {
    const p = PARSERS[kind](records[i], ctx) as Result<Record<string, unknown>>;
    if (!p.ok) {
      issues.push(...prefixIssues(p.error.issues, ['records', i]));
      continue;
    }
    const id = p.value['id'] as string;
    const first = seen.get(id);
    if (first !== undefined)
      issues.push(crmIssue.duplicate(['records', i, 'id'], 'the id', id, ['records', first, 'id']));
    else seen.set(id, i);
    parsed.push(p.value);
  }
  let s = -1;
  if (issues.length === 0) {
    const named = checked.survivor;
    if (named === 'confidence' || named === 'oldest' || named === 'most_complete')
      s = survivorIndex(kind, parsed, named);
    else {
      s = seen.get(named) ?? -1;
      if (s < 0)
        issues.push(
          crmIssue.invalidValue(
            ['options', 'survivor'],
            "not 'confidence', 'oldest', 'most_complete' or the id of one of the records",
            named,
            [...seen.keys()],
          ),
        );
    }
  }
  if (issues.length > 0) return err(invalidInput('mergeRecords', issues));

  const survivor = parsed[s]!;
  const ordered = [survivor, ...parsed.filter((_, i) => i !== s)];
  const updatedAt = (r: Record<string, unknown>) => (r['updatedAt'] as Date).getTime();
  const ruleOf = (field: string) => checked.rules.get(field) ?? defaultRule(kind, field);
  const candidates = (read: (r: Record<string, unknown>) => unknown): Candidate[] =>
    ordered.map((r) => ({ id: r['id'] as string, value: read(r), updatedAt: updatedAt(r) }));
  const customOf = (r: Record<string, unknown>) => (r['customFields'] ?? {}) as Record<string, unknown>;

  // Every merged field, read through one accessor: the kind's own fields, then the custom fields' keys.
  const fields: { name: string; read: (r: Record<string, unknown>) => unknown }[] = fieldsOf(kind).map((f) => ({
    name: f,
    read: (r) => r[f],
  }));
  const customKeys: string[] = [];
  for (const r of ordered) for (const k of Object.keys(customOf(r))) if (!customKeys.includes(k)) customKeys.push(k);
  for (const k of customKeys) fields.push({ name: `customFields.${k}`, read: (r) => customOf(r)[k] });

  const picked = new Map<string, { value: unknown; from: string }>();
  // address_block: every field with this rule comes from the record with the most of them filled.
  const block = fields.filter((f) => ruleOf(f.name) === 'address_block');
  if (block.length > 0) {
    let best = ordered[0]!;
    let bestCount = -1;
    for (const r of ordered) {
      const n = block.filter((f) => !isEmpty(f.read(r))).length;
      if (n > bestCount) {
        best = r;
        bestCount = n;
      }
    }
    for (const f of block) picked.set(f.name, { value: f.read(best), from: best['id'] as string });
  }
  for (const f of fields) {
    const rule = ruleOf(f.name);
    if (rule !== 'address_block') picked.set(f.name, pick(kind, f.name, rule, candidates(f.read)));
  }

  const changed: string[] = [];
  const sources: Record<string, string> = {};
  for (const f of fields) {
    const p = picked.get(f.name)!;
    if (!sameValue(p.value, f.read(survivor))) {
      changed.push(f.name);
      sources[f.name] = p.from;
    }
  }
  const customChanged = changed.some((f) => f.startsWith('customFields.'));
  const updated = update(
    kind,
    survivor,
    (d) => {
      for (const f of changed) if (!f.startsWith('customFields.')) d[f] = structuredCopy(picked.get(f)!.value);
      if (customChanged) {
        const next: Record<string, unknown> = {};
        for (const k of customKeys) {
          const v = picked.get(`customFields.${k}`)!.value;
          if (v !== undefined) next[k] = structuredCopy(v);
        }
        d['customFields'] = next;
      }
    },
    ctx,
  );
  if (!updated.ok)
    return err(
      new CrmError('validation_failed', `mergeRecords: the merged ${kind} is invalid: ${updated.error.message}`, {
        issues: prefixIssues(updated.error.issues, ['merged']),
      }),
    );
  const merged = updated.value;
  const patch: Record<string, unknown> = {};
  for (const f of changed) if (!f.startsWith('customFields.')) patch[f] = merged[f];
  if (customChanged) patch['customFields'] = merged['customFields'];
  // The absorbed ids in the order given, not the survivor-first order.
  const inOrder = parsed.map((r) => r['id'] as string).filter((id) => id !== survivor['id']);
  const actor = resolveContext(ctx).actor;
  const event: DomainEvent<'records_merged', RecordsMergedPayload> = {
    id: `${merged['id'] as string}:merged:${merged['version'] as number}`,
    type: 'records_merged',
    at: new Date((merged['updatedAt'] as Date).getTime()),
    by: typeof actor === 'string' ? actor : null,
    aggregate: { kind, id: merged['id'] as string },
    payload: { kind, survivorId: merged['id'] as string, absorbedIds: inOrder, fields: sources },
  };
  return ok(deepFreeze({ survivor: merged, patch, absorbedIds: inOrder, event }));
}

/** A copy of a value taken from another record (Dates copied, plain objects and lists copied deeply). */
function structuredCopy(v: unknown): unknown {
  if (v instanceof Date) return new Date(v.getTime());
  if (Array.isArray(v)) return v.map(structuredCopy);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = structuredCopy((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}
