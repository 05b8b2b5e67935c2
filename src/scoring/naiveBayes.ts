/**
 * The frequency (naive Bayes) model Odoo CRM uses for lead probability: `fitNaiveBayes`, `predictNaiveBayes`.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { err, fail, ok, type Result } from '../core/result.js';
import { crmIssue, invalidInput, MAX_ISSUES } from '../core/issues.js';
import { deepFreeze } from '../_lib/freeze.js';
import { positiveIntegerOption, readOptions, readTargetOption, rowsIssues, targetIssue } from './rows.js';

/**
 * Options of {@link fitNaiveBayes}. `smoothing` (default 0.1, the constant Odoo adds to every won and
 * lost count) is the additive (Lidstone) pseudo-count; `minWon` / `minLost` (default 5 each) the least
 * numbers of won and lost examples below which fitting reports `insufficient_data`.
 *
 * @example
 * ```ts
 * const o: FitNaiveBayesOptions = { features: ['country', 'source'], target: 'won', smoothing: 1 };
 * ```
 */
export interface FitNaiveBayesOptions {
  readonly features: readonly string[];
  readonly target: string;
  readonly smoothing?: number;
  readonly minWon?: number;
  readonly minLost?: number;
}

/**
 * Options of {@link trainNaiveBayes}.
 *
 * @deprecated Use {@link FitNaiveBayesOptions}.
 * @example
 * ```ts
 * const o: NaiveBayesOptions = { features: ['country'], target: 'won' };
 * ```
 */
export type NaiveBayesOptions = FitNaiveBayesOptions;

const OPTION_KEYS = ['features', 'target', 'smoothing', 'minWon', 'minLost'] as const;

/**
 * A fitted frequency model, plain JSON: per feature, the won and lost counts of every value seen
 * (missing values are the level {@link MISSING_LEVEL}), and the class totals. Every value is an own
 * property of `values`, whatever its name (`'__proto__'`, `'constructor'` and `'toString'` included).
 *
 * @example
 * ```ts
 * const rows = [{ country: 'US', won: true }, { country: 'FR', won: false }];
 * const m: NaiveBayesModel = unwrap(fitNaiveBayes(rows, { features: ['country'], target: 'won', minWon: 1, minLost: 1 }));
 * m.features[0]!.values['US']; //=> { won: 1, lost: 0 }
 * ```
 */
export interface NaiveBayesModel {
  readonly kind: 'naiveBayes';
  readonly target: string;
  readonly smoothing: number;
  readonly won: number;
  readonly lost: number;
  readonly features: readonly {
    readonly name: string;
    readonly values: Readonly<Record<string, { readonly won: number; readonly lost: number }>>;
  }[];
}

/**
 * The level used for a missing feature value (`null`, `undefined` or `NaN`).
 *
 * @example
 * ```ts
 * MISSING_LEVEL; //=> '(missing)'
 * ```
 */
export const MISSING_LEVEL = '(missing)';

/** A feature value as a level: strings, finite numbers and booleans as text; null, undefined and NaN missing; else null (invalid). */
function level(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? MISSING_LEVEL : null;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null || v === undefined) return MISSING_LEVEL;
  return null;
}

