/**
 * `defineCondition`: validation of a JSON condition against a field catalog and the registered
 * extensions, into a frozen {@link Condition} that remembers its parsed tree.
 *
 * @module
 */
import { CrmError, type CrmIssue, type PathSegment } from '../core/errors.js';
import { crmIssue, IssueList, checkOptionKeys, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { parseIsoInstant } from '../core/dates.js';
import { isCurrencyCode } from '../money/currencies.js';
import { quoteValue } from '../_lib/show.js';
import { entityCatalog, fieldTypeIn, type FieldCatalog, type ResolvedFieldType } from './catalog.js';
import type { ConditionExtension, ContextRequirement, ExtensionTools } from './extension.js';
import { CONDITION_OPERATORS, type ConditionJson, type ConditionOperator } from './types.js';
import { canonicalDecimal, compareDecimal, compareText, parseIsoDuration, type IsoDuration } from './values.js';

/** How deep conditions may nest (combinators and nested conditions of extensions together). */
export const MAX_CONDITION_DEPTH = 32;
/** How many tests and combinators one condition may hold. */
export const MAX_CONDITION_NODES = 10_000;
/** How many values an `in` / `notIn` list may hold. */
export const MAX_LIST_VALUES = 1000;
/** The longest text value (in UTF-16 code units). */
export const MAX_TEXT_LENGTH = 10_000;
/** The longest `matches` pattern. */
export const MAX_PATTERN_LENGTH = 1000;

/**
 * The context references `$ref` may name, and their types.
 *
 * @example
 * ```ts
 * CONDITION_REFS['user.teamIds']; //=> 'list'
 * ```
 */
export const CONDITION_REFS: Readonly<Record<string, 'text' | 'list'>> = /* @__PURE__ */ Object.freeze({
  'user.id': 'text',
  'user.role': 'text',
  'user.email': 'text',
  'user.teamIds': 'list',
});

/**
 * A literal after validation, in the field type's form: dates as epoch ms, money as a canonical amount.
 *
 * @example
 * ```ts
 * const values: Scalar[] = ['won', 1767225600000, true, { amount: '1200', currency: 'EUR' }];
 * ```
 */
export type Scalar = string | number | boolean | MoneyScalar;
/**
 * A money amount to compare with; `currency` is `null` when only the amount was given.
 *
 * @example
 * ```ts
 * const atLeast: MoneyScalar = { amount: '1000', currency: null }; // any currency
 * ```
 */
export interface MoneyScalar {
  readonly amount: string;
  readonly currency: string | null;
}

/** A value of a field test before the context is known. */
export type ValueSpec =
  | { readonly kind: 'literal'; readonly value: Scalar }
  | { readonly kind: 'now'; readonly duration: IsoDuration }
  | { readonly kind: 'ref'; readonly name: string };

/** The operand of a field test after validation. */
export type Operand =
  | { readonly kind: 'flag'; readonly value: boolean }
  | { readonly kind: 'one'; readonly value: ValueSpec }
  | { readonly kind: 'many'; readonly values: readonly ValueSpec[] }
  | { readonly kind: 'refList'; readonly name: string }
  | { readonly kind: 'range'; readonly low: ValueSpec; readonly high: ValueSpec };

/** The parsed tree of a condition (internal; see `inspectCondition` for the public view). */
export type Node =
  | { readonly kind: 'all' | 'any'; readonly path: readonly PathSegment[]; readonly parts: readonly Node[] }
  | { readonly kind: 'not'; readonly path: readonly PathSegment[]; readonly part: Node }
  | {
      readonly kind: 'field';
      readonly path: readonly PathSegment[];
      readonly field: string;
      readonly type: ResolvedFieldType;
      readonly op: ConditionOperator;
      readonly operand: Operand;
    }
  | {
      readonly kind: 'extension';
      readonly path: readonly PathSegment[];
      readonly extension: ConditionExtension;
      readonly test: Readonly<Record<string, unknown>>;
    };

/**
 * A validated condition: its catalog, its JSON (exactly as given, frozen), the extensions it uses and
 * what its evaluation reads from the context. Made only by {@link defineCondition}.
 *
 * @example
 * ```ts
 * const c = unwrap(defineCondition({ field: 'stageId', op: 'eq', value: 'won' }, { entity: 'deal' }));
 * c.catalog.name; //=> 'deal'
 * ```
 */
export interface Condition<E = never, X = never> {
  readonly catalog: FieldCatalog;
  readonly json: ConditionJson<E, X>;
  /** The keys of the extensions its tests use. */
  readonly extensions: readonly string[];
  /** What evaluation reads from the context (`asOf` for `$now`, `user` for `$ref`, plus the extensions' needs). */
  readonly requires: readonly ContextRequirement[];
}

/**
 * A condition on any record with any extensions: what code that only passes conditions on takes.
 *
 * @example
 * ```ts
 * const list: AnyCondition[] = [unwrap(defineCondition({ all: [] }, { entity: 'deal' }))];
 * ```
 */
export type AnyCondition = Condition<never, unknown>;

const TREES = /* @__PURE__ */ new WeakMap<
  object,
  { readonly node: Node; readonly extensions: readonly ConditionExtension[] }
>();

/** The parsed tree of a condition made by {@link defineCondition}. @throws CrmError for anything else. */
export function treeOf<E, X>(
  condition: Condition<E, X>,
): {
  readonly node: Node;
  readonly extensions: readonly ConditionExtension[];
} {
  const t = typeof condition === 'object' && condition !== null ? TREES.get(condition) : undefined;
  if (t === undefined)
    throw new CrmError(
      'validation_failed',
      `Expected a Condition made by defineCondition; received ${quoteValue(condition)}`,
      { issues: [crmIssue.invalidType([], 'a Condition made by defineCondition', condition)] },
    );
  return t;
}

/**
 * True when `value` is a {@link Condition} made by {@link defineCondition}.
 *
 * @example
 * ```ts
 * isCondition(unwrap(defineCondition({ all: [] }, { entity: 'lead' }))); //=> true
 * isCondition({ all: [] }); //=> false
 * ```
 */
export function isCondition(value: unknown): value is AnyCondition {
  return typeof value === 'object' && value !== null && TREES.has(value);
}

/**
 * Options of {@link defineCondition}.
 *
 * @example
 * ```ts
 * const o: DefineConditionOptions = { entity: 'lead', extensions: [activityTests] };
 * ```
 */
export interface DefineConditionOptions {
  /** The kind of record: an entity kind (`deal`, `lead`, …) or a host's {@link FieldCatalog}. */
  readonly entity: string | FieldCatalog;
  /** The extensions whose tests the condition may use. */
  readonly extensions?: readonly ConditionExtension[];
}

const COMBINATORS = ['all', 'any', 'not'] as const;
const FIELD_KEYS = ['field', 'op', 'value'] as const;
const RESERVED_KEYS: ReadonlySet<string> = /* @__PURE__ */ new Set([
  'all',
  'any',
  'not',
  'field',
  'op',
  'value',
  '$now',
  '$ref',
]);
/** Keys that decide what a condition object is; an extension's other keys may not be one of them. */
const MARK_KEYS: ReadonlySet<string> = /* @__PURE__ */ new Set(['all', 'any', 'not', 'field']);

const OPS_BY_TYPE: Readonly<Record<ResolvedFieldType, readonly ConditionOperator[]>> = {
  text: [
    'eq',
    'neq',
    'in',
    'notIn',
    'gt',
    'gte',
    'lt',
    'lte',
    'between',
    'contains',
    'startsWith',
    'matches',
    'isNull',
  ],
  number: ['eq', 'neq', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'between', 'isNull'],
  boolean: ['eq', 'neq', 'in', 'notIn', 'isNull'],
  date: ['eq', 'neq', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'between', 'isNull'],
  money: ['eq', 'neq', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'between', 'isNull'],
  list: ['contains', 'isNull'],
  json: ['isNull'],
  custom: CONDITION_OPERATORS,
};

/**
 * The operators a field of each type takes.
 *
 * @example
 * ```ts
 * operatorsFor('boolean'); //=> ['eq', 'neq', 'in', 'notIn', 'isNull']
 * ```
 */
export function operatorsFor(type: ResolvedFieldType): readonly ConditionOperator[] {
  return OPS_BY_TYPE[type];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Date) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Checks text a condition compares with: bounded, no NUL, no lone surrogate (no store could hold it). */
function textIssue(s: string, path: readonly PathSegment[], max = MAX_TEXT_LENGTH): CrmIssue | null {
  if (s.length > max) return crmIssue.tooBig(path, 'text', max, true, `${s.length} characters`);
  if (s.includes('\u0000'))
    return crmIssue.of('invalid_format', path, 'text must not contain NUL (\\u0000) characters');
  if (LONE_SURROGATE.test(s))
    return crmIssue.of('invalid_format', path, 'text must be well-formed UTF-16 (a lone surrogate is not a character)');
  return null;
}

interface State {
  readonly catalog: FieldCatalog;
  readonly extensions: ReadonlyMap<string, ConditionExtension>;
  readonly issues: IssueList;
  readonly requires: Set<ContextRequirement>;
  readonly used: Set<ConditionExtension>;
  nodes: number;
}

function knownFields(catalog: FieldCatalog): string[] {
  const names = Object.keys(catalog.fields);
  return catalog.customFields ? [...names, 'customFields.<key>'] : names;
}

/** Validates one value of a field test for a field type; returns its spec or pushes an issue. */
function valueSpec(
  s: State,
  type: ResolvedFieldType,
  field: string,
  raw: unknown,
  path: readonly PathSegment[],
  allowScalarRef: boolean,
): ValueSpec | undefined {
  const bad = (expected: string): undefined => {
    s.issues.push(crmIssue.invalidType(path, `${expected} for '${field}' (${type})`, raw));
    return undefined;
  };
  if (isRecord(raw) && ('$now' in raw || '$ref' in raw)) {
    const keys = Object.keys(raw);
    if (keys.length !== 1) {
      s.issues.push(
        crmIssue.unrecognizedKeys(
          path,
          keys.filter((k) => k !== '$now' && k !== '$ref'),
          ['$now', '$ref'],
        ),
      );
      return undefined;
    }
    if ('$now' in raw) {
      if (type !== 'date' && type !== 'custom') return bad('a literal (`$now` is for date fields)');
      const d = parseIsoDuration(raw['$now']);
      if (d === null) {
        s.issues.push(
          crmIssue.invalidValue(
            [...path, '$now'],
            'expected an ISO 8601 duration from asOf such as "-P30D", "P1M" or "PT0S"',
            raw['$now'],
          ),
        );
        return undefined;
      }
      s.requires.add('asOf');
      return { kind: 'now', duration: d };
    }
    const name = raw['$ref'];
    const refType =
      typeof name === 'string' && Object.prototype.hasOwnProperty.call(CONDITION_REFS, name)
        ? CONDITION_REFS[name]
        : undefined;
    if (refType === undefined) {
      s.issues.push(
        crmIssue.unknownName('unknown_reference', [...path, '$ref'], 'reference', name, Object.keys(CONDITION_REFS)),
      );
      return undefined;
    }
    if (refType === 'list' || !allowScalarRef) {
      s.issues.push(
        crmIssue.invalidValue(
          [...path, '$ref'],
          `'${String(name)}' cannot stand here (a list reference goes as the whole value of in / notIn)`,
          name,
        ),
      );
      return undefined;
    }
    if (type !== 'text' && type !== 'custom' && type !== 'list')
      return bad('a literal (text references need a text field)');
    s.requires.add('user');
    return { kind: 'ref', name: name as string };
  }
  switch (type) {
    case 'text':
    case 'list': {
      if (typeof raw !== 'string') return bad('a string');
      const t = textIssue(raw, path);
      if (t !== null) return void s.issues.push(t);
      return { kind: 'literal', value: raw };
    }
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw)
        ? { kind: 'literal', value: raw === 0 ? 0 : raw }
        : bad('a finite number');
    case 'boolean':
      return typeof raw === 'boolean' ? { kind: 'literal', value: raw } : bad('a boolean');
    case 'date': {
      const t =
        raw instanceof Date
          ? raw.getTime()
          : typeof raw === 'string' && raw.length <= 64
            ? parseIsoInstant(raw)
            : Number.NaN;
      if (!Number.isFinite(t)) {
        s.issues.push(crmIssue.invalidDate(path, raw));
        return undefined;
      }
      return { kind: 'literal', value: t };
    }
    case 'money': {
      if (isRecord(raw)) {
        const extra = Object.keys(raw).filter((k) => k !== 'amount' && k !== 'currency');
        if (extra.length > 0) return void s.issues.push(crmIssue.unrecognizedKeys(path, extra, ['amount', 'currency']));
        const amount = canonicalDecimal(raw['amount']);
        if (amount === null)
          return void s.issues.push(
            crmIssue.of(
              'invalid_amount',
              [...path, 'amount'],
              `expected a decimal amount such as "1200.50"; received ${quoteValue(raw['amount'])}`,
            ),
          );
        if (!isCurrencyCode(raw['currency']))
          return void s.issues.push(
            crmIssue.of(
              'invalid_currency',
              [...path, 'currency'],
              `expected an ISO 4217 currency code; received ${quoteValue(raw['currency'])}`,
            ),
          );
        return { kind: 'literal', value: { amount, currency: raw['currency'] } };
      }
      const amount = canonicalDecimal(raw);
      if (amount === null)
        return void s.issues.push(
          crmIssue.of(
            'invalid_amount',
            path,
            `'${field}' (money) needs a decimal amount as a string (e.g. "1200.50"), a safe integer or { amount, currency }; received ${quoteValue(raw)}`,
          ),
        );
      return { kind: 'literal', value: { amount, currency: null } };
    }
    case 'custom': {
      if (raw instanceof Date) {
        const t = raw.getTime();
        return Number.isFinite(t)
          ? { kind: 'literal', value: raw.toISOString() }
          : void s.issues.push(crmIssue.invalidDate(path, raw));
      }
      if (typeof raw === 'string') {
        const t = textIssue(raw, path);
        return t === null ? { kind: 'literal', value: raw } : void s.issues.push(t);
      }
      if (typeof raw === 'boolean') return { kind: 'literal', value: raw };
      if (typeof raw === 'number' && Number.isFinite(raw)) return { kind: 'literal', value: raw === 0 ? 0 : raw };
      return bad('a string, finite number, boolean or Date');
    }
    case 'json':
      return bad('no value (structured fields take isNull only)');
  }
}

