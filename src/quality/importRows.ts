/**
 * A plan for importing spreadsheet rows: records built, duplicates found, nothing written.
 *
 * @module
 */
import { thrownText } from '../_lib/show.js';
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { checkOptionKeys, crmIssue } from '../core/issues.js';
import { ok, type Result } from '../core/result.js';
import { contextIssues, type EntityContext } from '../entities/define.js';
import { isPhoneRegion } from '../entities/phoneNumber.js';
import { deepFreeze } from '../_lib/freeze.js';
import { hasLoneSurrogate } from '../_lib/text.js';
import { engineOf } from './_engine.js';
import {
  createOf,
  IMPORT_FIELDS,
  inputOf,
  isBlank,
  isListField,
  mergeInto,
  updateOf,
  type ImportKind,
  type ImportRecord,
} from './_importFields.js';
import { isObject, refuse } from './_results.js';
import { findDuplicates } from './findDuplicates.js';
import { isCsvFormula } from './isCsvFormula.js';
import { matchKeys } from './matchKeys.js';
import { STANDARD_ACCOUNT_RULE, STANDARD_CONTACT_RULE, STANDARD_LEAD_RULE } from './presets.js';
import type { DroppedKey, FieldEvidence, Matcher } from './types.js';

export type { ImportKind, ImportRecord } from './_importFields.js';

/** The most rows one plan reads. */
const MAX_ROWS = 1_000_000;

/**
 * What {@link importRows} does with a row that duplicates a record: `skip` it; `fill_empty` (fill the
 * record's blank fields from the row); `update` (overwrite the record's fields with the row's non-blank
 * values); or `create` a new record anyway (the pair is still listed in `duplicates`).
 *
 * @example
 * ```ts
 * const d: OnDuplicate = 'fill_empty';
 * ```
 */
export type OnDuplicate = 'skip' | 'fill_empty' | 'update' | 'create';

/**
 * Options of {@link importRows}.
 *
 * @example
 * ```ts
 * const o: ImportRowsOptions<'lead'> = {
 *   mapping: { Name: 'lastName', 'E-mail': 'email', Phone: 'phone' },
 *   defaults: { source: 'trade fair' },
 *   onDuplicate: 'fill_empty',
 *   defaultRegion: 'ID',
 * };
 * ```
 */
export interface ImportRowsOptions<K extends ImportKind> {
  /**
   * Column name → field of the record: a field of the kind (see {@link IMPORT_FIELDS}) or
   * `customFields.<name>`. A contact's `email` and `phone` take several columns (each adds one entry);
   * other fields one. Columns left out are ignored.
   */
  readonly mapping: Readonly<Record<string, string>>;
  /** Field → value for new records whose row leaves the field blank (never applied to updates). */
  readonly defaults?: Readonly<Record<string, unknown>>;
  /** The rule or trained model duplicates are found with (default: the kind's standard rule). */
  readonly matchingRule?: Matcher;
  /** What a row that duplicates a record does. */
  readonly onDuplicate: OnDuplicate;
  /** The region national phone numbers are read in (`'ID'`): overrides the context's `defaultRegion`. */
  readonly defaultRegion?: string;
  /** The records already stored (the rows are checked against them), as the store returns them. */
  readonly existing?: readonly ImportRecord<K>[];
  /**
   * The start of the new records' ids, `<idPrefix>-<row>` (default `import-` and a hash of the kind, the
   * mapping and the rows' mapped cells, so planning the same file again gives the same ids).
   */
  readonly idPrefix?: string;
  /** The longest cell read, in UTF-16 code units (default 100,000): a longer one is an error of its row. */
  readonly maxCellLength?: number;
  /** The most keys a row may have (default 1,000): a row with more is an error. */
  readonly maxColumns?: number;
}

/**
 * A new record of an {@link ImportPlan}.
 *
 * @example
 * ```ts
 * const idOf = (c: ImportCreate<Lead>) => c.record.id;
 * ```
 */
export interface ImportCreate<E> {
  /** The rows it was built from: the first, then duplicates within the file merged into it. */
  readonly rows: readonly number[];
  /** The record to insert (id `<idPrefix>-<first row>`). */
  readonly record: E;
}

