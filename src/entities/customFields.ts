/**
 * Custom fields: typed definitions per entity kind, and their validation.
 *
 * @module
 */
import * as z from 'zod';
import { CrmError, formatPath, type CrmIssue, type CrmIssueCode, type PathSegment } from '../core/errors.js';
import { ENTITY_KINDS, type EntityKind } from '../core/ids.js';
import { err, ok, type Result } from '../core/result.js';
import { checkOptionKeys, crmIssue, IssueList } from '../core/issues.js';
import { parseMoney } from '../money/money.js';
import { deepFreeze } from '../_lib/freeze.js';
import { CUSTOM_FIELD_TYPES, type CustomFieldType } from './enums.js';
import { quoteValue, showValue } from '../_lib/show.js';

/**
 * The definition of one custom field.
 *
 * - `string`: text (`maxLength`, default 10,000); `number`: finite number (`min`/`max`, `integer`);
 *   `boolean`; `date`: an instant (Date or ISO string → Date); `money`: `{ amount, currency }` →
 *   Money (`currency` pins the currency); `enum`: one of `options`; `multi_enum`: a list of distinct `options`.
 *
 * @example
 * ```ts
 * const employees: CustomFieldDefinition = { key: 'employees', type: 'number', integer: true, min: 0 };
 * ```
 */
export interface CustomFieldDefinition {
  readonly key: string;
  readonly type: CustomFieldType;
  readonly label?: string;
  readonly required?: boolean;
  readonly options?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  readonly maxLength?: number;
  readonly currency?: string;
}

/**
 * The validated custom-field definitions of one entity kind (made by {@link defineCustomFields}).
 *
 * @example
 * ```ts
 * const set: CustomFieldSet = unwrap(defineCustomFields('lead', [{ key: 'employees', type: 'number' }]));
 * ```
 */
export interface CustomFieldSet {
  readonly kind: EntityKind;
  readonly fields: readonly CustomFieldDefinition[];
}

/**
 * Custom-field definitions for any entity kinds, passed in the context of `create*`, `parse*`
 * and `update*`. Kinds without definitions accept free-form JSON values (keys still checked).
 *
 * @example
 * ```ts
 * const registry: CustomFieldRegistry = { lead: unwrap(defineCustomFields('lead', [{ key: 'employees', type: 'number' }])) };
 * ```
 */
export type CustomFieldRegistry = Partial<Record<EntityKind, CustomFieldSet>>;

const KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const FORBIDDEN_KEYS = /* @__PURE__ */ new Set([
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'valueOf',
]);

/**
 * Checks a custom-field key: a letter, then letters, digits or `_`, at most 64 characters, and
 * never a key that can reach an object's prototype (`__proto__`, `constructor`, `prototype`, …).
 * Returns the reason when it is refused, `null` when it is fine.
 * Never throws (a key that is not a string is a problem too).
 *
 * @example
 * ```ts
 * customFieldKeyProblem('employees'); //=> null
 * customFieldKeyProblem('__proto__'); //=> 'the key "__proto__" is reserved …'
 * ```
 */
export function customFieldKeyProblem(key: string): string | null {
  if (typeof key !== 'string') return `a key must be a string; received ${quoteValue(key)}`;
  if (FORBIDDEN_KEYS.has(key) || key.startsWith('__'))
    return `the key ${quoteValue(key)} is reserved (it could reach an object's prototype)`;
  if (!KEY.test(key))
    return `the key ${quoteValue(key)} is not allowed: use a letter then letters, digits or _ (at most 64 characters)`;
  return null;
}

const definitionSchema = /* @__PURE__ */ z.strictObject({
  key: /* @__PURE__ */ z.string(),
  type: /* @__PURE__ */ z.enum(CUSTOM_FIELD_TYPES),
  label: /* @__PURE__ */ z.string().trim().min(1).max(200).optional(),
  required: /* @__PURE__ */ z.boolean().optional(),
  options: /* @__PURE__ */ z.array(z.string().trim().min(1).max(200)).min(1).optional(),
  min: /* @__PURE__ */ z.number().finite().optional(),
  max: /* @__PURE__ */ z.number().finite().optional(),
  integer: /* @__PURE__ */ z.boolean().optional(),
  maxLength: /* @__PURE__ */ z.number().int().min(1).max(1_000_000).optional(),
  currency: /* @__PURE__ */ z.string().optional(),
});

