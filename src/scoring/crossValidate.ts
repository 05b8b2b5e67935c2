/**
 * k-fold cross-validation of any model: `crossValidate` and its async twin.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import { deepFreeze } from '../_lib/freeze.js';
import { brierScore, logLoss, rocAuc } from './evaluation.js';
import { abortedError, readProgressOptions, yieldToEventLoop, type ProgressOptions } from './progress.js';
import { readOptions, readTarget, readTargetOption } from './rows.js';
import { kFold, type Split } from './split.js';

/**
 * Options of {@link crossValidate}: the folds (`k`, `seed`, as {@link kFold}), the `target` field of the
 * rows (true/false or 1/0), how to `fit` a model on a fold's training rows, and how to `predict` a
 * probability in [0, 1] for a test row. `onProgress` reports phase `fold` (`done` folds of `k`); `signal`
 * is checked between folds (pass it to your `fit` too, to stop inside one).
 *
 * @example
 * ```ts
 * const o: CrossValidateOptions<{ x: number; won: boolean }, LogisticModel> = {
 *   k: 5,
 *   seed: 1,
 *   target: 'won',
 *   fit: (train) => fitLogisticRegression(train, { features: ['x'], target: 'won' }),
 *   predict: (m, row) => mapResult(predictProbability(m, row), (p) => p.probability),
 * };
 * ```
 */
export interface CrossValidateOptions<T, M> extends ProgressOptions {
  readonly k: number;
  readonly seed: number;
  readonly target: string;
  /** Fits a model on the training rows of a fold (e.g. `(rows) => fitLogisticRegression(rows, spec)`). */
  readonly fit: (train: readonly T[]) => Result<M>;
  /** The probability the model gives a held-out row (e.g. `predictProbability`'s value). */
  readonly predict: (model: M, row: T) => Result<number>;
}

/**
 * One fold's evaluation on its test rows: ROC AUC (`null` when the test rows hold one class only),
 * log-loss and Brier score, with the sizes of both parts.
 *
 * @example
 * ```ts
 * const f: FoldResult = { fold: 1, train: 80, test: 20, auc: 0.81, logLoss: 0.47, brier: 0.15 };
 * ```
 */
export interface FoldResult {
  readonly fold: number;
  readonly train: number;
  readonly test: number;
  readonly auc: number | null;
  readonly logLoss: number;
  readonly brier: number;
}

/**
 * The folds' results and their means (the mean AUC over the folds that have one, `null` if none has).
 *
 * @example
 * ```ts
 * const cv: CrossValidation = { folds: [], auc: 0.8, logLoss: 0.48, brier: 0.16 };
 * ```
 */
export interface CrossValidation {
  readonly folds: readonly FoldResult[];
  readonly auc: number | null;
  readonly logLoss: number;
  readonly brier: number;
}

const OPTION_KEYS = ['k', 'seed', 'target', 'fit', 'predict', 'onProgress', 'signal'] as const;

interface Plan<T, M> {
  readonly folds: readonly Split<T>[];
  readonly target: string;
  readonly fit: (train: readonly T[]) => Result<M> | Promise<Result<M>>;
  readonly predict: (model: M, row: T) => Result<number>;
  readonly control: ProgressOptions;
}

function plan<T, M>(rows: unknown, options: unknown): Result<Plan<T, M>> {
  const issues: CrmIssue[] = [];
  const o = readOptions(options, OPTION_KEYS, issues);
  if (issues.length) return err(invalidInput('crossValidate options', issues));
  const target = readTargetOption(o.target, issues);
  if (typeof o.fit !== 'function')
    issues.push(crmIssue.invalidType(['fit'], 'a function (train rows) => Result<model>', o.fit));
  if (typeof o.predict !== 'function')
    issues.push(crmIssue.invalidType(['predict'], 'a function (model, row) => Result<probability>', o.predict));
  const control = readProgressOptions(o.onProgress, o.signal, issues);
  if (issues.length) return err(invalidInput('crossValidate options', issues));
  const folds = kFold(rows as readonly T[], { k: o.k as number, seed: o.seed as number });
  if (!folds.ok) return folds;
  return ok({
    folds: folds.value,
    target,
    fit: o.fit as Plan<T, M>['fit'],
    predict: o.predict as Plan<T, M>['predict'],
    control,
  });
}

function isResult(v: unknown): v is Result<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { ok?: unknown }).ok === 'boolean';
}

/** Evaluates a fitted fold model on the fold's test rows. */
function evaluateFold<T, M>(p: Plan<T, M>, f: number, model: M): Result<FoldResult> {
  const fold = p.folds[f]!;
  const probabilities: number[] = [];
  const labels: (0 | 1)[] = [];
  for (let i = 0; i < fold.test.length; i++) {
    const row = fold.test[i]!;
    const raw = typeof row === 'object' && row !== null ? (row as Record<string, unknown>)[p.target] : undefined;
    const y = readTarget(raw);
    if (y === null)
      return err(
        invalidInput('crossValidate rows', [
          crmIssue.invalidValue(
            [fold.testIndices[i]!, p.target],
            `target '${p.target}' must be true/false or 1/0`,
            raw,
          ),
        ]),
      );
    const q = p.predict(model, row);
    if (!isResult(q))
      return err(invalidInput('crossValidate', [crmIssue.invalidType(['predict'], 'a Result from predict', q)]));
    if (!q.ok) return q;
    probabilities.push(q.value);
    labels.push(y);
  }
  const ll = logLoss(probabilities, labels);
  if (!ll.ok) return ll;
  const brier = brierScore(probabilities, labels);
  if (!brier.ok) return brier;
  const auc = rocAuc(probabilities, labels);
  return ok({
    fold: f + 1,
    train: fold.train.length,
    test: fold.test.length,
    auc: auc.ok ? auc.value : null,
    logLoss: ll.value,
    brier: brier.value,
  });
}