/**
 * A change to an existing record of an {@link ImportPlan}.
 *
 * @example
 * ```ts
 * const versionOf = (u: ImportUpdate<Lead>) => u.before.version;
 * ```
 */
export interface ImportUpdate<E> {
  /** The rows whose values it takes, in order. */
  readonly rows: readonly number[];
  /** The record as given in `existing`: the update expects its version. */
  readonly before: E;
  /** The changed record (version + 1), to store with `expectedVersion: before.version`. */
  readonly record: E;
  /** The fields changed. */
  readonly fields: readonly string[];
}

/**
 * A row an {@link ImportPlan} leaves out.
 *
 * @example
 * ```ts
 * const s: ImportSkip = { row: 4, matchId: 'lead-17', reason: 'duplicate' };
 * ```
 */
export interface ImportSkip {
  /** The row's index. */
  readonly row: number;
  /** The record it duplicates. */
  readonly matchId: string;
  /** `duplicate` (the policy is `skip`) or `unchanged` (filling or updating would change nothing). */
  readonly reason: 'duplicate' | 'unchanged';
}

/**
 * A row found to duplicate a record, with the evidence.
 *
 * @example
 * ```ts
 * const show = (d: ImportDuplicate) => `row ${d.row} ~ ${d.matchId} (${d.score.toFixed(2)})`;
 * ```
 */
export interface ImportDuplicate {
  /** The row's index. */
  readonly row: number;
  /** The record it duplicates: an existing one, or the new record of an earlier row. */
  readonly matchId: string;
  /** `existing` or `file` (an earlier row of the same import). */
  readonly against: 'existing' | 'file';
  /** The score (see `findDuplicates`). */
  readonly score: number;
  /** Per field, what was compared and what it gave. */
  readonly evidence: readonly FieldEvidence[];
}

/**
 * A row that could not be imported, with why.
 *
 * @example
 * ```ts
 * const messages = (e: ImportRowError) => e.issues.map((i) => i.message);
 * ```
 */
export interface ImportRowError {
  /** The row's index. */
  readonly row: number;
  /** What is wrong (paths start with the column for a cell, the field for a record). */
  readonly issues: readonly CrmIssue[];
}

/**
 * A cell kept verbatim that a spreadsheet would run as a formula (see `isCsvFormula`): escape it with
 * `csvSafe` when exporting.
 *
 * @example
 * ```ts
 * const f: ImportFormula = { row: 2, column: 'Company', field: 'company' };
 * ```
 */
export interface ImportFormula {
  /** The row's index. */
  readonly row: number;
  /** The column. */
  readonly column: string;
  /** The field it went to. */
  readonly field: string;
}

/**
 * What {@link importRows} plans: nothing is written until `importInStore` applies it.
 *
 * @example
 * ```ts
 * const summary = (p: ImportPlan<'lead'>) => `${p.create.length} new, ${p.update.length} updated, ${p.errors.length} errors`;
 * ```
 */
export interface ImportPlan<K extends ImportKind> {
  /** The kind of record. */
  readonly kind: K;
  /** The prefix of the new records' ids. */
  readonly idPrefix: string;
  /** The records to insert, in row order. */
  readonly create: readonly ImportCreate<ImportRecord<K>>[];
  /** The existing records to change, in the order of their first row. */
  readonly update: readonly ImportUpdate<ImportRecord<K>>[];
  /** The rows left out as duplicates or because they change nothing. */
  readonly skip: readonly ImportSkip[];
  /** Every row found to duplicate a record, with the evidence. */
  readonly duplicates: readonly ImportDuplicate[];
  /** The rows that could not be read or built into a valid record. */
  readonly errors: readonly ImportRowError[];
  /** The cells a spreadsheet would run as formulas (kept verbatim). */
  readonly formulas: readonly ImportFormula[];
  /** Blocking keys of `existing` left out because more than the rule's `maxBlock` records share them. */
  readonly droppedKeys: readonly DroppedKey[];
}