function validateField(s: State, json: Record<string, unknown>, path: readonly PathSegment[]): Node | undefined {
  const extra = Object.keys(json).filter((k) => k !== 'field' && k !== 'op' && k !== 'value');
  if (extra.length > 0) {
    s.issues.push(crmIssue.unrecognizedKeys(path, extra, FIELD_KEYS));
    return undefined;
  }
  const { field, op, value } = json;
  if (typeof field !== 'string') {
    s.issues.push(crmIssue.invalidType([...path, 'field'], 'a field name', field));
    return undefined;
  }
  const type = field.length > 200 ? null : fieldTypeIn(s.catalog, field);
  if (type === null) {
    s.issues.push(
      crmIssue.unknownName(
        'unknown_field',
        [...path, 'field'],
        `field of ${s.catalog.name}`,
        field,
        knownFields(s.catalog),
      ),
    );
    return undefined;
  }
  if (typeof op !== 'string' || !(CONDITION_OPERATORS as readonly string[]).includes(op)) {
    s.issues.push(crmIssue.unknownName('unknown_operator', [...path, 'op'], 'operator', op, CONDITION_OPERATORS));
    return undefined;
  }
  const allowed = OPS_BY_TYPE[type];
  if (!(allowed as readonly string[]).includes(op)) {
    s.issues.push(
      crmIssue.of(
        'unknown_operator',
        [...path, 'op'],
        `operator '${op}' does not apply to '${field}' (${type}); allowed: ${allowed.join(', ')}`,
      ),
    );
    return undefined;
  }
  const o = op as ConditionOperator;
  const vpath = [...path, 'value'];
  const allowedValues =
    type === 'text' && s.catalog.values !== undefined && Object.prototype.hasOwnProperty.call(s.catalog.values, field)
      ? s.catalog.values[field]
      : undefined;
  if (allowedValues !== undefined && (o === 'eq' || o === 'neq' || o === 'in' || o === 'notIn')) {
    const listed = Array.isArray(value) ? value : [value];
    listed.forEach((v: unknown, i) => {
      if (typeof v === 'string' && !allowedValues.includes(v))
        s.issues.push(
          crmIssue.invalidValue(
            Array.isArray(value) ? [...vpath, i] : vpath,
            `'${field}' takes one of its enumerated values`,
            v,
            allowedValues,
          ),
        );
    });
  }
  const node = (operand: Operand): Node => ({ kind: 'field', path, field, type, op: o, operand });
  if (!('value' in json)) {
    s.issues.push(crmIssue.invalidType(vpath, `a value for '${o}'`, undefined));
    return undefined;
  }
  switch (o) {
    case 'isNull':
      if (typeof value !== 'boolean') {
        s.issues.push(crmIssue.invalidType(vpath, 'true (the field is null) or false (the field is set)', value));
        return undefined;
      }
      return node({ kind: 'flag', value });
    case 'in':
    case 'notIn': {
      if (isRecord(value) && '$ref' in value && Object.keys(value).length === 1) {
        const name = value['$ref'];
        if (
          typeof name !== 'string' ||
          CONDITION_REFS[name] !== 'list' ||
          !Object.prototype.hasOwnProperty.call(CONDITION_REFS, name)
        ) {
          const lists = Object.keys(CONDITION_REFS).filter((k) => CONDITION_REFS[k] === 'list');
          s.issues.push(crmIssue.unknownName('unknown_reference', [...vpath, '$ref'], 'list reference', name, lists));
          return undefined;
        }
        if (type !== 'text' && type !== 'custom') {
          s.issues.push(crmIssue.invalidValue(vpath, `a list reference holds text; '${field}' is ${type}`, value));
          return undefined;
        }
        s.requires.add('user');
        return node({ kind: 'refList', name });
      }
      if (!Array.isArray(value)) {
        s.issues.push(
          crmIssue.invalidType(
            vpath,
            `an array of at most ${MAX_LIST_VALUES} values, or { $ref: 'user.teamIds' }`,
            value,
          ),
        );
        return undefined;
      }
      if (value.length > MAX_LIST_VALUES) {
        s.issues.push(crmIssue.tooBig(vpath, `'${o}' lists`, MAX_LIST_VALUES, true, `${value.length} values`));
        return undefined;
      }
      const values: ValueSpec[] = [];
      let good = true;
      for (let i = 0; i < value.length; i++) {
        if (value[i] === null || value[i] === undefined) {
          s.issues.push(
            crmIssue.invalidType([...vpath, i], `a value (null never equals anything: use { op: 'isNull' })`, value[i]),
          );
          good = false;
          continue;
        }
        const v = valueSpec(s, type, field, value[i], [...vpath, i], true);
        if (v === undefined) good = false;
        else values.push(v);
      }
      return good ? node({ kind: 'many', values }) : undefined;
    }
    case 'between': {
      if (!Array.isArray(value) || value.length !== 2) {
        s.issues.push(crmIssue.invalidType(vpath, '[low, high] (both ends included)', value));
        return undefined;
      }
      const low = valueSpec(s, type, field, value[0], [...vpath, 0], true);
      const high = valueSpec(s, type, field, value[1], [...vpath, 1], true);
      if (low === undefined || high === undefined) return undefined;
      if (low.kind === 'literal' && high.kind === 'literal' && compareLiterals(low.value, high.value) > 0) {
        s.issues.push(crmIssue.of('out_of_order', vpath, `between needs low ≤ high; received ${quoteValue(value)}`));
        return undefined;
      }
      return node({ kind: 'range', low, high });
    }
    case 'matches': {
      if (typeof value !== 'string') {
        s.issues.push(crmIssue.invalidType(vpath, 'a pattern string (* any run, ? one character)', value));
        return undefined;
      }
      const t = textIssue(value, vpath, MAX_PATTERN_LENGTH);
      if (t !== null) return void s.issues.push(t);
      return node({ kind: 'one', value: { kind: 'literal', value } });
    }
    case 'contains':
    case 'startsWith': {
      if (value === null) {
        s.issues.push(crmIssue.invalidType(vpath, `a value for '${o}'`, value));
        return undefined;
      }
      if (o === 'startsWith' || type === 'text' || type === 'list') {
        const v = valueSpec(s, type === 'list' ? 'list' : type === 'custom' ? 'text' : type, field, value, vpath, true);
        return v === undefined ? undefined : node({ kind: 'one', value: v });
      }
      // custom contains: text (substring) or a scalar (membership in a list)
      const v = valueSpec(s, 'custom', field, value, vpath, true);
      return v === undefined ? undefined : node({ kind: 'one', value: v });
    }
    default: {
      if (value === null && (o === 'eq' || o === 'neq')) return node({ kind: 'flag', value: o === 'eq' });
      if (value === null) {
        s.issues.push(crmIssue.invalidType(vpath, `a value ('${o}' never holds for null: use isNull)`, value));
        return undefined;
      }
      const v = valueSpec(s, type, field, value, vpath, o === 'eq' || o === 'neq');
      return v === undefined ? undefined : node({ kind: 'one', value: v });
    }
  }
}