function summarize(results: readonly FoldResult[]): CrossValidation {
  const aucs = results.flatMap((r) => (r.auc === null ? [] : [r.auc]));
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  return deepFreeze({
    folds: results,
    auc: aucs.length ? mean(aucs) : null,
    logLoss: mean(results.map((r) => r.logLoss)),
    brier: mean(results.map((r) => r.brier)),
  });
}

/**
 * Cross-validates a model: splits the rows into `k` folds ({@link kFold}), fits on each fold's training
 * rows, predicts its test rows, and reports ROC AUC, log-loss and Brier score per fold and on average.
 * Works with any model: pass its fit and predict functions.
 *
 * Fails with the first error of `fit` or `predict` (as returned), `validation_failed` for bad options or
 * a test row without a readable target, `insufficient_data` for `k` above the row count, and `aborted`
 * when `signal` is aborted between folds (no partial result).
 *
 * @throws Only what your `fit`, `predict` or `onProgress` callbacks throw (it propagates unchanged).
 * @example
 * ```ts
 * const rows = Array.from({ length: 40 }, (_, i) => ({ x: i % 10, won: (i * 7) % 10 < i % 10 }));
 * const cv = crossValidate(rows, {
 *   k: 4,
 *   seed: 1,
 *   target: 'won',
 *   fit: (train) => fitLogisticRegression(train, { features: ['x'], target: 'won', l2: 1 }),
 *   predict: (m, row) => mapResult(predictProbability(m, row), (p) => p.probability),
 * });
 * if (cv.ok) cv.value.auc; //=> the mean test AUC
 * ```
 */
export function crossValidate<T extends object, M>(
  rows: readonly T[],
  options: CrossValidateOptions<T, M>,
): Result<CrossValidation> {
  const planned = plan<T, M>(rows, options);
  if (!planned.ok) return planned;
  const p = planned.value;
  const { onProgress, signal } = p.control;
  const k = p.folds.length;
  const results: FoldResult[] = [];
  for (let f = 0; f < k; f++) {
    if (signal?.aborted) return err(abortedError('crossValidate', signal));
    const m = p.fit(p.folds[f]!.train) as Result<M>;
    if (!isResult(m))
      return err(
        invalidInput('crossValidate', [
          crmIssue.invalidType(['fit'], 'a Result from fit (use crossValidateAsync for a Promise)', m),
        ]),
      );
    if (!m.ok) return m;
    const r = evaluateFold(p, f, m.value);
    if (!r.ok) return r;
    results.push(r.value);
    onProgress?.({ phase: 'fold', done: f + 1, total: k });
  }
  if (signal?.aborted) return err(abortedError('crossValidate', signal));
  return ok(summarize(results));
}

/**
 * {@link crossValidate} whose `fit` may return a Promise (such as {@link fitLogisticRegressionAsync}),
 * giving the event loop a turn between folds, so a timer or a UI can abort it through `signal`.
 *
 * @throws Never synchronously; the promise rejects only with what your callbacks throw or reject with.
 * @example
 * ```ts
 * const rows = Array.from({ length: 40 }, (_, i) => ({ x: i % 10, won: (i * 7) % 10 < i % 10 }));
 * const controller = new AbortController();
 * const cv = await crossValidateAsync(rows, {
 *   k: 4,
 *   seed: 1,
 *   target: 'won',
 *   signal: controller.signal,
 *   fit: (train) => fitLogisticRegressionAsync(train, { features: ['x'], target: 'won', l2: 1, signal: controller.signal }),
 *   predict: (m, row) => mapResult(predictProbability(m, row), (p) => p.probability),
 * });
 * if (cv.ok) cv.value.folds.length; //=> 4
 * ```
 */
export async function crossValidateAsync<T extends object, M>(
  rows: readonly T[],
  options: Omit<CrossValidateOptions<T, M>, 'fit'> & {
    readonly fit: (train: readonly T[]) => Result<M> | Promise<Result<M>>;
  },
): Promise<Result<CrossValidation>> {
  const planned = plan<T, M>(rows, options);
  if (!planned.ok) return planned;
  const p = planned.value;
  const { onProgress, signal } = p.control;
  const k = p.folds.length;
  const results: FoldResult[] = [];
  for (let f = 0; f < k; f++) {
    await yieldToEventLoop();
    if (signal?.aborted) return err(abortedError('crossValidateAsync', signal));
    const m = await p.fit(p.folds[f]!.train);
    if (!isResult(m))
      return err(invalidInput('crossValidateAsync', [crmIssue.invalidType(['fit'], 'a Result from fit', m)]));
    if (!m.ok) return m;
    const r = evaluateFold(p, f, m.value);
    if (!r.ok) return r;
    results.push(r.value);
    onProgress?.({ phase: 'fold', done: f + 1, total: k });
  }
  await yieldToEventLoop();
  if (signal?.aborted) return err(abortedError('crossValidateAsync', signal));
  return ok(summarize(results));
}
