/**
 * How complete records are: fill rates per field, a score per record, and the incomplete ones.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ENTITY_KINDS, type EntityKind } from '../core/ids.js';
import { checkOptionKeys, crmIssue, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { deepFreeze } from '../_lib/freeze.js';
import { entityCatalog, fieldTypeIn } from '../conditions/catalog.js';
import { isObject, refuse } from './_results.js';
import type { MatchRecord } from './types.js';

/**
 * Options of {@link completenessReport}.
 *
 * @example
 * ```ts
 * const o: CompletenessReportOptions = { required: ['email', 'phone'], weights: { email: 3, phone: 2, title: 1 } };
 * ```
 */
export interface CompletenessReportOptions {
  /** Fields a record must have; a record missing one is incomplete (default none). */
  readonly required?: readonly string[];
  /** Field → weight (a finite number ≥ 0) in the record's score (default: every own field of the kind, weight 1). */
  readonly weights?: Readonly<Record<string, number>>;
}

/**
 * The fill rate of one field.
 *
 * @example
 * ```ts
 * const f: FieldFill = { field: 'email', filled: 8, rate: 0.8 };
 * ```
 */
export interface FieldFill {
  /** The field. */
  readonly field: string;
  /** How many records have it filled. */
  readonly filled: number;
  /** `filled / records` (0 when there are no records). */
  readonly rate: number;
}

/**
 * The completeness of one record.
 *
 * @example
 * ```ts
 * const r: RecordCompleteness = { id: 'l1', score: 0.75, missing: ['phone'], missingRequired: [] };
 * ```
 */
export interface RecordCompleteness {
  /** The record's id. */
  readonly id: string;
  /** The weighted share of the fields it has filled, in [0, 1] (1 when every weight is 0). */
  readonly score: number;
  /** The scored or required fields it lacks. */
  readonly missing: readonly string[];
  /** The required fields it lacks. */
  readonly missingRequired: readonly string[];
}

/**
 * What {@link completenessReport} found.
 *
 * @example
 * ```ts
 * const worst = (r: CompletenessReport) => [...r.records].sort((a, b) => a.score - b.score)[0]?.id;
 * ```
 */
export interface CompletenessReport {
  /** Per field (required and scored fields, in that order), its fill rate. */
  readonly fields: readonly FieldFill[];
  /** Per record, in input order, its score and missing fields. */
  readonly records: readonly RecordCompleteness[];
  /** The ids of records missing a required field, in input order. */
  readonly incompleteIds: readonly string[];
  /** The mean record score (0 when there are no records). */
  readonly averageScore: number;
}

const SYSTEM = new Set(['id', 'createdAt', 'updatedAt', 'version', 'customFields']);

/** Whether a value counts as filled: not missing, `null`, blank text, an empty list or an empty object. */
function filled(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Date) return !Number.isNaN(v.getTime());
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

function valueOf(record: Record<string, unknown>, field: string): unknown {
  if (field.startsWith('customFields.')) {
    const cf = record['customFields'];
    return isObject(cf) ? cf[field.slice(13)] : undefined;
  }
  return record[field];
}

function checkFieldName(kind: EntityKind, field: unknown, path: (string | number)[], issues: CrmIssue[]): boolean {
  const catalog = entityCatalog(kind)!;
  const known = Object.keys(catalog.fields).filter((f) => !SYSTEM.has(f));
  if (
    typeof field === 'string' &&
    (known.includes(field) || (field.startsWith('customFields.') && fieldTypeIn(catalog, field) === 'custom'))
  )
    return true;
  issues.push(crmIssue.unknownName('unknown_field', path, `${kind} field`, field, known));
  return false;
}

/**
 * A completeness report for records of one kind: per field, how many records have it filled; per record,
 * a score (the weighted share of scored fields it has filled) and what it lacks; and the ids of the records
 * missing a required field, for the data-hygiene audit. A field is filled unless it is missing, `null`,
 * blank text, an empty list or an empty object. Scored fields are the keys of `weights`, or, without
 * `weights`, every own field of the kind (system fields left out) with weight 1. `customFields.<key>` names
 * a custom field.
 *
 * Empty `records` gives rates 0, no records and an average score of 0.
 *
 * Never throws for its data: an unknown kind, fields the kind does not have (with the known ones), weights
 * that are not finite numbers ≥ 0, or records that are not objects with string ids are a
 * `validation_failed` error listing every issue.
 *
 * @example
 * ```ts
 * const leads = [
 *   { id: 'l1', lastName: 'Lovelace', email: 'ada@example.com', phone: null },
 *   { id: 'l2', lastName: 'Hopper', email: null, phone: '+14155550123' },
 * ];
 * const r = completenessReport('lead', leads, { required: ['email'], weights: { email: 2, phone: 1 } });
 * if (r.ok) r.value.incompleteIds; //=> ['l2']
 * if (r.ok) r.value.records.map((x) => x.score); //=> [0.6666666666666666, 0.3333333333333333]
 * ```
 */