/**
 * The deepest nesting a free-form custom-field value may have (levels of lists and objects); deeper
 * is a `too_deep` issue.
 *
 * @example
 * ```ts
 * MAX_CUSTOM_FIELD_DEPTH; //=> 16
 * ```
 */
export const MAX_CUSTOM_FIELD_DEPTH = 16;

/**
 * Validates custom-field definitions for an entity kind, reporting every problem at once: bad or
 * reserved keys, duplicates, enums without options, `min > max`, options on non-enum types. Never throws: definitions that are not an array, or an unknown kind, are errors in the `Result`. At
 * most `MAX_ISSUES` (100) issues are reported; the last says how many more were found.
 *
 * @example
 * ```ts
 * const r = defineCustomFields('deal', [
 *   { key: 'region', type: 'enum', options: ['EMEA', 'AMER', 'APAC'], required: true },
 *   { key: 'renewalDate', type: 'date' },
 * ]);
 * r.ok; //=> true
 * ```
 */
export function defineCustomFields(
  kind: EntityKind,
  definitions: readonly CustomFieldDefinition[],
): Result<CustomFieldSet> {
  const issues = new IssueList();
  if (!(ENTITY_KINDS as readonly unknown[]).includes(kind))
    issues.push(crmIssue.invalidValue(['kind'], 'unknown entity kind', kind, ENTITY_KINDS));
  const fields = definitionsInto(definitions, [], issues);
  if (fields === undefined) return err(issues.error('Custom field definitions'));
  if (issues.count > 0) return err(issues.error(`Custom field definitions for ${showValue(kind)}`));
  const set: CustomFieldSet = deepFreeze({ kind, fields });
  MADE.add(set);
  return ok(set);
}

/** The sets {@link defineCustomFields} made: deep-frozen, so known good without checking them again. */
const MADE = /* @__PURE__ */ new WeakSet<object>();

/**
 * Checks a list of definitions into `issues` (paths under `path`) and returns the parsed ones, or
 * `undefined` when `definitions` is not a readable array. Never throws: a throwing getter or proxy
 * trap in a definition is an issue.
 */
function definitionsInto(
  definitions: unknown,
  path: readonly PathSegment[],
  issues: IssueList,
): CustomFieldDefinition[] | undefined {
  if (!Array.isArray(definitions)) {
    issues.push(crmIssue.invalidType([...path], 'an array of custom field definitions { key, type, … }', definitions));
    return undefined;
  }
  const seen = new Set<string>();
  const fields: CustomFieldDefinition[] = [];
  for (let i = 0; i < definitions.length; i++) {
    let parsed: ReturnType<typeof definitionSchema.safeParse>;
    try {
      parsed = definitionSchema.safeParse(definitions[i]);
    } catch {
      issues.push(crmIssue.invalidType([...path, i], 'a readable custom field definition { key, type, … }', undefined));
      continue;
    }
    if (!parsed.success) {
      for (const is of parsed.error.issues)
        issues.push(
          is.code === 'unrecognized_keys'
            ? crmIssue.unrecognizedKeys(
                [...path, i, ...(is.path as PathSegment[])],
                is.keys,
                Object.keys(definitionSchema.shape),
              )
            : { path: [...path, i, ...(is.path as PathSegment[])], message: is.message, code: is.code },
        );
      continue;
    }
    const d = parsed.data;
    const at = (...rest: PathSegment[]): PathSegment[] => [...path, i, ...rest];
    const keyProblem = customFieldKeyProblem(d.key);
    if (keyProblem !== null) issues.push(crmIssue.of('invalid_key', at('key'), `Custom field ${i}: ${keyProblem}`));
    if (seen.has(d.key)) issues.push(crmIssue.duplicate(at('key'), 'custom field key', d.key));
    seen.add(d.key);
    const isEnum = d.type === 'enum' || d.type === 'multi_enum';
    if (isEnum && d.options === undefined)
      issues.push(
        crmIssue.of(
          'invalid_type',
          at('options'),
          `Custom field ${quoteValue(d.key)} of type ${d.type} needs a non-empty options list`,
        ),
      );
    if (!isEnum && d.options !== undefined)
      issues.push(
        crmIssue.of(
          'unrecognized_keys',
          at('options'),
          `options only apply to enum and multi_enum fields, not ${d.type}`,
        ),
      );
    if (d.options !== undefined && new Set(d.options).size !== d.options.length)
      issues.push(crmIssue.of('duplicate', at('options'), 'options must be distinct'));
    if (d.min !== undefined && d.max !== undefined && d.min > d.max)
      issues.push(crmIssue.of('out_of_order', at('min'), `min (${d.min}) is greater than max (${d.max})`));
    if (d.currency !== undefined && !parseMoney({ amount: '0', currency: d.currency }).ok)
      issues.push(crmIssue.of('invalid_currency', at('currency'), `Unknown currency ${quoteValue(d.currency)}`));
    fields.push(d as CustomFieldDefinition);
  }
  return fields;
}

