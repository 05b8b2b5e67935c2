/**
 * Custom fields: typed definitions per entity kind, and their validation.
 *
 * @module
 */
import * as z from 'zod';
import type { CrmIssue, CrmIssueCode, PathSegment } from '../core/errors.js';
import { ENTITY_KINDS, type EntityKind } from '../core/ids.js';
import { err, ok, type Result } from '../core/result.js';
import { CrmError } from '../core/errors.js';
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
 *
 * @example
 * ```ts
 * customFieldKeyProblem('employees'); //=> null
 * customFieldKeyProblem('__proto__'); //=> 'the key "__proto__" is reserved …'
 * ```
 */
export function customFieldKeyProblem(key: string): string | null {
  if (FORBIDDEN_KEYS.has(key) || key.startsWith('__'))
    return `the key ${JSON.stringify(key)} is reserved (it could reach an object's prototype)`;
  if (!KEY.test(key))
    return `the key ${JSON.stringify(key)} is not allowed: use a letter then letters, digits or _ (at most 64 characters)`;
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
 * Validates custom-field definitions for an entity kind, reporting every problem at once: bad or
 * reserved keys, duplicates, enums without options, `min > max`, options on non-enum types.
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
  const issues: CrmIssue[] = [];
  const seen = new Set<string>();
  const fields: CustomFieldDefinition[] = [];
  if (!(ENTITY_KINDS as readonly unknown[]).includes(kind))
    issues.push({
      path: ['kind'],
      message: `Unknown entity kind ${quoteValue(kind)}; expected one of ${ENTITY_KINDS.join(', ')}`,
      code: 'invalid_value',
    });
  if (!Array.isArray(definitions)) {
    issues.push({ path: [], message: 'Custom field definitions must be an array', code: 'invalid_type' });
    return err(
      new CrmError('validation_failed', 'Custom field definitions must be an array of { key, type, ... }', { issues }),
    );
  }
  definitions.forEach((def, i) => {
    const parsed = definitionSchema.safeParse(def);
    if (!parsed.success) {
      for (const is of parsed.error.issues)
        issues.push({ path: [i, ...(is.path as PathSegment[])], message: is.message, code: is.code });
      return;
    }
    const d = parsed.data;
    const keyProblem = customFieldKeyProblem(d.key);
    if (keyProblem !== null)
      issues.push({ path: [i, 'key'], message: `Custom field ${i}: ${keyProblem}`, code: 'invalid_key' });
    if (seen.has(d.key))
      issues.push({
        path: [i, 'key'],
        message: `Custom field key ${JSON.stringify(d.key)} is defined twice`,
        code: 'duplicate',
      });
    seen.add(d.key);
    const isEnum = d.type === 'enum' || d.type === 'multi_enum';
    if (isEnum && d.options === undefined)
      issues.push({
        path: [i, 'options'],
        message: `Custom field ${JSON.stringify(d.key)} of type ${d.type} needs a non-empty options list`,
        code: 'invalid_type',
      });
    if (!isEnum && d.options !== undefined)
      issues.push({
        path: [i, 'options'],
        message: `options only apply to enum and multi_enum fields, not ${d.type}`,
        code: 'unrecognized_keys',
      });
    if (d.options !== undefined && new Set(d.options).size !== d.options.length)
      issues.push({ path: [i, 'options'], message: 'options must be distinct', code: 'duplicate' });
    if (d.min !== undefined && d.max !== undefined && d.min > d.max)
      issues.push({
        path: [i, 'min'],
        message: `min (${d.min}) is greater than max (${d.max})`,
        code: 'out_of_order',
      });
    if (d.currency !== undefined && !parseMoney({ amount: '0', currency: d.currency }).ok)
      issues.push({
        path: [i, 'currency'],
        message: `Unknown currency ${JSON.stringify(d.currency)}`,
        code: 'invalid_currency',
      });
    fields.push(d as CustomFieldDefinition);
  });
  if (issues.length > 0)
    return err(
      new CrmError(
        'validation_failed',
        `Custom field definitions for ${showValue(kind)} are invalid (${issues.length} issue${issues.length === 1 ? '' : 's'})`,
        { issues },
      ),
    );
  return ok(deepFreeze({ kind, fields }));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Date) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Checks a free-form JSON value: finite numbers, no functions, safe keys at every depth. */
function checkFreeForm(value: unknown, path: PathSegment[], issues: CrmIssue[], depth = 0): unknown {
  if (depth > 16) {
    issues.push({ path, message: 'Custom field value is nested too deeply (more than 16 levels)', code: 'too_deep' });
    return null;
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    if (typeof value === 'string' && value.includes('\u0000'))
      issues.push({ path, message: 'Text must not contain NUL (\\u0000) characters', code: 'invalid_format' });
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      issues.push({ path, message: `Custom field value ${value} is not a finite number`, code: 'invalid_number' });
    return value;
  }
  if (value instanceof Date) {
    if (!Number.isFinite(value.getTime())) issues.push({ path, message: 'Invalid date', code: 'invalid_date' });
    return new Date(value.getTime());
  }
  if (Array.isArray(value)) return value.map((v, i) => checkFreeForm(v, [...path, i], issues, depth + 1));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const problem = customFieldKeyProblem(key);
      if (problem !== null) {
        issues.push({ path: [...path, key], message: `Custom field: ${problem}`, code: 'invalid_key' });
        continue;
      }
      out[key] = checkFreeForm(value[key], [...path, key], issues, depth + 1);
    }
    return out;
  }
  issues.push({
    path,
    message: `Custom field values must be JSON data (text, numbers, booleans, null, dates, lists, objects); received ${typeof value}`,
    code: 'invalid_type',
  });
  return null;
}

