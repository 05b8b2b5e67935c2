/**
 * Record values as JSON, for record event payloads (private).
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import type { JsonValue } from './types.js';

/**
 * How deep a value inside a record may nest: a payload holds it three levels down
 * (`changes[i].to`), and an outbox takes payloads of at most 32 levels.
 */
export const MAX_VALUE_DEPTH = 24;

function isPlain(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * A record value as JSON: `undefined` as `null` (dropped as an object member), `-0` as `0`, Dates as ISO-8601
 * strings, arrays and plain objects copied; anything else (NaN, ±Infinity, an invalid Date, a bigint,
 * a symbol, a function, a class instance, nesting deeper than {@link MAX_VALUE_DEPTH}) pushes an issue
 * at `path` and gives `null`.
 */
export function valueToJson(v: unknown, path: readonly PathSegment[], issues: CrmIssue[], depth = 0): JsonValue {
  if (v === undefined || v === null) return null;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      // -0 becomes 0, as JSON writes it.
      if (Number.isFinite(v)) return v === 0 ? 0 : v;
      issues.push(crmIssue.invalidNumber(path, v));
      return null;
    case 'object':
      break;
    default:
      issues.push(crmIssue.invalidType(path, 'a JSON value (or a Date)', v));
      return null;
  }
  if (v instanceof Date) {
    if (!Number.isNaN(v.getTime())) return v.toISOString();
    issues.push(crmIssue.invalidDate(path, v));
    return null;
  }
  if (depth >= MAX_VALUE_DEPTH) {
    issues.push(crmIssue.tooDeep(path, 'record values', MAX_VALUE_DEPTH));
    return null;
  }
  if (Array.isArray(v)) {
    const out: JsonValue[] = [];
    for (let i = 0; i < v.length; i++) out.push(valueToJson(v[i], [...path, i], issues, depth + 1));
    return out;
  }
  if (!isPlain(v)) {
    issues.push(crmIssue.invalidType(path, 'a JSON value (or a Date)', v));
    return null;
  }
  return objectToJson(v as Record<string, unknown>, path, issues, depth);
}

/** A whole record as a JSON object (members holding `undefined` left out). */
export function recordToJson(
  record: Readonly<Record<string, unknown>>,
  path: readonly PathSegment[],
  issues: CrmIssue[],
): { [key: string]: JsonValue } {
  return objectToJson(record, path, issues, 0);
}

function objectToJson(
  v: Readonly<Record<string, unknown>>,
  path: readonly PathSegment[],
  issues: CrmIssue[],
  depth: number,
): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (const k of Object.keys(v)) {
    const x = v[k];
    if (x === undefined) continue;
    // defineProperty: a key named __proto__ stays an own member.
    Object.defineProperty(out, k, {
      value: valueToJson(x, [...path, k], issues, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