/**
 * The issues of a custom-field set given by a caller (in a context's `customFields`, or to
 * {@link validateCustomFields}), at paths under `path`: it must be what {@link defineCustomFields}
 * makes — a plain object `{ kind, fields }` with a known kind (`expectedKind` when given) and valid
 * definitions. `[]` when it is (at once for a set this copy of crmkit made). Never throws.
 */
export function customFieldSetIssues(set: unknown, path: readonly PathSegment[], expectedKind?: string): CrmIssue[] {
  if (typeof set === 'object' && set !== null && MADE.has(set)) {
    const kind = (set as CustomFieldSet).kind;
    if (expectedKind === undefined || kind === expectedKind) return [];
  }
  const issues = new IssueList();
  try {
    if (!isPlainObject(set)) {
      issues.push(crmIssue.invalidType([...path], 'a custom-field set made by defineCustomFields', set));
      return [...issues.items];
    }
    issues.push(...checkOptionKeys(set, ['kind', 'fields'], path));
    const kind = set['kind'];
    if (!(ENTITY_KINDS as readonly unknown[]).includes(kind))
      issues.push(crmIssue.invalidValue([...path, 'kind'], 'unknown entity kind', kind, ENTITY_KINDS));
    else if (expectedKind !== undefined && kind !== expectedKind)
      issues.push(
        crmIssue.invalidValue([...path, 'kind'], `the custom fields of ${showValue(expectedKind)}`, kind, [
          expectedKind,
        ]),
      );
    definitionsInto(set['fields'], [...path, 'fields'], issues);
  } catch {
    issues.push(crmIssue.invalidType([...path], 'a readable custom-field set made by defineCustomFields', undefined));
  }
  return issues.count === 0 ? [] : [...issues.error('Custom field set').issues];
}

function isEmpty(o: object): boolean {
  for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k)) return false;
  return Object.getOwnPropertyNames(o).length === 0 || Object.keys(o).length === 0;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Date) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** What a free-form walk needs: where to put issues, and the objects seen (values are trees). */
interface Walk {
  readonly issues: IssueList;
  /** Objects and arrays already visited anywhere in this value, with the path where they were first met. */
  readonly seen: Map<object, readonly PathSegment[]>;
}

/**
 * Checks a free-form JSON value: finite numbers, no functions, safe keys at every depth, at most
 * {@link MAX_CUSTOM_FIELD_DEPTH} levels, no sparse arrays, and a tree (an object or list met twice —
 * shared or circular — is refused, so the walk and the copy are linear in the input). Returns a copy.
 */
