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
export { scoreLead, scoreLeads, rankLeads } from './score.js';
export type {
  ScorableActivity,
  ScoreOptions,
  ScoreContribution,
  LeadScoreResult,
  ActivitiesByLead,
  RankedLead,
} from './score.js';
export type { FeatureSpec } from './rows.js';
export { trainLogisticRegression, predictProbability } from './logistic.js';
export type {
  LogisticOptions,
  LogisticModel,
  LogisticNumericFeature,
  LogisticCategoricalFeature,
  LogisticStatus,
  FeatureContribution,
  Prediction,
} from './logistic.js';
export { trainNaiveBayes, predictNaiveBayes, MISSING_LEVEL } from './naiveBayes.js';
export type { NaiveBayesOptions, NaiveBayesModel, NaiveBayesPrediction } from './naiveBayes.js';
export { rocAuc, logLoss, brierScore, confusionAt, liftTable, calibrationTable } from './evaluation.js';
export type { Outcome, Confusion, LiftRow, CalibrationRow } from './evaluation.js';
export { trainTestSplit, kFold } from './split.js';
export type { Split } from './split.js';
