/**
 * Probabilistic customer lifetime value: RFM summaries of transaction logs, the BG/NBD and
 * Pareto/NBD models of repeat purchasing, the Gamma-Gamma model of spend, and discounted expected
 * lifetime value as Money. Validated against the published CDNOW fits (Fader, Hardie & Lee 2005;
 * Fader & Hardie 2013). See docs/clv.md for a walkthrough.
 *
 * Fitters return `Result<Fit>` (`validation_failed` naming the row, `insufficient_data`, `aborted`);
 * a fit that stops short of its tolerance is returned with `converged: false`. Prediction functions
 * take parameters and throw `validation_failed` for invalid ones (a programmer error).
 *
 * @module crmkit/clv
 */
export { rfmSummary, TIME_UNIT_DAYS } from './rfm.js';
export type { RfmCustomer, RfmSummaryOptions, RfmTimeUnit, Accessor } from './rfm.js';
export type { RfmRow, MonetaryRow } from './rows.js';
export type { FitOptions, FitProgress, FitDiagnostics } from './fit.js';
export type { MinimizeStatus } from '../math/optimize.js';
export {
  fitBgNbd,
  bgNbdLogLikelihood,
  bgNbdExpectedPurchases,
  bgNbdConditionalExpectedPurchases,
  bgNbdProbabilityAlive,
  bgNbdPurchaseProbability,
} from './bgNbd.js';
export type { BgNbdParams, BgNbdFit } from './bgNbd.js';
export {
  fitParetoNbd,
  paretoNbdLogLikelihood,
  paretoNbdExpectedPurchases,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdProbabilityAlive,
  paretoNbdPurchaseProbability,
} from './paretoNbd.js';
export type { ParetoNbdParams, ParetoNbdFit } from './paretoNbd.js';
export { fitGammaGamma, gammaGammaLogLikelihood, gammaGammaExpectedSpend } from './gammaGamma.js';
export type { GammaGammaParams, GammaGammaFit } from './gammaGamma.js';
export { expectedLifetimeValue } from './lifetimeValue.js';
export type { LifetimeValueInput, TransactionModel, SpendModel, DiscountConvention } from './lifetimeValue.js';
export { simulateBgNbd, simulateParetoNbd } from './simulate.js';
export type { SimulationOptions } from './simulate.js';