function checkFreeForm(value: unknown, path: PathSegment[], walk: Walk, depth: number): unknown {
  const { issues } = walk;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    if (typeof value === 'string' && value.includes('\u0000'))
      issues.push(crmIssue.of('invalid_format', path, 'Text must not contain NUL (\\u0000) characters'));
    return value;
  }
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    issues.push(crmIssue.invalidNumber(path, value));
    return null;
  }
  if (value instanceof Date) {
    const t = value.getTime();
    if (Number.isFinite(t)) return new Date(t);
    issues.push(crmIssue.invalidDate(path, value));
    return null;
  }
  const isArray = Array.isArray(value);
  if (!isArray && !isPlainObject(value)) {
    issues.push(
      crmIssue.invalidType(
        path,
        'JSON data (text, numbers, booleans, null, dates, lists, objects)',
        typeof value === 'object' ? value : typeof value,
      ),
    );
    return null;
  }
  const first = walk.seen.get(value);
  if (first !== undefined) {
    issues.push(
      crmIssue.of(
        'invalid_value',
        path,
        `the same ${isArray ? 'list' : 'object'} appears twice (first at ${formatPath(first)}); custom field values must be JSON data, without shared or circular references`,
      ),
    );
    return null;
  }
  if (depth >= MAX_CUSTOM_FIELD_DEPTH) {
    issues.push(crmIssue.tooDeep(path, 'Custom field values', MAX_CUSTOM_FIELD_DEPTH));
    return null;
  }
  walk.seen.set(value, path);
  if (isArray) {
    // A sparse array (holes, or a huge length with few elements) is not JSON data: refuse it before
    // walking its length.
    if (Object.keys(value).length !== value.length) {
      issues.push(crmIssue.of('invalid_value', path, `a list with holes (length ${value.length}) is not JSON data`));
      return null;
    }
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = checkFreeForm(value[i], [...path, i], walk, depth + 1);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const problem = customFieldKeyProblem(key);
    if (problem !== null) {
      issues.push(crmIssue.of('invalid_key', [...path, key], `Custom field: ${problem}`));
      continue;
    }
    out[key] = checkFreeForm(value[key], [...path, key], walk, depth + 1);
  }
  return out;
}

function checkTyped(def: CustomFieldDefinition, value: unknown, path: PathSegment[], issues: IssueList): unknown {
  const bad = (message: string, code: CrmIssueCode = 'invalid_type'): null => {
    issues.push(crmIssue.of(code, path, `Custom field ${quoteValue(def.key)}: ${message}`));
    return null;
  };
  switch (def.type) {
    case 'string': {
      if (typeof value !== 'string') return bad(`expected text, received ${quoteValue(value)}`);
      const s = value.trim();
      const max = def.maxLength ?? 10_000;
      if (s.length > max) return bad(`at most ${max} characters`, 'too_big');
      if (s.includes('\u0000')) return bad('must not contain NUL (\\u0000) characters', 'invalid_format');
      return s;
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return bad(`expected a finite number, received ${quoteValue(value)}`);
      if (def.integer === true && !Number.isInteger(value)) return bad(`expected an integer, received ${value}`);
      if (def.min !== undefined && value < def.min) return bad(`must be ≥ ${def.min}, received ${value}`, 'too_small');
      if (def.max !== undefined && value > def.max) return bad(`must be ≤ ${def.max}, received ${value}`, 'too_big');
      return value;
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : bad(`expected true or false, received ${quoteValue(value)}`);
    case 'date': {
      const d =
        value instanceof Date || (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value))
          ? new Date(value)
          : null;
      if (d === null || !Number.isFinite(d.getTime()))
        return bad('expected a Date or an ISO 8601 date string', 'invalid_date');
      return d;
    }
    case 'money': {
      const r = parseMoney(value);
      if (!r.ok) return bad(r.error.issues.map((i) => i.message).join('; '), 'invalid_money');
      if (def.currency !== undefined && r.value.currency !== def.currency)
        return bad(`expected ${def.currency}, received ${r.value.currency}`, 'currency_mismatch');
      return r.value;
    }
    case 'enum': {
      const options = def.options ?? [];
      return typeof value === 'string' && options.includes(value)
        ? value
        : bad(`expected one of ${options.join(', ')}, received ${quoteValue(value)}`, 'invalid_value');
    }
    case 'multi_enum': {
      const options = new Set(def.options ?? []);
      const allowed = [...options].join(', ');
      if (!Array.isArray(value) || Object.keys(value).length !== value.length)
        return bad(`expected a list of ${allowed}, received ${quoteValue(value)}`);
      const wrong = value.filter((v) => typeof v !== 'string' || !options.has(v));
      if (wrong.length > 0) return bad(`${quoteValue(wrong)} not among ${allowed}`, 'invalid_value');
      if (new Set(value).size !== value.length) return bad('values must be distinct', 'duplicate');
      return [...(value as string[])];
    }
  }
}

/**
 * Validates a `customFields` value into `issues` (paths start with `customFields`), skipping issues at
 * a path in `reported`; returns the normalised values. Own properties only; linear in the input.
 */
