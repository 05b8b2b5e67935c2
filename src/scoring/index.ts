/**
 * Lead scoring: explainable rule models (fit and engagement axes, decay, caps, thresholds, A1–D4
 * grades), predictive models (logistic regression by Newton/IRLS, Odoo-style naive Bayes) and their
 * evaluation (ROC AUC, log-loss, Brier, confusion, lift and calibration tables, seeded splits).
 * Works on plain objects: Lead and Activity entities, or analysts' rows.
 *
 * @module crmkit/scoring
 */
export { defineScoringModel, scoringCatalog, FIELD_OPERATORS, SCORING_LEAD_FIELDS } from './model.js';
export type {
  ScoringModel,
  ScoringModelDefinition,
  ScoringRule,
  ScoringCondition,
  Condition,
  FieldTest,
  FieldOperator,
  ActivityTest,
  ConditionValue,
  DecaySpec,
  AxisCap,
  GradeCuts,
  ScoreAxis,
} from './model.js';
export { scoreLead, scoreLeads, scoreLeadsAsync, rankLeads, SCORE_PROGRESS_EVERY } from './score.js';
export type {
  ScorableActivity,
  ScoreOptions,
  ScoreLeadsOptions,
  ScoreContribution,
  LeadScoreResult,
  ActivitiesByLead,
  RankedLead,
} from './score.js';
export type { FeatureSpec } from './rows.js';
export { fitLogisticRegression, fitLogisticRegressionAsync, trainLogisticRegression } from './logistic.js';
export type {
  FitLogisticRegressionOptions,
  LogisticOptions,
  LogisticModel,
  LogisticNumericFeature,
  LogisticCategoricalFeature,
  LogisticStatus,
} from './logistic.js';
export { predictProbability } from './predictProbability.js';
export type { FeatureContribution, Prediction } from './predictProbability.js';
export { fitNaiveBayes, trainNaiveBayes, predictNaiveBayes, MISSING_LEVEL } from './naiveBayes.js';
export type { FitNaiveBayesOptions, NaiveBayesOptions, NaiveBayesModel, NaiveBayesPrediction } from './naiveBayes.js';
export { rocAuc, rocCurve, logLoss, brierScore, confusionAt, liftTable, calibrationTable } from './evaluation.js';
export type {
  Outcome,
  RocPoint,
  LogLossOptions,
  Confusion,
  LiftRow,
  LiftTableOptions,
  CalibrationRow,
  CalibrationTable,
  CalibrationTableOptions,
} from './evaluation.js';
export { trainTestSplit, kFold } from './split.js';
export type { Split, TrainTestSplitOptions, KFoldOptions } from './split.js';
export { crossValidate, crossValidateAsync } from './crossValidate.js';
export type { CrossValidateOptions, CrossValidation, FoldResult } from './crossValidate.js';
export type { ScoringProgress, ProgressOptions } from './progress.js';
