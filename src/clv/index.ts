/**
 * Probabilistic customer lifetime value: RFM summaries of transaction logs, the BG/NBD and
 * Pareto/NBD models of repeat purchasing, the Gamma-Gamma model of spend, and discounted expected
 * lifetime value as Money. Validated against the published CDNOW fits (Fader, Hardie & Lee 2005;
 * Fader & Hardie 2013). See docs/clv.md for a walkthrough.
 *
 * Fitters return `Result<Fit>` (`validation_failed` naming the row, `insufficient_data`, `aborted`) and
 * have async twins (`fitBgNbdAsync`, …) that yield to the event loop and stop at once on an aborted
 * signal; a fit that stops short of its tolerance is returned with `converged: false`. Batch predictions
 * over columns (`predictBgNbd`, `predictParetoNbd`, `predictGammaGamma`, `lifetimeValues`,
 * `lifetimeValuesAsMoney`) return `Result`s of typed arrays. The per-customer prediction functions take
 * parameters and throw `validation_failed` for invalid ones (a programmer error).
 *
 * @module crmkit/clv
 */
export { rfmSummary, TIME_UNIT_DAYS } from './rfm.js';
export type { RfmCustomer, RfmSummaryOptions, RfmTimeUnit, Accessor } from './rfm.js';
export type { RfmRow, MonetaryRow } from './rows.js';
export type { NumericColumn, RfmColumns, MonetaryColumns, LifetimeValueColumns } from './columns.js';
export type { FitOptions, FitProgress, FitPhase, FitDiagnostics } from './fit.js';
export type { MinimizeStatus } from '../math/optimize.js';
export {
  fitBgNbd,
  fitBgNbdAsync,
  bgNbdLogLikelihood,
  bgNbdExpectedPurchases,
  bgNbdConditionalExpectedPurchases,
  bgNbdProbabilityAlive,
  bgNbdPurchaseProbability,
  bgNbdConditionalPurchaseProbability,
} from './bgNbd.js';
export type { BgNbdParams, BgNbdFit, FitBgNbdOptions, FitBgNbdAsyncOptions } from './bgNbd.js';
export {
  fitParetoNbd,
  fitParetoNbdAsync,
  paretoNbdLogLikelihood,
  paretoNbdExpectedPurchases,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdProbabilityAlive,
  paretoNbdPurchaseProbability,
  paretoNbdConditionalPurchaseProbability,
} from './paretoNbd.js';
export type { ParetoNbdParams, ParetoNbdFit, FitParetoNbdOptions, FitParetoNbdAsyncOptions } from './paretoNbd.js';
export { fitGammaGamma, fitGammaGammaAsync, gammaGammaLogLikelihood, gammaGammaExpectedSpend } from './gammaGamma.js';
export type { GammaGammaParams, GammaGammaFit, FitGammaGammaOptions, FitGammaGammaAsyncOptions } from './gammaGamma.js';
export { predictBgNbd } from './predictBgNbd.js';
export type { PredictBgNbdOptions, TransactionPredictions } from './predictBgNbd.js';
export { predictParetoNbd } from './predictParetoNbd.js';
export type { PredictParetoNbdOptions } from './predictParetoNbd.js';
export { predictGammaGamma } from './predictGammaGamma.js';
export { expectedLifetimeValue } from './lifetimeValue.js';
export type { ExpectedLifetimeValueInput, LifetimeValueInput } from './lifetimeValue.js';
export { lifetimeValues, lifetimeValuesAsMoney } from './lifetimeValues.js';
export type { LifetimeValuesOptions, LifetimeValuesAsMoneyOptions } from './lifetimeValues.js';
export type { TransactionModel, SpendModel } from './models.js';
export { MAX_HORIZON_MONTHS } from './discount.js';
export type { DiscountConvention } from './discount.js';
export { simulateBgNbd, simulateParetoNbd, MAX_SIMULATED_PURCHASES } from './simulate.js';
export type { SimulationOptions, SimulateBgNbdOptions, SimulateParetoNbdOptions } from './simulate.js';