export function validateCustomFieldsInto(
  values: unknown,
  set: CustomFieldSet | undefined,
  issues: IssueList,
  reported: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  const push = (issue: CrmIssue): void => {
    if (issues.full || !reported.has(issue.path.join('\u0000'))) issues.push(issue);
  };
  if (values === undefined || values === null) values = {};
  if (!isPlainObject(values)) {
    push(crmIssue.invalidType(['customFields'], 'an object of key → value', values));
    return {};
  }
  if (set !== undefined && !(isPlainObject(set) && Array.isArray(set.fields))) {
    push(crmIssue.invalidType(['set'], 'a custom-field set made by defineCustomFields', set));
    return {};
  }
  if (set === undefined && isEmpty(values)) return {};
  const out: Record<string, unknown> = {};
  const defs = new Map((set?.fields ?? []).map((d) => [d.key, d]));
  const defined = [...defs.keys()];
  const definedText = `${defined.slice(0, 40).join(', ') || '(none)'}${defined.length > 40 ? ', …' : ''}`;
  const record = values;
  const walk: Walk = { issues, seen: new Map() };
  /** Keys that already have an issue (a missing required value is not reported on top). */
  const failed = new Set<string>();
  try {
    for (const key of Object.keys(values)) {
      const path: PathSegment[] = ['customFields', key];
      const before = issues.count;
      check(key, path);
      if (issues.count !== before) failed.add(key);
    }
  } catch {
    // a throwing getter or proxy trap while reading the values
    push(crmIssue.invalidType(['customFields'], 'a plain object of JSON values', values));
    return {};
  }
  function check(key: string, path: PathSegment[]): void {
    const problem = customFieldKeyProblem(key);
    if (problem !== null) {
      push(crmIssue.of('invalid_key', path, `Custom field: ${problem}`));
      return;
    }
    const v = record[key];
    if (set === undefined) {
      out[key] = checkFreeForm(v, path, walk, 0);
      return;
    }
    const def = defs.get(key);
    if (def === undefined) {
      push(
        crmIssue.of(
          'unrecognized_keys',
          path,
          `Unknown custom field ${quoteValue(key)} for ${set.kind}; defined: ${definedText}`,
        ),
      );
      return;
    }
    if (v === null || v === undefined) {
      if (def.required === true) push(crmIssue.of('invalid_type', path, `Custom field ${quoteValue(key)} is required`));
      else out[key] = null;
      return;
    }
    out[key] = checkTyped(def, v, path, issues);
  }
  if (set !== undefined) {
    for (const def of set.fields) {
      if (def.required === true && !Object.prototype.hasOwnProperty.call(out, def.key) && !failed.has(def.key))
        push(crmIssue.of('invalid_type', ['customFields', def.key], `Custom field ${quoteValue(def.key)} is required`));
    }
  }
  return out;
}

/**
 * Validates a `customFields` object: keys are checked always; with definitions, unknown keys,
 * missing required fields and wrong types are issues too (paths start with `customFields`).
 * Returns the normalised values (dates as Date, money as Money; a value with an issue is `null`, so
 * NaN, ±Infinity and invalid dates never come back) and the issues found (at most `MAX_ISSUES`; the
 * last then says how many more were found). A `set` that is not what {@link defineCustomFields}
 * makes (a hand-made one with a bad definition, say) gives no values and its issues, under `['set']`.
 * Never throws; linear in the input.
 * Without definitions values are free-form JSON data: at most {@link MAX_CUSTOM_FIELD_DEPTH} levels
 * deep, no sparse lists, no shared or circular references.
 *
 * @example
 * ```ts
 * const set = unwrap(defineCustomFields('lead', [{ key: 'employees', type: 'number', min: 0 }]));
 * validateCustomFields({ employees: -1 }, set).issues[0]?.path; //=> ['customFields', 'employees']
 * ```
 */
export function validateCustomFields(
  values: unknown,
  set?: CustomFieldSet,
): { value: Record<string, unknown>; issues: CrmIssue[] } {
  if (set !== undefined) {
    const bad = customFieldSetIssues(set, ['set']);
    if (bad.length > 0) return { value: {}, issues: bad };
  }
  const issues = new IssueList();
  const value = validateCustomFieldsInto(values, set, issues);
  return { value, issues: issues.count === 0 ? [] : [...issues.error('customFields').issues] };
}