/** The checked options. */
interface Checked {
  readonly mapping: readonly (readonly [column: string, field: string])[];
  readonly defaults: readonly (readonly [field: string, value: unknown])[];
  readonly matcher: Matcher;
  readonly maxBlock: number;
  readonly policy: OnDuplicate;
  readonly existing: readonly Record<string, unknown>[];
  readonly idPrefix: string | undefined;
  readonly maxCellLength: number;
  readonly maxColumns: number;
  readonly ctx: EntityContext;
}

const KINDS: readonly ImportKind[] = ['lead', 'contact', 'account'];
const POLICIES: readonly OnDuplicate[] = ['skip', 'fill_empty', 'update', 'create'];
const OPTION_KEYS = [
  'mapping',
  'defaults',
  'matchingRule',
  'onDuplicate',
  'defaultRegion',
  'existing',
  'idPrefix',
  'maxCellLength',
  'maxColumns',
];

function fieldIssue(kind: ImportKind, field: unknown, path: readonly PathSegment[]): CrmIssue | null {
  if (typeof field === 'string' && IMPORT_FIELDS[kind].includes(field)) return null;
  if (typeof field === 'string' && /^customFields\.[^.]+$/.test(field)) return null;
  return crmIssue.unknownName('unknown_field', path, `${kind} field`, field, [
    ...IMPORT_FIELDS[kind],
    'customFields.<name>',
  ]);
}

function standardRule(kind: ImportKind): Matcher {
  return kind === 'lead' ? STANDARD_LEAD_RULE : kind === 'contact' ? STANDARD_CONTACT_RULE : STANDARD_ACCOUNT_RULE;
}