/** Orders two literals of one field type (for `between` checks); money compares amounts. */
function compareLiterals(a: Scalar, b: Scalar): number {
  if (typeof a === 'object' && typeof b === 'object') return compareDecimal(a.amount, b.amount);
  if (typeof a === 'string' && typeof b === 'string') return compareText(a, b);
  if (typeof a !== typeof b || typeof a === 'object' || typeof b === 'object') return 0; // custom values of two types: never both match
  return a < b ? -1 : a > b ? 1 : 0;
}

function validateNode(s: State, json: unknown, path: readonly PathSegment[], depth: number): Node | undefined {
  if (s.issues.full) return undefined;
  if (depth > MAX_CONDITION_DEPTH) {
    s.issues.push(crmIssue.tooDeep(path, 'Conditions', MAX_CONDITION_DEPTH));
    return undefined;
  }
  if (++s.nodes > MAX_CONDITION_NODES) {
    if (s.nodes === MAX_CONDITION_NODES + 1)
      s.issues.push(crmIssue.tooBig(path, 'the number of tests and combinators', MAX_CONDITION_NODES, true, 'more'));
    return undefined;
  }
  if (!isRecord(json)) {
    s.issues.push(
      crmIssue.invalidType(
        path,
        'a condition: { field, op, value }, { all: [...] }, { any: [...] }, { not: ... } or an extension test',
        json,
      ),
    );
    return undefined;
  }
  const keys = Object.keys(json);
  const combinator = COMBINATORS.find((k) => keys.includes(k));
  if (combinator !== undefined) {
    if (keys.length !== 1) {
      s.issues.push(
        crmIssue.unrecognizedKeys(
          path,
          keys.filter((k) => k !== combinator),
          [combinator],
        ),
      );
      return undefined;
    }
    if (combinator === 'not') {
      const part = validateNode(s, json['not'], [...path, 'not'], depth + 1);
      return part === undefined ? undefined : { kind: 'not', path, part };
    }
    const list = json[combinator];
    if (!Array.isArray(list)) {
      s.issues.push(crmIssue.invalidType([...path, combinator], 'an array of conditions', list));
      return undefined;
    }
    const parts: Node[] = [];
    let good = true;
    for (let i = 0; i < list.length; i++) {
      if (s.issues.full) return undefined;
      const p = validateNode(s, list[i], [...path, combinator, i], depth + 1);
      if (p === undefined) good = false;
      else parts.push(p);
    }
    return good ? { kind: combinator, path, parts } : undefined;
  }
  if (keys.includes('field')) return validateField(s, json, path);
  const marks = keys.filter((k) => s.extensions.has(k));
  if (marks.length !== 1) {
    if (marks.length > 1)
      s.issues.push(crmIssue.invalidValue(path, `a test has one kind; it names ${marks.join(' and ')}`, keys));
    else {
      const known = [...s.extensions.keys()];
      s.issues.push(
        crmIssue.unknownName(
          'unknown_extension',
          keys.length === 1 ? [...path, keys[0]!] : path,
          'kind of test',
          keys.length === 1 ? keys[0] : keys.join(', '),
          ['field', 'all', 'any', 'not', ...known],
        ),
      );
    }
    return undefined;
  }
  const ext = s.extensions.get(marks[0]!)!;
  const allowed = [ext.key, ...ext.options];
  const extra = keys.filter((k) => !allowed.includes(k));
  if (extra.length > 0) {
    s.issues.push(crmIssue.unrecognizedKeys(path, extra, allowed));
    return undefined;
  }
  const tools: ExtensionTools = {
    catalog: s.catalog,
    nested: (inner, catalog, innerPath) => {
      const cat = typeof catalog === 'string' ? entityCatalog(catalog) : catalog;
      if (cat === undefined)
        return [crmIssue.invalidValue(path, 'unknown entity kind for a nested condition', catalog)];
      const sub: State = {
        catalog: cat,
        extensions: new Map(),
        issues: new IssueList(),
        requires: s.requires,
        used: s.used,
        nodes: s.nodes,
      };
      validateNode(sub, inner, innerPath, depth + 1);
      s.nodes = sub.nodes;
      return sub.issues.items;
    },
  };
  let found: readonly CrmIssue[];
  try {
    found = ext.validate(json, tools);
  } catch (e) {
    found = [
      crmIssue.of(
        'custom',
        [],
        `extension '${ext.key}' failed to validate the test: ${e instanceof Error ? e.message : quoteValue(e)}`,
      ),
    ];
  }
  if (!Array.isArray(found)) found = [crmIssue.of('custom', [], `extension '${ext.key}' returned no issue list`)];
  if (found.length > 0) {
    for (const i of found) s.issues.push({ ...i, path: [...path, ...i.path] });
    return undefined;
  }
  s.used.add(ext);
  for (const r of ext.reads) s.requires.add(r);
  return { kind: 'extension', path, extension: ext, test: json };
}