function own(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

/**
 * Counts won and lost examples per feature value. Fails with `validation_failed` for bad or unknown
 * options, rows that are not objects, targets that are not true/false/1/0, or feature values that are
 * not a string, number, boolean or missing (each with its row index); with `insufficient_data` when there
 * are fewer than `minWon` won or `minLost` lost rows. Never throws for its input.
 *
 * @example
 * ```ts
 * const rows = [{ country: 'US', won: true }, { country: 'FR', won: false }];
 * fitNaiveBayes(rows, { features: ['country'], target: 'won', minWon: 1, minLost: 1 }).ok; //=> true
 * ```
 */
export function fitNaiveBayes(rows: readonly object[], options: FitNaiveBayesOptions): Result<NaiveBayesModel> {
  const issues: CrmIssue[] = [];
  try {
    const o = readOptions(options, OPTION_KEYS, issues);
    if (issues.length) return err(invalidInput('Naive Bayes options', issues));
    rowsIssues(rows, issues);
    if (issues.length) return err(invalidInput('Naive Bayes rows', issues));
    const target = readTargetOption(o.target, issues);
    let smoothing = 0.1;
    if (o.smoothing !== undefined) {
      if (typeof o.smoothing === 'number' && Number.isFinite(o.smoothing) && o.smoothing > 0) smoothing = o.smoothing;
      else
        issues.push(
          crmIssue.invalidValue(
            ['smoothing'],
            'smoothing must be a positive number (it keeps unseen combinations from giving probability 0)',
            o.smoothing,
          ),
        );
    }
    const minWon = positiveIntegerOption('minWon', o.minWon, 5, issues);
    const minLost = positiveIntegerOption('minLost', o.minLost, 5, issues);
    const features = o.features;
    if (!Array.isArray(features) || features.length === 0)
      issues.push(crmIssue.invalidType(['features'], 'a non-empty array of field names', features));
    else
      features.forEach((f: unknown, k) => {
        if (typeof f !== 'string' || f === '')
          issues.push(crmIssue.invalidType(['features', k], 'a non-empty field name', f));
        else if (features.indexOf(f) !== k) issues.push(crmIssue.duplicate(['features', k], 'feature', f));
        else if (f === target)
          issues.push(crmIssue.invalidValue(['features', k], 'the target cannot also be a feature', f));
      });
    if (issues.length) return err(invalidInput('Naive Bayes options', issues));
    const names = features as readonly string[];
    const n = rows.length;
    const y = new Uint8Array(n);
    const counts = names.map(() => new Map<string, { won: number; lost: number }>());
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const r = rows[i] as Record<string, unknown>;
      const t = r[target];
      if (t === true || t === 1) y[i] = 1;
      else if (t !== false && t !== 0) {
        if (bad++ < MAX_ISSUES) issues.push(targetIssue(i, target, t));
        continue;
      }
      for (let k = 0; k < names.length; k++) {
        const raw = r[names[k]!];
        const l = level(raw);
        if (l === null) {
          if (bad++ < MAX_ISSUES)
            issues.push(
              crmIssue.invalidValue(
                [i, names[k]!],
                `row ${i}: feature '${names[k]!}' must be a string, finite number, boolean, or missing (null, undefined, NaN)`,
                raw,
              ),
            );
          continue;
        }
        const map = counts[k]!;
        let cell = map.get(l);
        if (cell === undefined) map.set(l, (cell = { won: 0, lost: 0 }));
        if (y[i]) cell.won++;
        else cell.lost++;
      }
    }
    if (bad) return err(invalidInput('Naive Bayes training data', issues, bad));
    let won = 0;
    for (let i = 0; i < n; i++) won += y[i]!;
    const lost = n - won;
    if (won < minWon || lost < minLost)
      return fail(
        'insufficient_data',
        `Naive Bayes needs at least ${minWon} won and ${minLost} lost examples; got ${won} won and ${lost} lost`,
        [crmIssue.of('insufficient_data', [target], `won ${won} (min ${minWon}), lost ${lost} (min ${minLost})`)],
      );
    // Object.fromEntries defines own data properties, so a value named '__proto__' stays a value.
    const model: NaiveBayesModel = {
      kind: 'naiveBayes',
      target,
      smoothing,
      won,
      lost,
      features: names.map((name, k) => ({
        name,
        values: Object.fromEntries([...counts[k]!.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      })),
    };
    return ok(deepFreeze(model));
  } catch {
    return fail('validation_failed', 'Naive Bayes input could not be read (a getter or proxy threw)', [
      crmIssue.of('invalid_type', [], 'the rows or options could not be read (a getter or proxy threw)'),
    ]);
  }
}

/**
 * The former name of {@link fitNaiveBayes} (same function).
 *
 * @deprecated Use {@link fitNaiveBayes}: crmkit names the act of estimating a model `fit*` in every module.
 * @example
 * ```ts
 * trainNaiveBayes([{ c: 'a', won: 1 }, { c: 'b', won: 0 }], { features: ['c'], target: 'won', minWon: 1, minLost: 1 }).ok; //=> true
 * ```
 */
export function trainNaiveBayes(rows: readonly object[], options: FitNaiveBayesOptions): Result<NaiveBayesModel> {
  return fitNaiveBayes(rows, options);
}

/**
 * A naive Bayes prediction: the won `probability`, the prior, and per feature the likelihood ratio
 * `P(value | won) / P(value | lost)` (1 and `unseen: true` for a value never seen in training, which
 * is skipped as Odoo does).
 *
 * @example
 * ```ts
 * const p: NaiveBayesPrediction = { probability: 0.7, prior: 0.4, features: [{ feature: 'country', value: 'US', likelihoodRatio: 2.1, unseen: false }] };
 * ```
 */
export interface NaiveBayesPrediction {
  readonly probability: number;
  readonly prior: number;
  readonly features: readonly {
    readonly feature: string;
    readonly value: string;
    readonly likelihoodRatio: number;
    readonly unseen: boolean;
  }[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function count(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** The issues of a value that is not a {@link NaiveBayesModel}. */
function modelIssues(model: unknown): CrmIssue[] {
  if (!isRecord(model) || model['kind'] !== 'naiveBayes')
    return [crmIssue.invalidType(['model'], "a naive Bayes model (kind 'naiveBayes')", model)];
  const issues: CrmIssue[] = [];
  const s = model['smoothing'];
  if (!(typeof s === 'number' && Number.isFinite(s) && s > 0))
    issues.push(crmIssue.invalidValue(['model', 'smoothing'], 'smoothing must be a positive number', s));
  for (const key of ['won', 'lost'])
    if (!count(model[key]) || model[key] === 0)
      issues.push(crmIssue.invalidValue(['model', key], `${key} must be a positive integer`, model[key]));
  const features = model['features'];
  if (!Array.isArray(features)) return [...issues, crmIssue.invalidType(['model', 'features'], 'an array', features)];
  features.forEach((f: unknown, k) => {
    if (!isRecord(f) || typeof f['name'] !== 'string' || !isRecord(f['values'])) {
      issues.push(crmIssue.invalidType(['model', 'features', k], 'a feature { name, values }', f));
      return;
    }
    const values = f['values'];
    for (const key of Object.keys(values)) {
      const cell = values[key];
      if (!isRecord(cell) || !count(cell['won']) || !count(cell['lost'])) {
        if (issues.length < MAX_ISSUES)
          issues.push(crmIssue.invalidType(['model', 'features', k, 'values', key], 'counts { won, lost }', cell));
      }
    }
  });
  return issues;
}

/**
 * The won probability of a row under a {@link NaiveBayesModel}:
 * `P(won | x) = P(won) Πᵢ P(xᵢ | won) / (P(won) Πᵢ P(xᵢ | won) + P(lost) Πᵢ P(xᵢ | lost))` with
 * `P(v | won) = (won_v + α) / Σ_u (won_u + α)` (additive smoothing α over the values seen for that
 * feature), as in Odoo's `crm.lead._pls_get_naive_bayes_probabilities` (which uses α = 0.1).
 * Computed in log space, so many features never underflow; never NaN.
 *
 * Fails with `validation_failed` when the row is not an object, a feature value is not a string, number,
 * boolean or missing (path: the feature name), or the model is not a naive Bayes model (path under
 * `model`). Never throws for its input.
 *
 * @example
 * ```ts
 * const rows = [{ country: 'US', won: true }, { country: 'US', won: false }, { country: 'FR', won: false }];
 * const m = unwrap(fitNaiveBayes(rows, { features: ['country'], target: 'won', minWon: 1, minLost: 1 }));
 * const p = predictNaiveBayes(m, { country: 'US' });
 * if (p.ok) p.value.probability; //=> a number in (0, 1)
 * ```
 */
export function predictNaiveBayes(model: NaiveBayesModel, row: object): Result<NaiveBayesPrediction> {
  try {
    const mIssues = modelIssues(model);
    if (mIssues.length) return err(invalidInput('Naive Bayes model', mIssues));
    if (!isRecord(row))
      return err(invalidInput('Prediction row', [crmIssue.invalidType(['row'], 'a row object', row)]));
    const a = model.smoothing;
    let logOdds = Math.log(model.won) - Math.log(model.lost);
    const issues: CrmIssue[] = [];
    const features: NaiveBayesPrediction['features'][number][] = [];
    for (const f of model.features) {
      const raw = row[f.name];
      const value = level(raw);
      if (value === null) {
        issues.push(
          crmIssue.invalidValue(
            [f.name],
            `feature '${f.name}' must be a string, finite number, boolean, or missing`,
            raw,
          ),
        );
        continue;
      }
      if (!own(f.values, value)) {
        features.push(Object.freeze({ feature: f.name, value, likelihoodRatio: 1, unseen: true }));
        continue;
      }
      const cell = f.values[value]!;
      const k = Object.keys(f.values).length;
      // (n_v + α)/(n + αk), divided through by α when α > 1 so that a large α (up to 1.8e308) cannot
      // overflow αk: the same ratio, finite for every positive α.
      const pWon = a > 1 ? (cell.won / a + 1) / (model.won / a + k) : (cell.won + a) / (model.won + a * k);
      const pLost = a > 1 ? (cell.lost / a + 1) / (model.lost / a + k) : (cell.lost + a) / (model.lost + a * k);
      logOdds += Math.log(pWon) - Math.log(pLost);
      features.push(Object.freeze({ feature: f.name, value, likelihoodRatio: pWon / pLost, unseen: false }));
    }
    if (issues.length) return err(invalidInput('Prediction row', issues));
    const probability = logOdds >= 0 ? 1 / (1 + Math.exp(-logOdds)) : Math.exp(logOdds) / (1 + Math.exp(logOdds));
    return ok(
      Object.freeze({ probability, prior: model.won / (model.won + model.lost), features: Object.freeze(features) }),
    );
  } catch {
    return fail('validation_failed', 'Naive Bayes prediction input could not be read (a getter or proxy threw)', [
      crmIssue.of('invalid_type', [], 'the model or row could not be read (a getter or proxy threw)'),
    ]);
  }
}
