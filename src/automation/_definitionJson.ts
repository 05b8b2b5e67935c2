/**
 * Reading a definition that may be hostile into a plain JSON copy: only plain objects, dense arrays,
 * strings, finite numbers, booleans, `null` and valid Dates; bounded depth and size; no keys that name
 * `Object.prototype` machinery.
 *
 * @module
 */
import type { PathSegment } from '../core/errors.js';
import { crmIssue, type IssueList } from '../core/issues.js';

/** Keys refused anywhere in a definition. */
const FORBIDDEN_KEYS: ReadonlySet<string> = /* @__PURE__ */ new Set(['__proto__', 'constructor', 'prototype']);

/** How deep a definition may nest (objects and arrays). */
export const MAX_DEFINITION_DEPTH = 48;
/** How many values (objects, arrays and scalars) a definition may hold. */
export const MAX_DEFINITION_VALUES = 100_000;

interface Budget {
  values: number;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A frozen plain copy of `value`, or `undefined` with issues pushed when it is not JSON data within the
 * limits. Getters run once each (a throwing one is the caller's to catch).
 */
export function readJson(value: unknown, issues: IssueList, path: readonly PathSegment[] = []): unknown {
  const budget: Budget = { values: 0 };
  const before = issues.count;
  const copy = read(value, issues, [...path], 0, budget);
  return issues.count > before ? undefined : copy;
}

function read(v: unknown, issues: IssueList, path: PathSegment[], depth: number, budget: Budget): unknown {
  if (issues.full) return undefined;
  if (++budget.values > MAX_DEFINITION_VALUES) {
    if (budget.values === MAX_DEFINITION_VALUES + 1)
      issues.push(crmIssue.tooBig([...path], 'a definition (values in all)', MAX_DEFINITION_VALUES, true, 'more'));
    return undefined;
  }
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return v;
    issues.push(crmIssue.invalidNumber([...path], v));
    return undefined;
  }
  if (v instanceof Date) {
    if (Number.isFinite(v.getTime())) return new Date(v.getTime());
    issues.push(crmIssue.invalidDate([...path], v));
    return undefined;
  }
  if (typeof v !== 'object') {
    issues.push(crmIssue.invalidType([...path], 'JSON data', v));
    return undefined;
  }
  if (depth >= MAX_DEFINITION_DEPTH) {
    issues.push(crmIssue.tooDeep([...path], 'objects and arrays of a definition', MAX_DEFINITION_DEPTH));
    return undefined;
  }
  if (Array.isArray(v)) {
    const n = v.length;
    if (n > MAX_DEFINITION_VALUES) {
      issues.push(crmIssue.tooBig([...path], 'a list', MAX_DEFINITION_VALUES, true, `${n} elements`));
      return undefined;
    }
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      if (!(i in v)) {
        issues.push(crmIssue.of('invalid_element', [...path, i], 'a list must not have holes'));
        continue;
      }
      path.push(i);
      out.push(read(v[i], issues, path, depth + 1, budget));
      path.pop();
      if (issues.full) break;
    }
    return Object.freeze(out);
  }
  if (!isPlainObject(v)) {
    issues.push(crmIssue.invalidType([...path], 'a plain object (JSON data)', v));
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v)) {
    if (FORBIDDEN_KEYS.has(key)) {
      issues.push(crmIssue.of('invalid_key', [...path, key], `the key '${key}' is not allowed in a definition`));
      continue;
    }
    path.push(key);
    const x = read((v as Record<string, unknown>)[key], issues, path, depth + 1, budget);
    path.pop();
    out[key] = x;
    if (issues.full) break;
  }
  return Object.freeze(out);
}