function checkTyped(def: CustomFieldDefinition, value: unknown, path: PathSegment[], issues: CrmIssue[]): unknown {
  const bad = (message: string, code: CrmIssueCode = 'invalid_type'): null => {
    issues.push({ path, message: `Custom field ${JSON.stringify(def.key)}: ${message}`, code });
    return null;
  };
  switch (def.type) {
    case 'string': {
      if (typeof value !== 'string') return bad(`expected text, received ${typeof value}`);
      const s = value.trim();
      const max = def.maxLength ?? 10_000;
      if (s.length > max) return bad(`at most ${max} characters`, 'too_big');
      if (s.includes('\u0000')) return bad('must not contain NUL (\\u0000) characters', 'invalid_format');
      return s;
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return bad(`expected a finite number, received ${JSON.stringify(value)}`);
      if (def.integer === true && !Number.isInteger(value)) return bad(`expected an integer, received ${value}`);
      if (def.min !== undefined && value < def.min) return bad(`must be ≥ ${def.min}, received ${value}`, 'too_small');
      if (def.max !== undefined && value > def.max) return bad(`must be ≤ ${def.max}, received ${value}`, 'too_big');
      return value;
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : bad(`expected true or false, received ${JSON.stringify(value)}`);
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
        : bad(`expected one of ${options.join(', ')}, received ${JSON.stringify(value)}`, 'invalid_value');
    }
    case 'multi_enum': {
      const options = def.options ?? [];
      if (!Array.isArray(value)) return bad(`expected a list of ${options.join(', ')}`);
      const wrong = value.filter((v) => typeof v !== 'string' || !options.includes(v));
      if (wrong.length > 0) return bad(`${JSON.stringify(wrong)} not among ${options.join(', ')}`, 'invalid_value');
      if (new Set(value).size !== value.length) return bad('values must be distinct', 'duplicate');
      return [...(value as string[])];
    }
  }
}

/**
 * Validates a `customFields` object: keys are checked always; with definitions, unknown keys,
 * missing required fields and wrong types are issues too (paths start with `customFields`).
 * Returns the normalised values (dates as Date, money as Money) and the issues found.
 *
 * @example
 * ```ts
 * const set = unwrap(defineCustomFields('lead', [{ key: 'employees', type: 'number', min: 0 }]));
 * validateCustomFields({ employees: -1 }, set).issues[0].path; //=> ['customFields', 'employees']
 * ```
 */
export function validateCustomFields(
  values: unknown,
  set?: CustomFieldSet,
): { value: Record<string, unknown>; issues: CrmIssue[] } {
  const issues: CrmIssue[] = [];
  if (values === undefined || values === null) values = {};
  if (!isPlainObject(values)) {
    return {
      value: {},
      issues: [
        { path: ['customFields'], message: 'customFields must be an object of key → value', code: 'invalid_type' },
      ],
    };
  }
  const out: Record<string, unknown> = {};
  const defs = new Map((set?.fields ?? []).map((d) => [d.key, d]));
  for (const key of Object.keys(values)) {
    const path: PathSegment[] = ['customFields', key];
    const problem = customFieldKeyProblem(key);
    if (problem !== null) {
      issues.push({ path, message: `Custom field: ${problem}`, code: 'invalid_key' });
      continue;
    }
    const v = values[key];
    if (set === undefined) {
      out[key] = checkFreeForm(v, path, issues);
      continue;
    }
    const def = defs.get(key);
    if (def === undefined) {
      issues.push({
        path,
        message: `Unknown custom field ${JSON.stringify(key)} for ${set.kind}; defined: ${[...defs.keys()].join(', ') || '(none)'}`,
        code: 'unrecognized_keys',
      });
      continue;
    }
    if (v === null || v === undefined) {
      if (def.required === true)
        issues.push({ path, message: `Custom field ${JSON.stringify(key)} is required`, code: 'invalid_type' });
      else out[key] = null;
      continue;
    }
    out[key] = checkTyped(def, v, path, issues);
  }
  for (const def of set?.fields ?? []) {
    if (def.required === true && !(def.key in out) && !issues.some((i) => i.path[1] === def.key)) {
      issues.push({
        path: ['customFields', def.key],
        message: `Custom field ${JSON.stringify(def.key)} is required`,
        code: 'invalid_type',
      });
    }
  }
  return { value: out, issues };
}
