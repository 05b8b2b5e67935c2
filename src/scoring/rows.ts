/**
 * Shared reading of analyst rows (plain objects): targets and feature columns. Internal.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { quoteValue } from '../_lib/show.js';

/**
 * A feature of a predictive model: a field name (the type is inferred: strings make it categorical,
 * numbers and booleans numeric) or `{ name, type }` to force it.
 *
 * @example
 * ```ts
 * const f: FeatureSpec[] = ['employees', { name: 'industry', type: 'categorical' }];
 * ```
 */
export type FeatureSpec = string | { readonly name: string; readonly type: 'numeric' | 'categorical' };

/** Issues beyond this count are summarized, so a huge bad input does not make a huge error. */
export const MAX_ISSUES = 100;

/**
 * Problems with the shape of a training call: `rows` must be an array of objects (issue path: the
 * row's index) and `options` an object. Checked first, so the rest can read both safely.
 */
export function inputIssues(rows: unknown, options: unknown): CrmIssue[] {
  const issues: CrmIssue[] = [];
  if (options === null || typeof options !== 'object')
    issues.push({
      path: ['options'],
      message: `options must be an object; got ${quoteValue(options)}`,
      code: 'invalid_value',
    });
  if (!Array.isArray(rows)) {
    issues.push({
      path: ['rows'],
      message: `rows must be an array of objects; got ${quoteValue(rows)}`,
      code: 'invalid_type',
    });
    return issues;
  }
  for (let i = 0; i < rows.length && issues.length < MAX_ISSUES; i++) {
    const r: unknown = rows[i];
    if (r === null || typeof r !== 'object')
      issues.push({ path: [i], message: `row ${i} must be an object; got ${quoteValue(r)}`, code: 'invalid_type' });
  }
  return issues;
}

export function readTarget(v: unknown): 0 | 1 | null {
  if (v === true || v === 1) return 1;
  if (v === false || v === 0) return 0;
  return null;
}

export function readTargets(rows: readonly object[], target: string, issues: CrmIssue[]): Uint8Array {
  const y = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const t = readTarget((rows[i] as Record<string, unknown>)[target]);
    if (t === null) {
      if (issues.length < MAX_ISSUES)
        issues.push({
          path: [i, target],
          message: `row ${i}: target '${target}' must be true/false or 1/0; got ${quoteValue((rows[i] as Record<string, unknown>)[target])}`,
          code: 'invalid_value',
        });
    } else y[i] = t;
  }
  return y;
}

export interface ResolvedFeature {
  readonly name: string;
  readonly type: 'numeric' | 'categorical';
}

export function resolveFeatures(
  specs: readonly FeatureSpec[],
  rows: readonly object[],
  issues: CrmIssue[],
): ResolvedFeature[] {
  const out: ResolvedFeature[] = [];
  const seen = new Set<string>();
  specs.forEach((spec, k) => {
    const name = typeof spec === 'string' ? spec : spec?.name;
    if (typeof name !== 'string' || name === '') {
      issues.push({
        path: ['features', k],
        message: 'a feature must be a non-empty field name or { name, type }',
        code: 'invalid_value',
      });
      return;
    }
    if (seen.has(name)) {
      issues.push({ path: ['features', k], message: `feature '${name}' is listed twice`, code: 'duplicate' });
      return;
    }
    seen.add(name);
    if (typeof spec !== 'string') {
      if (spec.type !== 'numeric' && spec.type !== 'categorical') {
        issues.push({
          path: ['features', k, 'type'],
          message: "type must be 'numeric' or 'categorical'",
          code: 'invalid_value',
        });
        return;
      }
      out.push({ name, type: spec.type });
      return;
    }
    let type: 'numeric' | 'categorical' = 'numeric';
    for (const r of rows) {
      const v = (r as Record<string, unknown>)[name];
      if (typeof v === 'string') {
        type = 'categorical';
        break;
      }
      if (typeof v === 'number' || typeof v === 'boolean') break;
    }
    out.push({ name, type });
  });
  return out;
}

/** A numeric feature value, or null when missing or not finite. Booleans count as 1/0. */
export function readNumeric(v: unknown): number | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A categorical feature value as a string level, or null when missing. */
export function readLevel(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return null;
}

export function featureIssue(i: number, f: ResolvedFeature, v: unknown): CrmIssue {
  return {
    path: [i, f.name],
    message:
      f.type === 'numeric'
        ? `row ${i}: numeric feature '${f.name}' must be a finite number (or boolean); got ${quoteValue(v)}`
        : `row ${i}: categorical feature '${f.name}' must be a string, finite number or boolean; got ${quoteValue(v)}`,
    code: 'invalid_value',
  };
}
