/**
 * The frequency (naive Bayes) model Odoo CRM uses for lead probability: `trainNaiveBayes`, `predictNaiveBayes`.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { fail, ok, type Result } from '../core/result.js';
import { deepFreeze } from '../_lib/freeze.js';
import { MAX_ISSUES, inputIssues, readLevel, readTargets } from './rows.js';
import { quoteValue } from '../_lib/show.js';

/**
 * Options of {@link trainNaiveBayes}. `smoothing` (default 0.1, the constant Odoo adds to every won and
 * lost count) is the additive (Lidstone) pseudo-count; `minWon` / `minLost` (default 5 each) the least
 * numbers of won and lost examples below which training reports `insufficient_data`.
 *
 * @example
 * ```ts
 * const o: NaiveBayesOptions = { features: ['country', 'source'], target: 'won', smoothing: 1 };
 * ```
 */
export interface NaiveBayesOptions {
  readonly features: readonly string[];
  readonly target: string;
  readonly smoothing?: number;
  readonly minWon?: number;
  readonly minLost?: number;
}

/**
 * A trained frequency model, plain JSON: per feature, the won and lost counts of every value seen
 * (missing values are the level `(missing)`), and the class totals.
 *
 * @example
 * ```ts
 * const m: NaiveBayesModel = unwrap(trainNaiveBayes(rows, { features: ['country'], target: 'won' }));
 * m.features[0].values.US; //=> { won: 12, lost: 30 }
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
 * The level used for a missing (null/undefined) feature value.
 *
 * @example
 * ```ts
 * model.features[0].values[MISSING_LEVEL]; //=> { won: 1, lost: 4 } when some rows lacked the field
 * ```
 */
export const MISSING_LEVEL = '(missing)';

/**
 * Counts won and lost examples per feature value. Fails with `validation_failed` for bad options or
 * rows whose target is not true/false/1/0 (with their index), and with `insufficient_data` when there
 * are fewer than `minWon` won or `minLost` lost rows.
 *
 * @example
 * ```ts
 * const rows = [{ country: 'US', won: true }, { country: 'FR', won: false }];
 * trainNaiveBayes(rows, { features: ['country'], target: 'won', minWon: 1, minLost: 1 }).ok; //=> true
 * ```
 */
export function trainNaiveBayes(rows: readonly object[], options: NaiveBayesOptions): Result<NaiveBayesModel> {
  const shape = inputIssues(rows, options);
  if (shape.length) return fail('validation_failed', `Invalid naive Bayes input: ${shape[0]!.message}`, shape);
  const issues: CrmIssue[] = [];
  const smoothing = options.smoothing ?? 0.1;
  const minWon = options.minWon ?? 5;
  const minLost = options.minLost ?? 5;
  if (!(Number.isFinite(smoothing) && smoothing > 0))
    issues.push({
      path: ['smoothing'],
      message: `smoothing must be a positive number (it keeps unseen combinations from giving probability 0); got ${quoteValue(smoothing)}`,
      code: 'invalid_value',
    });
  for (const [k, v] of [
    ['minWon', minWon],
    ['minLost', minLost],
  ] as const)
    if (!(Number.isSafeInteger(v) && v >= 1))
      issues.push({
        path: [k],
        message: `${k} must be a positive integer; got ${quoteValue(v)}`,
        code: 'invalid_value',
      });
  if (
    !Array.isArray(options.features) ||
    options.features.length === 0 ||
    !options.features.every((f) => typeof f === 'string' && f !== '')
  )
    issues.push({
      path: ['features'],
      message: 'features must be a non-empty array of field names',
      code: 'invalid_value',
    });
  else if (new Set(options.features).size !== options.features.length)
    issues.push({ path: ['features'], message: 'features must not repeat', code: 'invalid_value' });
  if (typeof options.target !== 'string' || options.target === '')
    issues.push({ path: ['target'], message: 'target must be a field name', code: 'invalid_value' });
  if (issues.length) return fail('validation_failed', 'Invalid naive Bayes options', issues);
  const y = readTargets(rows, options.target, issues);
  if (issues.length)
    return fail(
      'validation_failed',
      `Training data has ${issues.length >= MAX_ISSUES ? `at least ${MAX_ISSUES}` : issues.length} row(s) with an invalid target; first: ${issues[0]!.message}`,
      issues,
    );
  let won = 0;
  for (let i = 0; i < y.length; i++) won += y[i]!;
  const lost = rows.length - won;
  if (won < minWon || lost < minLost) {
    return fail(
      'insufficient_data',
      `Naive Bayes needs at least ${minWon} won and ${minLost} lost examples; got ${won} won and ${lost} lost`,
      [
        {
          path: [options.target],
          message: `won ${won} (min ${minWon}), lost ${lost} (min ${minLost})`,
          code: 'insufficient_data',
        },
      ],
    );
  }
  const features = options.features.map((name) => {
    const values: Record<string, { won: number; lost: number }> = Object.create(null) as Record<
      string,
      { won: number; lost: number }
    >;
    for (let i = 0; i < rows.length; i++) {
      const level = readLevel((rows[i] as Record<string, unknown>)[name]) ?? MISSING_LEVEL;
      const cell = (values[level] ??= { won: 0, lost: 0 });
      if (y[i]) cell.won++;
      else cell.lost++;
    }
    const sorted: Record<string, { won: number; lost: number }> = {};
    for (const k of Object.keys(values).sort()) sorted[k] = values[k]!;
    return { name, values: sorted };
  });
  return ok(deepFreeze({ kind: 'naiveBayes' as const, target: options.target, smoothing, won, lost, features }));
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

/**
 * The won probability of a row under a {@link NaiveBayesModel}:
 * `P(won | x) = P(won) Πᵢ P(xᵢ | won) / (P(won) Πᵢ P(xᵢ | won) + P(lost) Πᵢ P(xᵢ | lost))` with
 * `P(v | won) = (won_v + α) / Σ_u (won_u + α)` (additive smoothing α over the values seen for that
 * feature), as in Odoo's `crm.lead._pls_get_naive_bayes_probabilities` (which uses α = 0.1).
 * Computed in log space, so many features never underflow; never NaN.
 *
 * @example
 * ```ts
 * const m = unwrap(trainNaiveBayes(rows, { features: ['country'], target: 'won' }));
 * predictNaiveBayes(m, { country: 'US' }).probability; //=> a number in (0, 1)
 * ```
 */
export function predictNaiveBayes(model: NaiveBayesModel, row: object): NaiveBayesPrediction {
  const a = model.smoothing;
  const rec = row as Record<string, unknown>;
  let logOdds = Math.log(model.won) - Math.log(model.lost);
  const features = model.features.map((f) => {
    const value = readLevel(rec[f.name]) ?? MISSING_LEVEL;
    const cell = Object.prototype.hasOwnProperty.call(f.values, value) ? f.values[value] : undefined;
    if (cell === undefined) return { feature: f.name, value, likelihoodRatio: 1, unseen: true };
    const k = Object.keys(f.values).length;
    const pWon = (cell.won + a) / (model.won + a * k);
    const pLost = (cell.lost + a) / (model.lost + a * k);
    logOdds += Math.log(pWon) - Math.log(pLost);
    return { feature: f.name, value, likelihoodRatio: pWon / pLost, unseen: false };
  });
  const probability = logOdds >= 0 ? 1 / (1 + Math.exp(-logOdds)) : Math.exp(logOdds) / (1 + Math.exp(logOdds));
  return deepFreeze({ probability, prior: model.won / (model.won + model.lost), features });
}
