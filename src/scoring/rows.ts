/**
 * Shared reading of analyst rows (plain objects) and of options objects: targets, feature columns, and
 * a safe snapshot of an options argument. Internal.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { MAX_ISSUES, checkOptionKeys, crmIssue } from '../core/issues.js';

/**
 * A feature of a predictive model: a field name (the type is inferred from the first row that has a
 * value: a string makes it categorical, a number or boolean numeric) or `{ name, type }` to force it.
 * A categorical feature may list its `levels` (R's `factor(x, levels = …)`): the first is the reference
 * level, and a value outside the list is an error. Without `levels`, the levels are ordered as R's
 * `factor()` orders them (see `docs/scoring.md`, "Categorical features").
 *
 * @example
 * ```ts
 * const f: FeatureSpec[] = ['employees', { name: 'industry', type: 'categorical' }, { name: 'size', type: 'categorical', levels: ['S', 'M', 'L'] }];
 * ```
 */
export type FeatureSpec =
  | string
  | { readonly name: string; readonly type: 'numeric' }
  | { readonly name: string; readonly type: 'categorical'; readonly levels?: readonly string[] };

/** A feature whose type is known (given or inferred). */
export interface ResolvedFeature {
  readonly name: string;
  readonly type: 'numeric' | 'categorical';
  /** Explicit level order of a categorical feature (first = reference), when given. */
  readonly levels?: readonly string[];
}

/**
 * A plain copy of the allowed keys of an options argument, or the issues that stop it being read:
 * `undefined`/`null` mean no options; anything else must be an object with only `allowed` own keys.
 * A getter or proxy that throws while the options are read is reported as an issue, never thrown.
 */
export function readOptions<K extends string>(
  options: unknown,
  allowed: readonly K[],
  issues: CrmIssue[],
): Partial<Record<K, unknown>> {
  const out: Partial<Record<K, unknown>> = {};
  try {
    const keyIssues = checkOptionKeys(options, allowed, ['options']);
    if (keyIssues.length) {
      issues.push(...keyIssues);
      return out;
    }
    if (options === undefined || options === null) return out;
    const rec = options as Record<string, unknown>;
    for (const k of allowed) if (Object.prototype.hasOwnProperty.call(rec, k)) out[k] = rec[k];
  } catch {
    issues.push(crmIssue.of('invalid_type', ['options'], 'the options could not be read (a getter or proxy threw)'));
  }
  return out;
}

/**
 * Problems with `rows`: it must be an array of objects (issue path: the row's index). Checked first, so
 * the rest can read the rows safely.
 */
export function rowsIssues(rows: unknown, issues: CrmIssue[]): void {
  if (!Array.isArray(rows)) {
    issues.push(crmIssue.invalidType(['rows'], 'an array of row objects', rows));
    return;
  }
  for (let i = 0; i < rows.length && issues.length < MAX_ISSUES; i++) {
    const r: unknown = rows[i];
    if (r === null || typeof r !== 'object') issues.push(crmIssue.invalidType([i], `row ${i} to be an object`, r));
  }
}

/** `true`/`1` → 1, `false`/`0` → 0, anything else null. */
export function readTarget(v: unknown): 0 | 1 | null {
  if (v === true || v === 1) return 1;
  if (v === false || v === 0) return 0;
  return null;
}

/** The issue of an unreadable target in row `i`. */
export function targetIssue(i: number, target: string, raw: unknown): CrmIssue {
  return crmIssue.invalidValue([i, target], `row ${i}: target '${target}' must be true/false or 1/0`, raw);
}

