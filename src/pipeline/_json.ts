/**
 * JSON data in definitions (guard params): checked and copied in one linear walk, so that a
 * definition holds only serializable values and shares nothing with its input.
 *
 * @module
 */
import type { PathSegment } from '../core/errors.js';
import { crmIssue, type IssueList } from '../core/issues.js';

/** The deepest nesting guard params may have. */
export const MAX_PARAMS_DEPTH = 16;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of `value` when it is JSON data (null, booleans, finite numbers, strings, plain objects and
 * dense arrays, at most {@link MAX_PARAMS_DEPTH} levels, no shared or circular references); otherwise
 * the issues go to `issues` (at `path`) and `undefined` is returned. Never throws.
 */
export function copyJson(value: unknown, path: readonly PathSegment[], issues: IssueList): unknown {
  const seen = new Set<object>();
  const before = issues.count;
  const walk = (v: unknown, at: PathSegment[], depth: number): unknown => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) issues.push(crmIssue.invalidNumber(at, v));
      return v;
    }
    if (!Array.isArray(v) && !isPlainObject(v)) {
      issues.push(crmIssue.invalidType(at, 'JSON data', typeof v === 'object' ? v : typeof v));
      return undefined;
    }
    if (seen.has(v)) {
      issues.push(crmIssue.of('invalid_value', at, 'a shared or circular reference is not JSON data'));
      return undefined;
    }
    if (depth >= MAX_PARAMS_DEPTH) {
      issues.push(crmIssue.tooDeep(at, 'Guard params', MAX_PARAMS_DEPTH));
      return undefined;
    }
    seen.add(v);
    if (Array.isArray(v)) {
      if (Object.keys(v).length !== v.length) {
        issues.push(crmIssue.of('invalid_value', at, 'a list with holes is not JSON data'));
        return undefined;
      }
      const out = new Array<unknown>(v.length);
      for (let i = 0; i < v.length; i++) out[i] = walk(v[i], [...at, i], depth + 1);
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      if (k === '__proto__') {
        issues.push(crmIssue.of('invalid_key', [...at, k], "the key '__proto__' is not allowed"));
        continue;
      }
      out[k] = walk(v[k], [...at, k], depth + 1);
    }
    return out;
  };
  try {
    const copy = walk(value, [...path], 0);
    return issues.count === before ? copy : undefined;
  } catch {
    issues.push(crmIssue.invalidType([...path], 'readable JSON data', value));
    return undefined;
  }
}