/** Copies validated JSON: plain objects and arrays copied, Dates cloned, the rest as is; frozen. */
function copyJson(v: unknown): unknown {
  if (Array.isArray(v)) return Object.freeze(v.map(copyJson));
  if (v instanceof Date) return new Date(v.getTime());
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v))
      Object.defineProperty(out, k, { value: copyJson((v as Record<string, unknown>)[k]), enumerable: true });
    return Object.freeze(out);
  }
  return v;
}

function checkExtensions(list: unknown): { map: Map<string, ConditionExtension>; issues: CrmIssue[] } {
  const map = new Map<string, ConditionExtension>();
  const issues: CrmIssue[] = [];
  if (list === undefined || list === null) return { map, issues };
  if (!Array.isArray(list))
    return { map, issues: [crmIssue.invalidType(['extensions'], 'an array of condition extensions', list)] };
  list.forEach((e: unknown, i) => {
    const p = ['extensions', i];
    if (!isRecord(e) && !(typeof e === 'object' && e !== null))
      return void issues.push(crmIssue.invalidType(p, 'a ConditionExtension', e));
    const x = e as Partial<ConditionExtension>;
    if (typeof x.key !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(x.key))
      return void issues.push(
        crmIssue.invalidValue([...p, 'key'], 'an extension key is a name of letters, digits and _', x.key),
      );
    if (RESERVED_KEYS.has(x.key))
      return void issues.push(
        crmIssue.invalidValue([...p, 'key'], `'${x.key}' belongs to the grammar`, x.key, [...RESERVED_KEYS]),
      );
    if (map.has(x.key)) return void issues.push(crmIssue.duplicate([...p, 'key'], 'extension key', x.key));
    if (!Array.isArray(x.options) || !x.options.every((o) => typeof o === 'string' && !MARK_KEYS.has(o) && o !== x.key))
      return void issues.push(
        crmIssue.invalidType([...p, 'options'], 'an array of the other key names a test may have', x.options),
      );
    const reads = ['asOf', 'user', 'activities', 'previous', 'measures', 'data'];
    if (!Array.isArray(x.reads) || !x.reads.every((r) => reads.includes(r as string)))
      return void issues.push(
        crmIssue.invalidValue([...p, 'reads'], 'the context fields the extension reads', x.reads, reads),
      );
    if (typeof x.validate !== 'function' || typeof x.compile !== 'function')
      return void issues.push(crmIssue.invalidType(p, 'an extension with validate() and compile()', e));
    map.set(x.key, e as ConditionExtension);
  });
  return { map, issues };
}