/** A non-empty field name, or null. */
function fieldName(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/**
 * The target option: a non-empty field name (issue at `['target']` otherwise).
 */
export function readTargetOption(v: unknown, issues: CrmIssue[]): string {
  const name = fieldName(v);
  if (name === null) issues.push(crmIssue.invalidType(['target'], 'a non-empty field name', v));
  return name ?? '';
}

/**
 * Resolves the `features` option: names or `{ name, type, levels? }`, no repeats, not the target. A
 * string feature's type is that of the first row holding a string (categorical) or a number or boolean
 * (numeric).
 */
export function resolveFeatures(
  specs: unknown,
  target: string,
  rows: readonly object[],
  issues: CrmIssue[],
): ResolvedFeature[] {
  const out: ResolvedFeature[] = [];
  if (!Array.isArray(specs) || specs.length === 0) {
    issues.push(crmIssue.invalidType(['features'], 'a non-empty array of feature names or { name, type }', specs));
    return out;
  }
  const seen = new Set<string>();
  for (let k = 0; k < specs.length && issues.length < MAX_ISSUES; k++) {
    const spec: unknown = specs[k];
    const isObject = typeof spec === 'object' && spec !== null && !Array.isArray(spec);
    const name = fieldName(isObject ? (spec as Record<string, unknown>)['name'] : spec);
    if (name === null) {
      issues.push(crmIssue.invalidType(['features', k], 'a non-empty field name or { name, type }', spec));
      continue;
    }
    if (seen.has(name)) {
      issues.push(crmIssue.duplicate(['features', k], 'feature', name));
      continue;
    }
    seen.add(name);
    if (name === target) {
      issues.push(crmIssue.invalidValue(['features', k], 'the target cannot also be a feature', name));
      continue;
    }
    if (isObject) {
      const s = spec as Record<string, unknown>;
      const extra = Object.keys(s).filter((key) => key !== 'name' && key !== 'type' && key !== 'levels');
      if (extra.length) issues.push(crmIssue.unrecognizedKeys(['features', k], extra, ['name', 'type', 'levels']));
      const type = s['type'];
      if (type !== 'numeric' && type !== 'categorical') {
        issues.push(
          crmIssue.invalidValue(['features', k, 'type'], 'type must be a feature type', type, [
            'numeric',
            'categorical',
          ]),
        );
        continue;
      }
      if (s['levels'] === undefined) {
        out.push({ name, type });
        continue;
      }
      const levels = s['levels'];
      if (type !== 'categorical') {
        issues.push(crmIssue.invalidValue(['features', k, 'levels'], 'levels are for categorical features', levels));
        continue;
      }
      if (!Array.isArray(levels) || levels.length === 0 || !levels.every((l) => typeof l === 'string')) {
        issues.push(crmIssue.invalidType(['features', k, 'levels'], 'a non-empty array of strings', levels));
        continue;
      }
      const distinct = new Set<string>(levels as string[]);
      if (distinct.size !== levels.length) {
        const dup = (levels as string[]).find((l, i) => (levels as string[]).indexOf(l) !== i);
        issues.push(crmIssue.duplicate(['features', k, 'levels'], 'level', dup));
        continue;
      }
      out.push({ name, type, levels: Object.freeze([...(levels as string[])]) });
      continue;
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
  }
  return out;
}

/** A numeric feature value, or null when missing or not finite. Booleans count as 1/0. */
export function readNumeric(v: unknown): number | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A categorical feature value as a string level, or null when missing or not a string, finite number or boolean. */
export function readLevel(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return null;
}

/** The issue of an unreadable feature value in row `i`. */
export function featureIssue(i: number, f: ResolvedFeature, v: unknown): CrmIssue {
  if (f.type === 'numeric')
    return crmIssue.invalidValue(
      [i, f.name],
      `row ${i}: numeric feature '${f.name}' must be a finite number or boolean`,
      v,
    );
  if (f.levels !== undefined && readLevel(v) !== null)
    return crmIssue.invalidValue(
      [i, f.name],
      `row ${i}: categorical feature '${f.name}' must be one of its levels`,
      v,
      f.levels.length > 20 ? [...f.levels.slice(0, 20), '…'] : f.levels,
    );
  return crmIssue.invalidValue(
    [i, f.name],
    `row ${i}: categorical feature '${f.name}' must be a string, finite number or boolean`,
    v,
  );
}

/** `value` is a positive safe integer, else an issue at `[key]`. */
export function positiveIntegerOption(key: string, value: unknown, fallback: number, issues: CrmIssue[]): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return value;
  issues.push(crmIssue.invalidValue([key], `${key} must be a positive integer`, value));
  return fallback;
}
