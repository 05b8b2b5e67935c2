/**
 * The model arguments of the lifetime-value functions — a transaction model (BG/NBD or Pareto/NBD) and a
 * spend model (Gamma-Gamma) — their checks, and the kernels they reduce to: P(alive | x, tₓ, T) and the
 * expectation factor F(x, T, t) with E[Y(t) | x, tₓ, T] = F·P(alive).
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { quoteValue } from '../_lib/show.js';
import type { BgNbdParams } from './bgNbd.js';
import { bgNbdAlive, bgNbdFactor } from './bgNbdKernels.js';
import type { GammaGammaParams } from './gammaGamma.js';
import type { ParetoNbdParams } from './paretoNbd.js';
import { newWork, paretoNbdAliveOf, paretoNbdFactor } from './paretoNbdKernels.js';
import { paramsIssues } from './rows.js';

/**
 * A transaction model for `expectedLifetimeValue` and `lifetimeValues`: a fit from `fitBgNbd` /
 * `fitParetoNbd`, or the same shape with parameters from elsewhere.
 *
 * @example
 * ```ts
 * const model: TransactionModel = { model: 'bg_nbd', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
 * ```
 */
export type TransactionModel =
  | { readonly model: 'bg_nbd'; readonly params: BgNbdParams }
  | { readonly model: 'pareto_nbd'; readonly params: ParetoNbdParams };

/**
 * A spend model for `expectedLifetimeValue` and `lifetimeValues`: a fit from `fitGammaGamma`, or `{ params }`.
 *
 * @example
 * ```ts
 * const spend: SpendModel = { params: { p: 6.25, q: 3.74, v: 15.44 } };
 * ```
 */
export interface SpendModel {
  readonly params: GammaGammaParams;
}

/** P(alive) and the expectation factor of a checked transaction model (NaN for a series that did not converge). */
export interface TransactionKernel {
  alive(x: number, tx: number, T: number): number;
  factor(x: number, T: number, t: number): number;
}

function read(o: unknown, key: string): unknown {
  try {
    return typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}

/** The problems of a transaction model argument (paths under `transactionModel`). */
export function transactionModelIssues(model: unknown): CrmIssue[] {
  const kind = read(model, 'model');
  if (kind !== 'bg_nbd' && kind !== 'pareto_nbd') {
    return [
      crmIssue.invalidValue(
        ['transactionModel', 'model'],
        "transactionModel.model must be 'bg_nbd' or 'pareto_nbd'",
        kind,
      ),
    ];
  }
  const names = kind === 'bg_nbd' ? ['r', 'alpha', 'a', 'b'] : ['r', 'alpha', 's', 'beta'];
  return paramsIssues(read(model, 'params'), names).map((i) => ({ ...i, path: ['transactionModel', ...i.path] }));
}

/** The problems of a spend model argument (paths under `spendModel`): positive p, q, v and q > 1. */
export function spendModelIssues(model: unknown): CrmIssue[] {
  const params = read(model, 'params');
  const issues: CrmIssue[] = paramsIssues(params, ['p', 'q', 'v']).map((i) => ({
    ...i,
    path: ['spendModel', ...i.path],
  }));
  if (issues.length === 0 && !((params as GammaGammaParams).q > 1)) {
    issues.push(
      crmIssue.of(
        'too_small',
        ['spendModel', 'params', 'q'],
        `q must exceed 1 for a finite mean spend; received ${quoteValue((params as GammaGammaParams).q)}`,
      ),
    );
  }
  return issues;
}

/** The kernels of a checked transaction model. */
export function transactionKernel(model: TransactionModel): TransactionKernel {
  if (model.model === 'bg_nbd') {
    const { r, alpha, a, b } = model.params;
    return {
      alive: (x, tx, T) => bgNbdAlive(r, alpha, a, b, x, tx, T),
      factor: (x, T, t) => (t === 0 ? 0 : bgNbdFactor(r, a, b, x, t / (alpha + T + t), (alpha + T) / (alpha + T + t))),
    };
  }
  const p = { ...model.params };
  const { r, alpha, s, beta } = p;
  const work = newWork();
  return {
    alive: (x, tx, T) => paretoNbdAliveOf(p, x, tx, T, work),
    factor: (x, T, t) => paretoNbdFactor(r, alpha, s, beta, x, T, t),
  };
}
