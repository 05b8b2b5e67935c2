/**
 * Charts as data: functions that turn crmkit results into Vega-Lite v5 specs — plain, frozen JSON with
 * no runtime dependency on Vega — that render in Jupyter (see `toMimeBundle`), Observable, VS Code,
 * `vega-embed` or on a server.
 *
 * - Survival and cohorts: `kaplanMeierChart`, `cohortRetentionHeatmap`.
 * - Funnels and evaluation: `funnelChart`, `rocChart`, `liftChart`, `calibrationChart`.
 * - CLV: `frequencyRecencyMatrix`, `probabilityAliveMatrix`, `periodTransactionsChart`, `trackingChart`,
 *   `clvDistributionChart`.
 * - Pipeline and metrics: `forecastChart`, `npsTrendChart`, `pipelineStageDurationsChart`.
 *
 * Every chart takes a result and options for title, size, colours and locale (`CHART_LOCALES`), returns a
 * `Result` (bad input is `validation_failed` naming the path; unknown option keys are refused) and never
 * throws for its input. The same input gives the same spec, key for key.
 *
 * @module crmkit/charts
 */
export type { ChartOptions, ChartLocale, JsonValue, VegaLiteSpec } from './types.js';
export { CHART_LOCALES } from './locales.js';
export type { ChartLocaleName } from './locales.js';
export { toMimeBundle, VEGA_LITE_MIME_TYPE } from './toMimeBundle.js';
export { kaplanMeierChart } from './kaplanMeierChart.js';
export type { KaplanMeierChartGroup, KaplanMeierChartOptions } from './kaplanMeierChart.js';
export { cohortRetentionHeatmap } from './cohortRetentionHeatmap.js';
export type { CohortRetentionHeatmapOptions } from './cohortRetentionHeatmap.js';
export { funnelChart } from './funnelChart.js';
export type { FunnelChartOptions } from './funnelChart.js';
export { rocChart } from './rocChart.js';
export type { RocChartCurve, RocChartOptions } from './rocChart.js';
export { liftChart } from './liftChart.js';
export type { LiftChartOptions } from './liftChart.js';
export { calibrationChart } from './calibrationChart.js';
export type { CalibrationChartOptions } from './calibrationChart.js';
export { frequencyRecencyMatrix } from './frequencyRecencyMatrix.js';
export type { FrequencyRecencyMatrixOptions } from './frequencyRecencyMatrix.js';
export { probabilityAliveMatrix } from './probabilityAliveMatrix.js';
export type { ProbabilityAliveMatrixOptions } from './probabilityAliveMatrix.js';
export { periodTransactionsChart } from './periodTransactionsChart.js';
export type { PeriodTransactionsChartOptions } from './periodTransactionsChart.js';
export { trackingChart } from './trackingChart.js';
export type { TrackingChartOptions } from './trackingChart.js';
export { clvDistributionChart } from './clvDistributionChart.js';
export type { ClvDistributionChartOptions } from './clvDistributionChart.js';
export { forecastChart } from './forecastChart.js';
export type { ForecastChartOptions } from './forecastChart.js';
export { npsTrendChart } from './npsTrendChart.js';
export type { NpsTrendChartOptions, NpsTrendPoint } from './npsTrendChart.js';
export { pipelineStageDurationsChart } from './pipelineStageDurationsChart.js';
export type { PipelineStageDurationsChartOptions } from './pipelineStageDurationsChart.js';