/**
 * Validates a condition written as JSON against the fields of a kind of record and the extensions it may
 * use. Every problem is reported at once (at most 100), each with its path into the JSON and a typed
 * code: an unknown operator (`unknown_operator`), field (`unknown_field`), extension
 * (`unknown_extension`) or `$ref` (`unknown_reference`), a value of the wrong type (`invalid_type`,
 * `invalid_date`, `invalid_amount`), text with NUL or a lone surrogate (`invalid_format`), nesting deeper
 * than {@link MAX_CONDITION_DEPTH} (`too_deep`), lists, patterns or conditions past their limits
 * (`too_big`), unknown keys (`unrecognized_keys`). Field names are the catalog's (never an
 * `Object.prototype` member such as `constructor`), or `customFields.<key>`.
 *
 * The result remembers the JSON exactly as given (deep-copied and frozen): see {@link conditionToJSON}.
 *
 * @example
 * ```ts
 * const r = defineCondition(
 *   { all: [{ field: 'stageId', op: 'in', value: ['proposal', 'negotiation'] }, { field: 'amount', op: 'gte', value: '10000' }] },
 *   { entity: 'deal' },
 * );
 * r.ok; //=> true
 * defineCondition({ field: 'stage', op: 'eq', value: 'won' }, { entity: 'deal' }).ok; //=> false (unknown_field at ['field'])
 * ```
 */