/** Checks the kind, options and context: every issue, or the values. */
function check(kind: unknown, options: unknown, ctx: unknown): CrmIssue[] | Checked {
  const issues: CrmIssue[] = [];
  if (!(KINDS as readonly unknown[]).includes(kind)) {
    issues.push(crmIssue.invalidValue(['kind'], 'expected a kind of record to import', kind, KINDS));
    return issues;
  }
  const k = kind as ImportKind;
  if (options === undefined || options === null)
    return [crmIssue.invalidType(['options'], 'options { mapping, onDuplicate, … }', options)];
  issues.push(...checkOptionKeys(options, OPTION_KEYS, ['options']));
  if (issues.length > 0) return issues;
  const o = options as Record<string, unknown>;
  issues.push(...contextIssues(ctx));
  if (isObject(ctx) && ctx['ids'] !== undefined)
    issues.push(
      crmIssue.invalidValue(
        ['ctx', 'ids'],
        'importRows makes the ids from idPrefix and the row (so a plan can be applied again); leave ids out',
        ctx['ids'],
      ),
    );
  // mapping
  const mapping: [string, string][] = [];
  const m = o['mapping'];
  if (!isObject(m)) issues.push(crmIssue.invalidType(['options', 'mapping'], 'column names → fields', m));
  else {
    const single = new Map<string, string>();
    for (const [column, field] of Object.entries(m)) {
      const bad = fieldIssue(k, field, ['options', 'mapping', column]);
      if (bad !== null) issues.push(bad);
      else if (!isListField(k, field as string) && single.has(field as string))
        issues.push(
          crmIssue.duplicate(['options', 'mapping', column], 'the field', field, [
            'options',
            'mapping',
            single.get(field as string)!,
          ]),
        );
      else {
        single.set(field as string, column);
        mapping.push([column, field as string]);
      }
    }
    if (Object.keys(m).length === 0 && issues.length === 0)
      issues.push(crmIssue.tooSmall(['options', 'mapping'], 'the number of mapped columns', 1, true, 0));
  }
  // defaults
  const defaults: [string, unknown][] = [];
  const d = o['defaults'];
  if (d !== undefined && d !== null) {
    if (!isObject(d)) issues.push(crmIssue.invalidType(['options', 'defaults'], 'default values by field', d));
    else
      for (const [field, value] of Object.entries(d)) {
        const bad = fieldIssue(k, field, ['options', 'defaults', field]);
        if (bad !== null) issues.push(bad);
        else defaults.push([field, value]);
      }
  }
  // matcher
  let matcher = standardRule(k);
  let maxBlock = 1000;
  const rule = o['matchingRule'];
  if (rule !== undefined && rule !== null) {
    try {
      maxBlock = engineOf(rule, 'importRows', ['options', 'matchingRule']).maxBlock;
      matcher = rule as Matcher;
      if (matcher.object !== k)
        issues.push(
          crmIssue.invalidValue(
            ['options', 'matchingRule', 'object'],
            `expected a rule for ${k} records`,
            matcher.object,
          ),
        );
    } catch {
      issues.push(
        crmIssue.invalidType(
          ['options', 'matchingRule'],
          'a matching rule from defineMatchingRule or a model from trainMatchModel',
          rule,
        ),
      );
    }
  } else maxBlock = engineOf(matcher, 'importRows').maxBlock;
  const policy = o['onDuplicate'];
  if (!(POLICIES as readonly unknown[]).includes(policy))
    issues.push(crmIssue.invalidValue(['options', 'onDuplicate'], 'expected a duplicate policy', policy, POLICIES));
  const region = o['defaultRegion'];
  if (region !== undefined && region !== null && !isPhoneRegion(region))
    issues.push(
      crmIssue.invalidValue(
        ['options', 'defaultRegion'],
        'expected an upper-case ISO 3166-1 alpha-2 region with a phone numbering plan, e.g. ID, DE, US',
        region,
      ),
    );
  const given = o['existing'] ?? [];
  // A copy read element by element: an element whose getter throws is an issue at its index, not a throw.
  const existing: unknown[] = [];
  if (!Array.isArray(given))
    issues.push(crmIssue.invalidType(['options', 'existing'], `a list of ${k} records`, given));
  else
    for (let i = 0; i < given.length; i++) {
      try {
        existing.push(given[i]);
      } catch (e) {
        issues.push(
          crmIssue.of(
            'invalid_value',
            ['options', 'existing', i],
            `expected a ${k} record; reading it threw ${thrownText(e)}`,
          ),
        );
        if (issues.length > 100) break;
      }
    }
  const prefix = o['idPrefix'];
  if (
    prefix !== undefined &&
    prefix !== null &&
    (typeof prefix !== 'string' ||
      prefix.trim() !== prefix ||
      prefix === '' ||
      prefix.length > 150 ||
      prefix.includes('\u0000') ||
      hasLoneSurrogate(prefix))
  )
    issues.push(
      crmIssue.invalidValue(
        ['options', 'idPrefix'],
        'expected well-formed text of 1 to 150 characters, not padded',
        prefix,
      ),
    );
  const positive = (key: string, fallback: number): number => {
    const v = o[key] ?? fallback;
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 1) return v;
    issues.push(crmIssue.invalidValue(['options', key], 'expected a positive integer', v));
    return fallback;
  };
  const maxCellLength = positive('maxCellLength', 100_000);
  const maxColumns = positive('maxColumns', 1_000);
  if (issues.length > 0) return issues;
  const c = (ctx ?? {}) as EntityContext;
  const entityCtx: EntityContext = {
    ...(c.clock === undefined ? {} : { clock: c.clock }),
    ...(c.actor === undefined ? {} : { actor: c.actor }),
    ...(c.customFields === undefined ? {} : { customFields: c.customFields }),
    ...(typeof region === 'string'
      ? { defaultRegion: region }
      : c.defaultRegion === undefined
        ? {}
        : { defaultRegion: c.defaultRegion }),
  };
  return {
    mapping,
    defaults,
    matcher,
    maxBlock,
    policy: policy as OnDuplicate,
    existing: existing as Record<string, unknown>[],
    idPrefix: prefix as string | undefined,
    maxCellLength,
    maxColumns,
    ctx: entityCtx,
  };
}

/** 32-bit FNV-1a, two seeds: a 16-hex-digit fingerprint of the text fed to it. */
class Fingerprint {
  private a = 0x811c9dc5;
  private b = 0x01000193 ^ 0x5bd1e995;
  add(s: string): void {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      this.a = Math.imul(this.a ^ c, 0x01000193) >>> 0;
      this.b = Math.imul(this.b ^ c, 0x01000193 + 2) >>> 0;
    }
    this.a = Math.imul(this.a ^ 0x1f, 0x01000193) >>> 0;
  }
  hex(): string {
    return this.a.toString(16).padStart(8, '0') + this.b.toString(16).padStart(8, '0');
  }
}

