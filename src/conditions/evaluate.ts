/**
 * Evaluation: a bound condition compiled into a predicate over records (the reference semantics every
 * store follows), `evaluateCondition`, `compileCondition` for hot loops, and `explainCondition`.
 *
 * @module
 */
import { parseIsoInstant } from '../core/dates.js';
import { showValue } from '../_lib/show.js';
import type { PathSegment } from '../core/errors.js';
import { bindCondition, contextError, type BoundFieldTest, type BoundNode } from './bind.js';
import { defineCondition, treeOf, type Condition, type MoneyScalar, type Scalar } from './define.js';
import { entityCatalog, type FieldCatalog, type ResolvedFieldType } from './catalog.js';
import type { ExtensionCompileTools, ExtensionOutcome } from './extension.js';
import type { ConditionContext } from './types.js';
import { compareDecimal, compareText, foldCase, globMatch } from './values.js';

type Pred = (record: unknown, context: ConditionContext) => boolean;
/** A predicate in {@link CONTEXT_FREE}: it reads the record only. */
type FreePred = (record: unknown) => boolean;

function hasOwn(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/** A reader of one field: a top-level key, a dotted path, or `customFields.<key>` (own properties only). */
export function fieldReader(field: string, type: ResolvedFieldType): (record: unknown) => unknown {
  if (type === 'custom') {
    // Custom fields are data: only own keys count (a value inherited from a prototype is not stored by
    // any database), and arrays on the way are not objects to read into.
    const keys = field.slice('customFields.'.length).split('.');
    const asText = (v: unknown) =>
      v instanceof Date ? (Number.isFinite(v.getTime()) ? v.toISOString() : undefined) : v;
    if (keys.length === 1) {
      const key = keys[0]!;
      return (r) => {
        const cf = r !== null && typeof r === 'object' ? (r as { customFields?: unknown }).customFields : undefined;
        if (cf === null || typeof cf !== 'object' || Array.isArray(cf)) return undefined;
        const v = (cf as Record<string, unknown>)[key];
        if (v === undefined || !hasOwn(cf, key)) return undefined;
        return typeof v === 'object' && v !== null ? asText(v) : v;
      };
    }
    return (r) => {
      let v: unknown = r !== null && typeof r === 'object' ? (r as { customFields?: unknown }).customFields : undefined;
      for (const key of keys) {
        if (v === null || typeof v !== 'object' || Array.isArray(v) || !hasOwn(v, key)) return undefined;
        v = (v as Record<string, unknown>)[key];
      }
      return asText(v);
    };
  }
  // A catalog field name is never an Object.prototype member (isFieldName), so a plain read cannot reach
  // an inherited built-in; it does see a getter of a class instance, as a host's record may have.
  const parts = field.split('.');
  if (parts.length === 1)
    return (r) => (r !== null && typeof r === 'object' ? (r as Record<string, unknown>)[field] : undefined);
  return (r) => {
    let v: unknown = r;
    for (const p of parts) {
      if (v === null || typeof v !== 'object') return undefined;
      v = (v as Record<string, unknown>)[p];
    }
    return v;
  };
}

/** Epoch milliseconds of a date value (a Date, an ISO string or a number), or NaN. */
export function instantOf(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string') return parseIsoInstant(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : Number.NaN;
  return Number.NaN;
}

function isMoney(v: unknown): v is { readonly amount: string; readonly currency: unknown } {
  return v !== null && typeof v === 'object' && typeof (v as { amount?: unknown }).amount === 'string';
}

/** Orders a record's value against a bound value of one field type; `null` when they do not compare. */
export function compareToValue(type: ResolvedFieldType, x: unknown, v: Scalar): number | null {
  switch (type) {
    case 'text':
      return typeof x === 'string' ? compareText(x, v as string) : null;
    case 'number':
      return typeof x === 'number' && Number.isFinite(x) ? (x < (v as number) ? -1 : x > (v as number) ? 1 : 0) : null;
    case 'boolean':
      return typeof x === 'boolean' ? (x === v ? 0 : x ? 1 : -1) : null;
    case 'date': {
      const t = instantOf(x);
      return Number.isFinite(t) ? (t < (v as number) ? -1 : t > (v as number) ? 1 : 0) : null;
    }
    case 'money': {
      const m = v as MoneyScalar;
      if (!isMoney(x) || (m.currency !== null && x.currency !== m.currency)) return null;
      return compareDecimal(x.amount, m.amount);
    }
    case 'custom':
      if (typeof x !== typeof v) return null;
      if (typeof x === 'string') return compareText(x, v as string);
      if (typeof x === 'number')
        return Number.isFinite(x) ? (x < (v as number) ? -1 : x > (v as number) ? 1 : 0) : null;
      if (typeof x === 'boolean') return x === v ? 0 : x ? 1 : -1;
      return null;
    default:
      return null;
  }
}

/** Whether a list element equals a (folded) needle: strings compare folded, other scalars exactly. */
function elementMatches(e: unknown, needle: Scalar): boolean {
  return typeof e === 'string' ? typeof needle === 'string' && foldCase(e) === needle : e === needle;
}

/** The test of a bound field node as a function of the field's value. */
export function valueTest(t: BoundFieldTest): (x: unknown) => boolean {
  const type = t.type;
  switch (t.op) {
    case 'isNull': {
      const want = t.value;
      return (x) => (x === null || x === undefined) === want;
    }
    case 'eq':
    case 'neq': {
      const v = t.value;
      let eq: (x: unknown) => boolean;
      if (type === 'text' || type === 'boolean' || type === 'custom') eq = (x) => x === v;
      else if (type === 'number') eq = (x) => x === v;
      else eq = (x) => compareToValue(type, x, v) === 0;
      return t.op === 'eq' ? eq : (x) => !eq(x);
    }
    case 'in':
    case 'notIn': {
      const values = t.values;
      let has: (x: unknown) => boolean;
      if (type === 'text' || type === 'boolean' || type === 'custom' || type === 'number') {
        const set = new Set<unknown>(values);
        has = (x) => set.has(x);
      } else if (type === 'date') {
        const set = new Set<unknown>(values);
        has = (x) => set.has(instantOf(x));
      } else has = (x) => values.some((v) => compareToValue(type, x, v) === 0);
      return t.op === 'in' ? has : (x) => !has(x);
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const v = t.value;
      const op = t.op;
      // Only finite numbers compare, as in compareToValue: ±Infinity is no stored value in any store.
      if (type === 'number')
        return op === 'gt'
          ? (x) => Number.isFinite(x) && (x as number) > (v as number)
          : op === 'gte'
            ? (x) => Number.isFinite(x) && (x as number) >= (v as number)
            : op === 'lt'
              ? (x) => Number.isFinite(x) && (x as number) < (v as number)
              : (x) => Number.isFinite(x) && (x as number) <= (v as number);
      if (type === 'date') {
        const ms = v as number;
        return op === 'gt'
          ? (x) => instantOf(x) > ms
          : op === 'gte'
            ? (x) => instantOf(x) >= ms
            : op === 'lt'
              ? (x) => instantOf(x) < ms
              : (x) => instantOf(x) <= ms;
      }
      return (x) => {
        const c = compareToValue(type, x, v);
        if (c === null) return false;
        return op === 'gt' ? c > 0 : op === 'gte' ? c >= 0 : op === 'lt' ? c < 0 : c <= 0;
      };
    }
    case 'between': {
      const { low, high } = t;
      if ((type === 'number' || type === 'custom') && typeof low === 'number' && typeof high === 'number')
        return (x) => typeof x === 'number' && x >= low && x <= high;
      if (type === 'date') {
        const lo = low as number,
          hi = high as number;
        return (x) => {
          const ms = instantOf(x);
          return ms >= lo && ms <= hi;
        };
      }
      return (x) => {
        const a = compareToValue(type, x, low);
        if (a === null || a < 0) return false;
        const b = compareToValue(type, x, high);
        return b !== null && b <= 0;
      };
    }
    case 'contains': {
      const needle = t.value;
      if (type === 'list') return (x) => Array.isArray(x) && x.some((e) => elementMatches(e, needle));
      if (type === 'text') return (x) => typeof x === 'string' && foldCase(x).includes(needle as string);
      // custom: a substring of text, or an element of a list
      return (x) => {
        if (typeof x === 'string') return typeof needle === 'string' && foldCase(x).includes(needle);
        return Array.isArray(x) && x.some((e) => elementMatches(e, needle));
      };
    }
    case 'startsWith': {
      const prefix = t.value as string;
      return (x) => typeof x === 'string' && foldCase(x).startsWith(prefix);
    }
    case 'matches': {
      const pattern = t.value;
      return (x) => typeof x === 'string' && globMatch(foldCase(x), pattern);
    }
  }
}

function catalogOf(c: string | FieldCatalog): FieldCatalog {
  const cat = typeof c === 'string' ? entityCatalog(c) : c;
  if (cat === undefined) throw contextError(['catalog'], 'an entity kind or a FieldCatalog', c);
  return cat;
}

function compileTools(catalog: FieldCatalog): ExtensionCompileTools {
  return {
    catalog,
    nested(json, cat) {
      return nestedPredicate(json, catalogOf(cat));
    },
  };
}

/**
 * A predicate for a condition nested in an extension test (already validated with it). A nested
 * condition that reads nothing from the context (no `$now`, no `$ref`) is bound and compiled once;
 * one that does is bound per context, as the context may differ from call to call (the last context's
 * predicate is kept: a pass over records uses one context throughout).
 */
function nestedPredicate(json: unknown, catalog: FieldCatalog): Pred {
  const defined = defineCondition(json, { entity: catalog });
  if (!defined.ok) throw defined.error;
  const r = defined.value;
  if (r.requires.length === 0) return compileBound(bindCondition(r, EMPTY_CONTEXT), catalog);
  const cache = new WeakMap<object, Pred>();
  // (This predicate lives as long as the compiled condition it belongs to, so the reference is short-lived.)
  let lastKey: object | undefined;
  let lastP: Pred = () => false;
  return (record, context) => {
    const key = (context ?? EMPTY_CONTEXT) as object;
    if (key !== lastKey) {
      let p = cache.get(key);
      if (p === undefined) cache.set(key, (p = compileBound(bindCondition(r, context), catalog)));
      lastKey = key;
      lastP = p;
    }
    return lastP(record, context);
  };
}

/** The fused predicates ({@link fusedFieldTest}): they take the record only. */
const CONTEXT_FREE = /* @__PURE__ */ new WeakSet<Pred>();

/**
 * The commonest tests on a top-level field, read and tested in one closure (the hot loops of a store's
 * filter): equality and order on text, numbers and instants. `null` when no fast form applies.
 */
function fusedFieldTest(t: BoundFieldTest): Pred | null {
  type Rec = Record<string, unknown>;
  const direct = t.type === 'custom' ? customEqualityTest(t) : topLevelTest(t);
  if (direct !== null) return direct;
  let get: (r: unknown) => unknown;
  if (t.type === 'custom') {
    const key = t.field.slice('customFields.'.length);
    if (key.includes('.')) return null;
    get = (r) => {
      const cf = r !== null && typeof r === 'object' ? (r as { customFields?: unknown }).customFields : undefined;
      if (cf === null || typeof cf !== 'object' || Array.isArray(cf)) return undefined;
      const v = (cf as Rec)[key];
      if (v === undefined || !hasOwn(cf, key)) return undefined;
      return v instanceof Date ? (Number.isFinite(v.getTime()) ? v.toISOString() : undefined) : v;
    };
  } else {
    const f = t.field;
    if (f.includes('.')) return null;
    get = (r) => (r !== null && typeof r === 'object' ? (r as Rec)[f] : undefined);
  }
  if (t.type === 'custom') {
    const numberTest = customNumberTest(t);
    if (numberTest !== null) return numberTest;
  }
  const numeric = t.type === 'number' || t.type === 'custom';
  // eq / neq, and startsWith / contains on text, are topLevelTest's and customEqualityTest's.
  if ((t.type === 'text' || numeric || t.type === 'boolean') && (t.op === 'in' || t.op === 'notIn')) {
    if (t.values.some((v) => typeof v === 'object')) return null;
    // A short list is faster tested value by value than through a Set (same semantics: the values
    // are finite numbers, text or booleans, so === and SameValueZero agree).
    if (t.values.length === 1) {
      const a = t.values[0];
      return t.op === 'in' ? (r) => get(r) === a : (r) => get(r) !== a;
    }
    if (t.values.length === 2) {
      const a = t.values[0],
        b = t.values[1];
      return t.op === 'in'
        ? (r) => {
            const x = get(r);
            return x === a || x === b;
          }
        : (r) => {
            const x = get(r);
            return x !== a && x !== b;
          };
    }
    const set = new Set<unknown>(t.values);
    return t.op === 'in' ? (r) => set.has(get(r)) : (r) => !set.has(get(r));
  }
  if (numeric && t.op === 'between' && typeof t.low === 'number' && typeof t.high === 'number') {
    const lo = t.low,
      hi = t.high;
    return (r) => {
      const x = get(r);
      return typeof x === 'number' && x >= lo && x <= hi;
    };
  }
  if (numeric && (t.op === 'gt' || t.op === 'gte' || t.op === 'lt' || t.op === 'lte') && typeof t.value === 'number') {
    const v = t.value;
    // One closure per operator: no operator switch in the loop over records. Only finite numbers
    // compare (compareToValue), so ±Infinity never passes.
    switch (t.op) {
      case 'gt':
        return (r) => {
          const x = get(r);
          return typeof x === 'number' && x > v && x !== Infinity;
        };
      case 'gte':
        return (r) => {
          const x = get(r);
          return typeof x === 'number' && x >= v && x !== Infinity;
        };
      case 'lt':
        return (r) => {
          const x = get(r);
          return typeof x === 'number' && x < v && x !== -Infinity;
        };
      default:
        return (r) => {
          const x = get(r);
          return typeof x === 'number' && x <= v && x !== -Infinity;
        };
    }
  }
  if (t.type === 'date' && (t.op === 'gt' || t.op === 'gte' || t.op === 'lt' || t.op === 'lte')) {
    const v = t.value as number;
    // A missing date reads as NaN, which no comparison accepts.
    const ms = (r: unknown): number => {
      const x = get(r);
      return x instanceof Date ? x.getTime() : x === null || x === undefined ? Number.NaN : instantOf(x);
    };
    switch (t.op) {
      case 'gt':
        return (r) => ms(r) > v;
      case 'gte':
        return (r) => ms(r) >= v;
      case 'lt':
        return (r) => ms(r) < v;
      default:
        return (r) => ms(r) <= v;
    }
  }
  return null;
}

/**
 * The commonest tests on a top-level field with the read written into the test's own closure: no call
 * per record to a shared reader (whose call V8 does not always inline; on a million contacts the
 * extra call made an `all` of three tests 1.4× slower). `null` when no such form applies.
 */
function topLevelTest(t: BoundFieldTest): Pred | null {
  type Rec = Record<string, unknown>;
  const f = t.field;
  if (f.includes('.')) return null;
  const plain = t.type === 'text' || t.type === 'number' || t.type === 'boolean';
  if (plain && (t.op === 'eq' || t.op === 'neq')) {
    const v = t.value;
    if (typeof v === 'object') return null;
    return t.op === 'eq'
      ? (r) => (r !== null && typeof r === 'object' ? (r as Rec)[f] : undefined) === v
      : (r) => (r !== null && typeof r === 'object' ? (r as Rec)[f] : undefined) !== v;
  }
  if (plain && (t.op === 'in' || t.op === 'notIn') && t.values.length <= 2) {
    if (t.values.some((v) => typeof v === 'object')) return null;
    const a = t.values[0];
    const b = t.values.length === 2 ? t.values[1] : a;
    return t.op === 'in'
      ? (r) => {
          const x = r !== null && typeof r === 'object' ? (r as Rec)[f] : undefined;
          return x === a || x === b;
        }
      : (r) => {
          const x = r !== null && typeof r === 'object' ? (r as Rec)[f] : undefined;
          return x !== a && x !== b;
        };
  }
  if (t.type === 'text' && (t.op === 'startsWith' || t.op === 'contains') && typeof t.value === 'string') {
    const v = t.value;
    return t.op === 'startsWith'
      ? (r) => {
          const x = r !== null && typeof r === 'object' ? (r as Rec)[f] : undefined;
          return typeof x === 'string' && foldCase(x).startsWith(v);
        }
      : (r) => {
          const x = r !== null && typeof r === 'object' ? (r as Rec)[f] : undefined;
          return typeof x === 'string' && foldCase(x).includes(v);
        };
  }
  return null;
}

/**
 * `eq` / `neq` of text, a number or a boolean on a top-level custom field, in one closure: the value is
 * compared first and own-key checked only when it matches (a Date stored there compares by its ISO
 * text, as the shared reader gives it). `null` when it does not apply.
 */
function customEqualityTest(t: BoundFieldTest): Pred | null {
  if (t.op !== 'eq' && t.op !== 'neq') return null;
  const key = t.field.slice('customFields.'.length);
  const v = t.value;
  if (key.includes('.') || typeof v === 'object') return null;
  const eq = (r: unknown): boolean => {
    const cf = r !== null && typeof r === 'object' ? (r as { customFields?: unknown }).customFields : undefined;
    if (cf === null || typeof cf !== 'object' || Array.isArray(cf)) return false;
    const x = (cf as Record<string, unknown>)[key];
    if (x === v) return hasOwn(cf, key);
    return (
      typeof v === 'string' &&
      x instanceof Date &&
      Number.isFinite(x.getTime()) &&
      x.toISOString() === v &&
      hasOwn(cf, key)
    );
  };
  return t.op === 'eq' ? eq : (r) => !eq(r);
}

/**
 * A number range or order test on a top-level custom field, in one closure: the value is tested first
 * and own-key checked only when it passes (an inherited value is never stored data, and most records
 * fail the test), so the common case costs no `hasOwnProperty` call. `null` when it does not apply.
 */
function customNumberTest(t: BoundFieldTest): Pred | null {
  const key = t.field.slice('customFields.'.length);
  if (key.includes('.')) return null;
  // Only finite numbers compare (compareToValue): the open side of an order test is bounded by the
  // largest finite number, which also keeps a stored ±Infinity out.
  let lo = -Number.MAX_VALUE;
  let hi = Number.MAX_VALUE;
  let open: 'low' | 'high' | 'none' = 'none'; // gt excludes the low bound, lt the high one
  if (t.op === 'between' && typeof t.low === 'number' && typeof t.high === 'number') [lo, hi] = [t.low, t.high];
  else if ((t.op === 'gt' || t.op === 'gte') && typeof t.value === 'number')
    [lo, open] = [t.value, t.op === 'gt' ? 'low' : 'none'];
  else if ((t.op === 'lt' || t.op === 'lte') && typeof t.value === 'number')
    [hi, open] = [t.value, t.op === 'lt' ? 'high' : 'none'];
  else return null;
  const read = (r: unknown): unknown => {
    const cf = r !== null && typeof r === 'object' ? (r as { customFields?: unknown }).customFields : undefined;
    return cf === null || typeof cf !== 'object' || Array.isArray(cf) ? undefined : cf;
  };
  if (open === 'low')
    return (r) => {
      const cf = read(r);
      if (cf === undefined) return false;
      const x = (cf as Record<string, unknown>)[key];
      return typeof x === 'number' && x > lo && x <= hi && hasOwn(cf as object, key);
    };
  if (open === 'high')
    return (r) => {
      const cf = read(r);
      if (cf === undefined) return false;
      const x = (cf as Record<string, unknown>)[key];
      return typeof x === 'number' && x >= lo && x < hi && hasOwn(cf as object, key);
    };
  return (r) => {
    const cf = read(r);
    if (cf === undefined) return false;
    const x = (cf as Record<string, unknown>)[key];
    return typeof x === 'number' && x >= lo && x <= hi && hasOwn(cf as object, key);
  };
}

/** `all` of predicates that read nothing from the context, itself reading nothing from it. */
function contextFreeAll(predicates: readonly Pred[]): Pred {
  const parts = predicates as readonly FreePred[];
  let p: FreePred;
  if (parts.length === 2) {
    const [a, b] = parts as [FreePred, FreePred];
    p = (r) => a(r) && b(r);
  } else if (parts.length === 3) {
    const [a, b, d] = parts as [FreePred, FreePred, FreePred];
    p = (r) => a(r) && b(r) && d(r);
  } else
    p = (r) => {
      for (let i = 0; i < parts.length; i++) if (!parts[i]!(r)) return false;
      return true;
    };
  CONTEXT_FREE.add(p);
  return p;
}

/** `any` of predicates that read nothing from the context, itself reading nothing from it. */
function contextFreeAny(predicates: readonly Pred[]): Pred {
  const parts = predicates as readonly FreePred[];
  let p: FreePred;
  if (parts.length === 2) {
    const [a, b] = parts as [FreePred, FreePred];
    p = (r) => a(r) || b(r);
  } else
    p = (r) => {
      for (let i = 0; i < parts.length; i++) if (parts[i]!(r)) return true;
      return false;
    };
  CONTEXT_FREE.add(p);
  return p;
}

/** Compiles a bound tree into a predicate over records. */
export function compileBound(node: BoundNode, catalog: FieldCatalog): Pred {
  switch (node.kind) {
    case 'const': {
      const v = node.value;
      return () => v;
    }
    case 'field': {
      const fused = fusedFieldTest(node);
      if (fused !== null) {
        CONTEXT_FREE.add(fused);
        return fused;
      }
      const read = fieldReader(node.field, node.type);
      const test = valueTest(node);
      const p: Pred = (r) => test(read(r));
      CONTEXT_FREE.add(p);
      return p;
    }
    case 'not': {
      const inner = compileBound(node.part, catalog);
      if (CONTEXT_FREE.has(inner)) {
        const free = inner as FreePred;
        const p: Pred = (r) => !free(r);
        CONTEXT_FREE.add(p);
        return p;
      }
      return (r, c) => !inner(r, c);
    }
    case 'all': {
      const parts = node.parts.map((p) => compileBound(p, catalog));
      if (parts.length === 1) return parts[0]!;
      // Parts that read nothing from the context make a whole that reads nothing from it: one call
      // less per part and per record.
      if (parts.length > 0 && parts.every((p) => CONTEXT_FREE.has(p))) return contextFreeAll(parts);
      if (parts.length === 2) {
        const [p, q] = parts as [Pred, Pred];
        return (r, c) => p(r, c) && q(r, c);
      }
      if (parts.length === 3) {
        const [p, q, u] = parts as [Pred, Pred, Pred];
        return (r, c) => p(r, c) && q(r, c) && u(r, c);
      }
      return (r, c) => {
        for (let i = 0; i < parts.length; i++) if (!parts[i]!(r, c)) return false;
        return true;
      };
    }
    case 'any': {
      const parts = node.parts.map((p) => compileBound(p, catalog));
      if (parts.length === 1) return parts[0]!;
      if (parts.length > 0 && parts.every((p) => CONTEXT_FREE.has(p))) return contextFreeAny(parts);
      return (r, c) => {
        for (let i = 0; i < parts.length; i++) if (parts[i]!(r, c)) return true;
        return false;
      };
    }
    case 'extension': {
      const p = node.extension.compile(node.test, compileTools(catalog));
      return (r, c) => p.test(r, c) === true;
    }
  }
}

const EMPTY_CONTEXT: ConditionContext = /* @__PURE__ */ Object.freeze({});

/**
 * Compiles a condition for a context into a predicate over records, for hot loops: the context's
 * values are resolved once, and each call reads only the record.
 *
 * @throws CrmError `validation_failed` when the context lacks what the condition needs (`asOf` for
 * `$now`, `user` for `$ref`, …), or `condition` was not made by `defineCondition`.
 * @example
 * ```ts
 * declare const deals: readonly Deal[];
 * const open = compileCondition(unwrap(defineCondition({ field: 'closedAt', op: 'isNull', value: true }, { entity: 'deal' })));
 * deals.filter(open);
 * ```
 */
export function compileCondition<R = unknown, E = never, X = never>(
  condition: Condition<E, X>,
  context: ConditionContext = EMPTY_CONTEXT,
): (record: R) => boolean {
  const bound = bindCondition(condition, context);
  const p = compileBound(bound, condition.catalog);
  // A fused test reads nothing from the context: hand it out as it is, one call less per record.
  if (CONTEXT_FREE.has(p)) return p as (record: R) => boolean;
  return (record) => p(record, context);
}

/**
 * Whether a record satisfies a condition, in a context. Semantics (docs/conditions.md has the table):
 * two-valued logic — a test on a null or missing field is false, except `neq`, `notIn` and
 * `isNull: true`, which are true, so `not` always flips the answer; `all: []` is true and `any: []` false.
 *
 * @throws CrmError `validation_failed` when the context lacks what the condition needs.
 * @example
 * ```ts
 * const c = unwrap(defineCondition({ field: 'amount', op: 'gte', value: '1000' }, { entity: 'deal' }));
 * evaluateCondition(c, { amount: { amount: '2500.00', currency: 'EUR' } }, {}); //=> true
 * ```
 */
export function evaluateCondition<E, X>(
  condition: Condition<E, X>,
  record: unknown,
  context: ConditionContext = EMPTY_CONTEXT,
): boolean {
  return compileCondition(condition, context)(record);
}

/**
 * One part of an explanation: the part of the condition (`path` into its JSON), whether it held
 * (`result`), and for a test the values compared (`actual` is the record's, `expected` what the test
 * asked for, with dates as ISO text and money as `{ amount, currency }`; a missing value, NaN,
 * ±Infinity or an invalid Date shows as `null`).
 *
 * @example
 * ```ts
 * const e: ConditionExplanation = { kind: 'field', path: [], result: true, field: 'stageId', op: 'eq', actual: 'won', expected: 'won', detail: "stageId eq 'won': 'won'" };
 * ```
 */
export interface ConditionExplanation {
  readonly kind: 'all' | 'any' | 'not' | 'const' | 'field' | 'extension';
  readonly path: readonly PathSegment[];
  readonly result: boolean;
  readonly field?: string;
  readonly op?: string;
  readonly actual?: unknown;
  readonly expected?: unknown;
  readonly detail: string;
  readonly parts?: readonly ConditionExplanation[];
}

function display(type: ResolvedFieldType, v: Scalar): unknown {
  return type === 'date' && typeof v === 'number' ? new Date(v).toISOString() : v;
}

/**
 * A record's value as an explanation shows it: Dates as ISO text, and what no field type holds — a
 * missing value, an invalid Date, NaN or ±Infinity — as `null` (an explanation never holds them).
 */
export function displayActual(x: unknown): unknown {
  if (x === undefined) return null;
  if (x instanceof Date) return Number.isFinite(x.getTime()) ? x.toISOString() : null;
  if (typeof x === 'number' && !Number.isFinite(x)) return null;
  return x;
}

function short(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Text of a value for an explanation's detail: bounded, and a list is entered one level only. */
function text(v: unknown, inList = false): string {
  if (typeof v === 'string') return `'${short(v)}'`;
  if (isMoney(v)) return `${short(v.amount)}${typeof v.currency === 'string' ? ` ${short(v.currency)}` : ''}`;
  if (Array.isArray(v) && !inList)
    return `[${v
      .slice(0, 10)
      .map((x) => text(x, true))
      .join(', ')}${v.length > 10 ? ', …' : ''}]`;
  if (v === null || v === undefined) return 'null';
  // A record may hold anything: objects (even without a prototype) are shown, never converted.
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : showValue(v);
}

function expectedOf(t: BoundFieldTest): unknown {
  switch (t.op) {
    case 'in':
    case 'notIn':
      return t.values.map((v) => display(t.type, v));
    case 'between':
      return [display(t.type, t.low), display(t.type, t.high)];
    default:
      return display(t.type, t.value);
  }
}

function explainBound(
  node: BoundNode,
  record: unknown,
  context: ConditionContext,
  catalog: FieldCatalog,
): ConditionExplanation {
  switch (node.kind) {
    case 'const':
      return {
        kind: 'const',
        path: node.path,
        result: node.value,
        detail: `a reference without a value: ${node.value}`,
      };
    case 'field': {
      const actual = fieldReader(node.field, node.type)(record);
      const result = valueTest(node)(actual);
      const expected = expectedOf(node);
      const shown = displayActual(actual);
      return {
        kind: 'field',
        path: node.path,
        result,
        field: node.field,
        op: node.op,
        actual: shown,
        expected,
        detail: `${node.field} ${node.op} ${text(expected)}: the record has ${text(shown)} → ${result}`,
      };
    }
    case 'not': {
      const inner = explainBound(node.part, record, context, catalog);
      return {
        kind: 'not',
        path: node.path,
        result: !inner.result,
        detail: `not: the inner condition is ${inner.result}`,
        parts: [inner],
      };
    }
    case 'all':
    case 'any': {
      const parts = node.parts.map((p) => explainBound(p, record, context, catalog));
      const held = parts.filter((p) => p.result).length;
      const result = node.kind === 'all' ? held === parts.length : held > 0;
      return {
        kind: node.kind,
        path: node.path,
        result,
        detail: `${node.kind}: ${held} of ${parts.length} held`,
        parts,
      };
    }
    case 'extension': {
      const p = node.extension.compile(node.test, compileTools(catalog));
      const o: ExtensionOutcome = p.explain(record, context);
      return {
        kind: 'extension',
        path: node.path,
        result: o.result === true,
        op: node.key,
        ...(o.actual === undefined ? {} : { actual: displayActual(o.actual) }),
        ...(o.expected === undefined ? {} : { expected: displayActual(o.expected) }),
        detail: o.detail,
      };
    }
  }
}

/**
 * Explains how a record fares against a condition: the whole tree, each part with its truth value, and
 * each test with the values compared — the answer to "why is this contact (not) in the segment". Every
 * part is evaluated (no short-circuit); the root's `result` equals {@link evaluateCondition}.
 *
 * @throws CrmError `validation_failed` when the context lacks what the condition needs.
 * @example
 * ```ts
 * const c = unwrap(defineCondition({ all: [{ field: 'stageId', op: 'eq', value: 'won' }, { field: 'amount', op: 'gte', value: '1000' }] }, { entity: 'deal' }));
 * const e = explainCondition(c, { stageId: 'won', amount: { amount: '500.00', currency: 'EUR' } });
 * e.result; //=> false
 * e.parts?.map((p) => p.result); //=> [true, false]
 * ```
 */
export function explainCondition<E, X>(
  condition: Condition<E, X>,
  record: unknown,
  context: ConditionContext = EMPTY_CONTEXT,
): ConditionExplanation {
  treeOf(condition);
  return freezeDeep(explainBound(bindCondition(condition, context), record, context, condition.catalog));
}

function freezeDeep(e: ConditionExplanation): ConditionExplanation {
  if (e.parts !== undefined) for (const p of e.parts) freezeDeep(p);
  if (Array.isArray(e.expected)) Object.freeze(e.expected);
  if (e.parts !== undefined) Object.freeze(e.parts);
  return Object.freeze(e);
}