export function defineCondition<E = never, X = never>(
  json: ConditionJson<E, X> | unknown,
  options: DefineConditionOptions,
): Result<Condition<E, X>> {
  try {
    const optionIssues = checkOptionKeys(options, ['entity', 'extensions'], ['options']);
    if (optionIssues.length > 0) return err(invalidInput('Condition options', optionIssues));
    const entity = (options as DefineConditionOptions | undefined)?.entity;
    const catalog = typeof entity === 'string' ? entityCatalog(entity) : isCatalog(entity) ? entity : undefined;
    if (catalog === undefined)
      return err(
        invalidInput('Condition options', [
          crmIssue.invalidValue(['options', 'entity'], 'expected an entity kind or a FieldCatalog', entity),
        ]),
      );
    const ext = checkExtensions(options.extensions);
    if (ext.issues.length > 0) return err(invalidInput('Condition extensions', ext.issues));
    const s: State = {
      catalog,
      extensions: ext.map,
      issues: new IssueList(),
      requires: new Set(),
      used: new Set(),
      nodes: 0,
    };
    const node = validateNode(s, json, [], 0);
    if (node === undefined || s.issues.count > 0) return err(s.issues.error(`Condition on ${catalog.name}`));
    const condition: Condition<E, X> = Object.freeze({
      catalog,
      json: copyJson(json) as ConditionJson<E, X>,
      extensions: Object.freeze([...s.used].map((e) => e.key)),
      requires: Object.freeze([...s.requires].sort()),
    });
    TREES.set(condition, { node, extensions: Object.freeze([...ext.map.values()]) });
    return ok(condition);
  } catch (e) {
    // A getter or proxy that throws while the input is read: report it, never pass it on.
    return err(
      invalidInput('Condition', [
        crmIssue.of(
          'invalid_type',
          [],
          `the condition could not be read: ${e instanceof Error ? e.message : quoteValue(e)}`,
        ),
      ]),
    );
  }
}

function isCatalog(v: unknown): v is FieldCatalog {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as FieldCatalog).name === 'string' &&
    typeof (v as FieldCatalog).fields === 'object' &&
    (v as FieldCatalog).fields !== null &&
    typeof (v as FieldCatalog).customFields === 'boolean'
  );
}

/**
 * The JSON of a condition, exactly as it was given to {@link defineCondition} (frozen): the round trip
 * `defineCondition(conditionToJSON(c), sameOptions)` gives an equal condition.
 *
 * @example
 * ```ts
 * const json = { field: 'status', op: 'eq', value: 'open' } as const;
 * conditionToJSON(unwrap(defineCondition(json, { entity: 'ticket' }))); //=> { field: 'status', op: 'eq', value: 'open' }
 * ```
 */
export function conditionToJSON<E, X>(condition: Condition<E, X>): ConditionJson<E, X> {
  treeOf(condition);
  return condition.json;
}