/** A row read: its mapped cells as trimmed text (blank ones left out), or its issues. */
type ReadRow = { cells: Map<string, string>; issues: CrmIssue[] };

function readRow(row: unknown, c: Checked): ReadRow {
  const cells = new Map<string, string>();
  const issues: CrmIssue[] = [];
  try {
    if (!isObject(row)) {
      issues.push(crmIssue.invalidType([], 'a row (an object of cells by column name)', row));
      return { cells, issues };
    }
    let keys = 0;
    for (const _ in row) if (++keys > c.maxColumns) break;
    if (keys > c.maxColumns) {
      const n = Object.keys(row).length;
      issues.push(crmIssue.tooBig([], 'the number of columns of a row', c.maxColumns, true, n));
      return { cells, issues };
    }
    for (const [column] of c.mapping) {
      if (!Object.prototype.hasOwnProperty.call(row, column)) continue;
      const v: unknown = row[column];
      let text: string;
      if (v === undefined || v === null) continue;
      if (typeof v === 'string') text = v;
      else if (typeof v === 'number' && Number.isFinite(v)) text = String(v);
      else if (typeof v === 'boolean') text = String(v);
      else if (v instanceof Date && Number.isFinite(v.getTime())) text = v.toISOString();
      else {
        issues.push(crmIssue.invalidType([column], 'a cell (text, a finite number, a boolean or a valid Date)', v));
        continue;
      }
      if (text.length > c.maxCellLength) {
        issues.push(
          crmIssue.of(
            'too_big',
            [column],
            `the cell must be at most ${c.maxCellLength} characters long; received ${text.length} characters`,
          ),
        );
        continue;
      }
      if (text.includes('\u0000') || hasLoneSurrogate(text) || text.includes('\uFFFD')) {
        issues.push(
          crmIssue.of(
            'invalid_format',
            [column],
            'the cell is not well-formed text: NUL, a lone surrogate, or U+FFFD (what a decoder leaves of bytes that are not UTF-8)',
          ),
        );
        continue;
      }
      const t = text.trim();
      if (t !== '') cells.set(column, t);
    }
  } catch {
    issues.push(crmIssue.invalidType([], 'a readable row (a property threw when read)', undefined));
  }
  return { cells, issues };
}

/** The create input of a row, and the fields it gave itself (not from defaults). */
function inputOfRow(
  kind: ImportKind,
  cells: Map<string, string>,
  c: Checked,
): { input: Record<string, unknown>; given: string[] } {
  const input: Record<string, unknown> = {};
  const given: string[] = [];
  const put = (field: string, value: unknown): void => {
    if (field === 'email' && kind === 'contact') {
      const list = (input['emails'] ?? []) as unknown[];
      input['emails'] = [...list, { address: value, primary: list.length === 0 }];
    } else if (field === 'phone' && kind === 'contact') {
      input['phones'] = [...((input['phones'] ?? []) as unknown[]), { number: value }];
    } else if (field.startsWith('customFields.')) {
      const cf = (input['customFields'] ?? {}) as Record<string, unknown>;
      Object.defineProperty(cf, field.slice(13), { value, enumerable: true, writable: true, configurable: true });
      input['customFields'] = cf;
    } else input[field] = value;
  };
  for (const [column, field] of c.mapping) {
    const v = cells.get(column);
    if (v === undefined) continue;
    put(field, v);
    if (!given.includes(field)) given.push(field);
  }
  for (const [field, value] of c.defaults) if (!given.includes(field) && !isBlank(value)) put(field, value);
  return { input, given };
}

/** The issues of a failed entity function, paths as the entity gives them. */
function issuesOf(r: Result<object>): readonly CrmIssue[] {
  return r.ok ? [] : r.error.issues.length > 0 ? r.error.issues : [crmIssue.of('custom', [], r.error.message)];
}