export function completenessReport<R extends MatchRecord>(
  kind: EntityKind,
  records: readonly R[],
  options?: CompletenessReportOptions,
): Result<CompletenessReport> {
  try {
    const issues: CrmIssue[] = [];
    if (typeof kind !== 'string' || !(ENTITY_KINDS as readonly string[]).includes(kind))
      return refuse('completenessReport', [
        crmIssue.invalidValue(['kind'], 'expected an entity kind', kind, ENTITY_KINDS),
      ]);
    issues.push(...checkOptionKeys(options, ['required', 'weights'], ['options']));
    if (issues.length > 0) return refuse('completenessReport options', issues);
    const o = (options ?? {}) as CompletenessReportOptions;
    const required: string[] = [];
    if (o.required !== undefined && o.required !== null) {
      if (!Array.isArray(o.required) || o.required.length > 1000)
        issues.push(crmIssue.invalidType(['options', 'required'], 'a list of field names', o.required));
      else
        o.required.forEach((f: unknown, i) => {
          if (checkFieldName(kind, f, ['options', 'required', i], issues) && !required.includes(f as string))
            required.push(f as string);
        });
    }
    const weights = new Map<string, number>();
    if (o.weights !== undefined && o.weights !== null) {
      if (!isObject(o.weights)) issues.push(crmIssue.invalidType(['options', 'weights'], 'field → weight', o.weights));
      else
        for (const [f, w] of Object.entries(o.weights)) {
          const okName = checkFieldName(kind, f, ['options', 'weights', f], issues);
          if (typeof w !== 'number' || !Number.isFinite(w) || w < 0)
            issues.push(crmIssue.invalidValue(['options', 'weights', f], 'expected a finite weight ≥ 0', w));
          else if (okName) weights.set(f, w);
        }
    } else {
      for (const f of Object.keys(entityCatalog(kind)!.fields)) if (!SYSTEM.has(f)) weights.set(f, 1);
    }
    if (issues.length > 0) return refuse('completenessReport options', issues);
    const fields = [...required, ...[...weights.keys()].filter((f) => !required.includes(f))];
    const list = new IssueList();
    if (!Array.isArray(records)) {
      list.push(crmIssue.invalidType(['records'], `a list of ${kind} records`, records));
      return err(list.error('completenessReport records'));
    }
    const counts = new Map(fields.map((f) => [f, 0]));
    const out: RecordCompleteness[] = [];
    const incompleteIds: string[] = [];
    const totalWeight = [...weights.values()].reduce((s, w) => s + w, 0);
    let scoreSum = 0;
    for (let i = 0; i < records.length; i++) {
      const r: unknown = records[i];
      if (!isObject(r) || typeof r['id'] !== 'string') {
        list.push(crmIssue.invalidType(['records', i], `a ${kind} record (an object with a string id)`, r));
        if (list.full) break;
        continue;
      }
      const missing: string[] = [];
      const missingRequired: string[] = [];
      let have = 0;
      for (const f of fields) {
        if (filled(valueOf(r, f))) {
          counts.set(f, counts.get(f)! + 1);
          have += weights.get(f) ?? 0;
        } else {
          missing.push(f);
          if (required.includes(f)) missingRequired.push(f);
        }
      }
      const score = totalWeight === 0 ? 1 : have / totalWeight;
      scoreSum += score;
      out.push({ id: r['id'], score, missing, missingRequired });
      if (missingRequired.length > 0) incompleteIds.push(r['id']);
    }
    if (list.count > 0) return err(list.error('completenessReport records'));
    const n = out.length;
    return ok(
      deepFreeze({
        fields: fields.map((f) => ({ field: f, filled: counts.get(f)!, rate: n === 0 ? 0 : counts.get(f)! / n })),
        records: out,
        incompleteIds,
        averageScore: n === 0 ? 0 : scoreSum / n,
      }),
    );
  } catch (e) {
    return refuse('completenessReport', [
      crmIssue.invalidType(
        [],
        'readable records and options (a property threw when read)',
        e instanceof Error ? e.message : e,
      ),
    ]);
  }
}