/**
 * Plans an import of spreadsheet rows (`parseCsv`'s, or any plain objects of cells by column name) as
 * records of `kind`, writing nothing: each row's mapped cells (trimmed; blank ones left out; `defaults`
 * for the fields a row leaves blank) become a record through the entity's create function
 * (`createLead`, `createContact`, `createAccount`: validated, e-mails lower-cased, national phone numbers
 * read in `defaultRegion`), with the id `<idPrefix>-<row>`. Each record is then matched with
 * `matchingRule` (through `matchKeys` and `findDuplicates`) against `existing` and against the records of
 * earlier rows, and `onDuplicate` decides: `skip` the row, `fill_empty` or `update` the record it
 * duplicates (an existing one through the entity's update function, version + 1; an earlier row's by
 * merging the row into it), or `create` it anyway. A match with an existing record comes before one
 * within the file; the best-scored record is taken. Every duplicate found is listed with its evidence.
 *
 * Hostile input never stops the rest: a row that is not an object, has more than `maxColumns` keys, a
 * mapped cell longer than `maxCellLength`, not text (an object), or not well-formed text (NUL, a lone
 * surrogate, U+FFFD from bytes that were not UTF-8), or that builds no valid record, is listed in
 * `errors` with its issues. A cell a spreadsheet would run as a formula (`=HYPERLINK(…)`) is kept
 * verbatim and listed in `formulas`: escape it with `csvSafe` when exporting.
 *
 * The plan is a pure function of its input (ids from `idPrefix`, times from the context's clock), so
 * planning the same rows again gives the same records. Empty `rows` give an empty plan.
 *
 * Never throws for its input: an unknown `kind`, a mapping or default to a field the kind lacks (an
 * `unknown_field` issue listing the allowed ones), bad options or context, or `existing` records that are
 * not records of the kind, are a `validation_failed` error.
 *
 * @example
 * ```ts
 * const rows = [
 *   { Name: 'Lovelace', 'E-mail': 'ada@example.com', Phone: '0812-3456-7890' },
 *   { Name: 'Lovelace', 'E-mail': 'ADA@example.com', Phone: '' },
 * ];
 * const plan = importRows('lead', rows, {
 *   mapping: { Name: 'lastName', 'E-mail': 'email', Phone: 'phone' },
 *   onDuplicate: 'skip',
 *   defaultRegion: 'ID',
 *   idPrefix: 'fair',
 * }, { clock: fixedClock('2026-12-07T09:00:00Z') });
 * if (plan.ok) plan.value.create.map((c) => [c.record.id, c.record.phone]); //=> [['fair-0', '+6281234567890']]
 * if (plan.ok) plan.value.skip; //=> [{ row: 1, matchId: 'fair-0', reason: 'duplicate' }]
 * ```
 */
export function importRows<K extends ImportKind>(
  kind: K,
  rows: readonly Readonly<Record<string, unknown>>[],
  options: ImportRowsOptions<K>,
  ctx?: EntityContext,
): Result<ImportPlan<K>> {
  let checked: CrmIssue[] | Checked;
  try {
    checked = check(kind, options, ctx);
  } catch {
    checked = [crmIssue.invalidType(['options'], 'readable options (a property threw when read)', undefined)];
  }
  if (Array.isArray(checked)) return refuse('importRows options', checked);
  const c = checked as Checked;
  if (!Array.isArray(rows)) return refuse('importRows rows', [crmIssue.invalidType(['rows'], 'a list of rows', rows)]);
  if (rows.length > MAX_ROWS)
    return refuse('importRows rows', [crmIssue.tooBig(['rows'], 'the number of rows', MAX_ROWS, true, rows.length)]);

  // The existing records' blocking keys.
  const existingIndex = new Map<string, number[]>();
  const existingIds = new Map<string, number>();
  const existingIssues: CrmIssue[] = [];
  for (let i = 0; i < c.existing.length; i++) {
    const e = c.existing[i];
    const keys = matchKeys(c.matcher, e as { id: string });
    if (!keys.ok) {
      for (const issue of keys.error.issues)
        existingIssues.push({ ...issue, path: ['options', 'existing', i, ...issue.path] });
      continue;
    }
    const id = (e as { id: string }).id;
    const first = existingIds.get(id);
    if (first !== undefined)
      existingIssues.push(
        crmIssue.duplicate(['options', 'existing', i, 'id'], 'the id', id, ['options', 'existing', first, 'id']),
      );
    existingIds.set(id, i);
    for (const k of keys.value) {
      const list = existingIndex.get(k);
      if (list === undefined) existingIndex.set(k, [i]);
      else list.push(i);
    }
  }
  if (existingIssues.length > 0) return refuse('importRows existing records', existingIssues);
  const droppedKeys: DroppedKey[] = [];
  for (const [key, list] of existingIndex)
    if (list.length > c.maxBlock) {
      droppedKeys.push({ key, size: list.length });
      existingIndex.delete(key);
    }

  // Read every row first: the default id prefix is a fingerprint of what they hold.
  const read: ReadRow[] = new Array<ReadRow>(rows.length);
  const fingerprint = new Fingerprint();
  fingerprint.add(kind);
  for (const [column, field] of c.mapping) fingerprint.add(`${column}\u0001${field}`);
  for (let i = 0; i < rows.length; i++) {
    let row: unknown;
    try {
      row = rows[i];
    } catch {
      row = undefined;
    }
    read[i] = readRow(row, c);
    fingerprint.add(String(i));
    for (const [column, v] of read[i]!.cells) fingerprint.add(`${column}\u0001${v}`);
  }
  const idPrefix = c.idPrefix ?? `import-${fingerprint.hex()}`;

  const create: { rows: number[]; record: Record<string, unknown> }[] = [];
  const update = new Map<
    string,
    { rows: number[]; before: Record<string, unknown>; record: Record<string, unknown>; fields: Set<string> }
  >();
  const skip: ImportSkip[] = [];
  const duplicates: ImportDuplicate[] = [];
  const errors: ImportRowError[] = [];
  const formulas: ImportFormula[] = [];
  // The blocking keys of the planned new records → their index in `create`.
  const fileIndex = new Map<string, number[]>();
  const byCreateId = new Map<string, number>();
  const indexCreate = (at: number): void => {
    const record = create[at]!.record;
    byCreateId.set(record['id'] as string, at);
    const keys = matchKeys(c.matcher, record as { id: string });
    if (!keys.ok) return;
    for (const k of keys.value) {
      const list = fileIndex.get(k);
      if (list === undefined) fileIndex.set(k, [at]);
      else if (!list.includes(at)) list.push(at);
    }
  };

  for (let i = 0; i < rows.length; i++) {
    const { cells, issues } = read[i]!;
    if (issues.length > 0) {
      errors.push({ row: i, issues });
      continue;
    }
    const id = `${idPrefix}-${i}`;
    const { input, given } = inputOfRow(kind, cells, c);
    const built = createOf(kind, input, { ...c.ctx, ids: { next: () => id } });
    if (!built.ok) {
      errors.push({ row: i, issues: issuesOf(built) });
      continue;
    }
    for (const [column, field] of c.mapping)
      if (isCsvFormula(cells.get(column))) formulas.push({ row: i, column, field });
    const record = built.value as Record<string, unknown> & { id: string };
    const keys = matchKeys(c.matcher, record);
    const keyList = keys.ok ? keys.value : [];
    // Against the existing records, then against earlier rows.
    const best = bestMatch(c, record, keyList, existingIndex, (j) => c.existing[j]!);
    const inFile =
      best === null ? bestMatch(c, record, keyList, fileIndex, (j) => create[j]!.record, c.maxBlock) : null;
    const found = best ?? inFile;
    if (found === null || c.policy === 'create') {
      if (found !== null)
        duplicates.push({
          row: i,
          matchId: found.id,
          against: best === null ? 'file' : 'existing',
          score: found.score,
          evidence: found.evidence,
        });
      create.push({ rows: [i], record });
      indexCreate(create.length - 1);
      continue;
    }
    duplicates.push({
      row: i,
      matchId: found.id,
      against: best === null ? 'file' : 'existing',
      score: found.score,
      evidence: found.evidence,
    });
    if (c.policy === 'skip') {
      skip.push({ row: i, matchId: found.id, reason: 'duplicate' });
      continue;
    }
    const policy = c.policy;
    if (best !== null) {
      const planned = update.get(found.id);
      const current = planned?.record ?? c.existing[existingIds.get(found.id)!]!;
      const changed: string[] = [];
      const next = updateOf(
        kind,
        current,
        (draft) => {
          const before = JSON.stringify(draft);
          mergeInto(kind, draft, record, given, policy);
          if (JSON.stringify(draft) !== before) changed.push(...given);
        },
        c.ctx,
      );
      if (!next.ok) {
        errors.push({ row: i, issues: issuesOf(next) });
        continue;
      }
      if (changed.length === 0) {
        skip.push({ row: i, matchId: found.id, reason: 'unchanged' });
        continue;
      }
      const fields = fieldsChanged(kind, current, next.value as Record<string, unknown>, given);
      if (planned === undefined)
        update.set(found.id, {
          rows: [i],
          before: current,
          record: next.value as Record<string, unknown>,
          fields: new Set(fields),
        });
      else {
        planned.rows.push(i);
        // The second change of one record in one plan: one version step in all.
        planned.record = {
          ...(next.value as Record<string, unknown>),
          version: (planned.before['version'] as number) + 1,
        };
        for (const f of fields) planned.fields.add(f);
      }
      continue;
    }
    // A duplicate of an earlier row: merge into its planned record, rebuilt with the same id.
    const at = byCreateId.get(found.id)!;
    const target = create[at]!;
    const merged = inputOf(kind, target.record);
    const before = JSON.stringify(merged);
    mergeInto(kind, merged, record, given, policy);
    if (JSON.stringify(merged) === before) {
      target.rows.push(i);
      continue;
    }
    const rebuilt = createOf(kind, merged, { ...c.ctx, ids: { next: () => found.id } });
    if (!rebuilt.ok) {
      errors.push({ row: i, issues: issuesOf(rebuilt) });
      continue;
    }
    target.rows.push(i);
    target.record = rebuilt.value as Record<string, unknown>;
    indexCreate(at);
  }
  droppedKeys.sort((a, b) => b.size - a.size || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const updates = [...update.values()].map((u) => ({
    rows: u.rows,
    before: u.before,
    record: u.record,
    fields: [...u.fields],
  }));
  return ok(
    deepFreeze({
      kind,
      idPrefix,
      create,
      update: updates,
      skip,
      duplicates,
      errors,
      formulas,
      droppedKeys,
    }) as unknown as ImportPlan<K>,
  );
}

/** The fields whose values differ between two versions of a record, among `given`. */
function fieldsChanged(
  kind: ImportKind,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  given: readonly string[],
): string[] {
  const of = (r: Record<string, unknown>, f: string): unknown =>
    isListField(kind, f)
      ? r[f === 'email' ? 'emails' : 'phones']
      : f.startsWith('customFields.')
        ? (r['customFields'] as Record<string, unknown> | undefined)?.[f.slice(13)]
        : r[f];
  return given.filter((f) => JSON.stringify(of(before, f)) !== JSON.stringify(of(after, f)));
}

/** The best record of `index` (by its keys) the record duplicates, through findDuplicates. */
function bestMatch(
  c: Checked,
  record: { id: string },
  keys: readonly string[],
  index: ReadonlyMap<string, readonly number[]>,
  at: (j: number) => Record<string, unknown>,
  maxBlock?: number,
): { id: string; score: number; evidence: readonly FieldEvidence[] } | null {
  const chosen = new Set<number>();
  for (const k of keys) {
    const list = index.get(k);
    if (list === undefined || (maxBlock !== undefined && list.length > maxBlock)) continue;
    for (const j of list) chosen.add(j);
  }
  if (chosen.size === 0) return null;
  const subset = [...chosen].sort((a, b) => a - b).map(at);
  const found = findDuplicates(c.matcher, record, subset as { id: string }[], {
    limit: 1,
    maxBlock: Math.max(2, subset.length),
  });
  if (!found.ok) return null;
  const top = found.value.candidates[0];
  return top === undefined ? null : { id: top.id, score: top.score, evidence: top.evidence };
}
