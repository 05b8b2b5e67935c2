/**
 * Predictions of a fitted logistic regression: `predictProbability`.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import { readLevel, readNumeric } from './rows.js';
import type { LogisticModel } from './logistic.js';

/**
 * One feature's share of a prediction's log-odds: `standardizedCoefficient × (x − mean) / sd` for a
 * numeric feature (0 at the training mean), the level's coefficient for a categorical one (0 for the
 * reference level and for levels `unseen` in training).
 *
 * @example
 * ```ts
 * const c: FeatureContribution = { feature: 'industry', value: 'retail', contribution: -0.41, unseen: false };
 * ```
 */
export interface FeatureContribution {
  readonly feature: string;
  readonly value: number | string;
  readonly contribution: number;
  readonly unseen: boolean;
}

/**
 * A prediction: `logOdds = baselineLogOdds + Σ contributions` and `probability = σ(logOdds)`.
 *
 * @example
 * ```ts
 * const p: Prediction = { probability: 0.62, logOdds: 0.49, baselineLogOdds: 0.1, contributions: [] };
 * ```
 */
export interface Prediction {
  readonly probability: number;
  readonly logOdds: number;
  readonly baselineLogOdds: number;
  readonly contributions: readonly FeatureContribution[];
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** The issues of a model that is not a {@link LogisticModel} (one read from storage and edited, say). */
function modelIssues(model: unknown): CrmIssue[] {
  if (!isRecord(model) || model['kind'] !== 'logistic')
    return [crmIssue.invalidType(['model'], "a logistic model (kind 'logistic')", model)];
  const issues: CrmIssue[] = [];
  if (!finite(model['baselineLogOdds']))
    issues.push(crmIssue.invalidNumber(['model', 'baselineLogOdds'], model['baselineLogOdds']));
  const features = model['features'];
  if (!Array.isArray(features)) return [...issues, crmIssue.invalidType(['model', 'features'], 'an array', features)];
  // Index loops, not forEach: a hole in the model's arrays is an issue, not skipped.
  for (let k = 0; k < features.length; k++) {
    const f: unknown = features[k];
    const at = ['model', 'features', k];
    if (!isRecord(f) || typeof f['name'] !== 'string') {
      issues.push(crmIssue.invalidType(at, 'a feature { name, type, … }', f));
      continue;
    }
    if (f['type'] === 'numeric') {
      for (const key of ['mean', 'sd', 'standardizedCoefficient'])
        if (!finite(f[key])) issues.push(crmIssue.invalidNumber([...at, key], f[key]));
      if (finite(f['sd']) && f['sd'] < 0) issues.push(crmIssue.invalidValue([...at, 'sd'], 'sd must be ≥ 0', f['sd']));
    } else if (f['type'] === 'categorical') {
      const levels = f['levels'];
      if (!Array.isArray(levels)) issues.push(crmIssue.invalidType([...at, 'levels'], 'an array', levels));
      else
        for (let li = 0; li < levels.length; li++) {
          const l: unknown = levels[li];
          if (!isRecord(l) || typeof l['level'] !== 'string' || !finite(l['coefficient']))
            issues.push(crmIssue.invalidType([...at, 'levels', li], 'a level { level, coefficient }', l));
        }
    } else
      issues.push(
        crmIssue.invalidValue([...at, 'type'], 'type must be a feature type', f['type'], ['numeric', 'categorical']),
      );
  }
  return issues;
}

/**
 * The probability a fitted {@link LogisticModel} gives a row, with each feature's contribution to the
 * log-odds. Unseen categories count as the reference level and are flagged `unseen: true`.
 *
 * Fails with `validation_failed` when the row is not an object, a numeric feature is missing or not
 * finite (path: the feature name), a categorical one is missing, or the model is not a logistic model
 * (path under `model`). The result is a frozen new object; neither argument is changed or frozen.
 *
 * @example
 * ```ts
 * const rows = [{ x: 1, y: 0 }, { x: 2, y: 1 }, { x: 3, y: 0 }, { x: 4, y: 1 }, { x: 5, y: 1 }];
 * const model = unwrap(fitLogisticRegression(rows, { features: ['x'], target: 'y' }));
 * const r = predictProbability(model, { x: 3.5 });
 * if (r.ok) r.value.probability; //=> a number in (0, 1)
 * ```
 */
export function predictProbability(model: LogisticModel, row: object): Result<Prediction> {
  try {
    return predict(model, row);
  } catch {
    // A getter or proxy of the caller's threw while the model or the row was read: reported, never thrown.
    return err(
      invalidInput('Prediction input', [
        crmIssue.invalidType([], 'a readable model and row (reading them threw)', undefined),
      ]),
    );
  }
}

function predict(model: LogisticModel, row: object): Result<Prediction> {
  const mIssues = modelIssues(model);
  if (mIssues.length) return err(invalidInput('Logistic model', mIssues));
  if (!isRecord(row)) return err(invalidInput('Prediction row', [crmIssue.invalidType(['row'], 'a row object', row)]));
  const issues: CrmIssue[] = [];
  const contributions: FeatureContribution[] = [];
  let logOdds = model.baselineLogOdds;
  for (const f of model.features) {
    const raw = row[f.name];
    if (f.type === 'numeric') {
      const x = readNumeric(raw);
      if (x === null) {
        issues.push(
          crmIssue.invalidValue([f.name], `numeric feature '${f.name}' must be a finite number or boolean`, raw),
        );
        continue;
      }
      const c = f.sd > 0 ? (f.standardizedCoefficient * (x - f.mean)) / f.sd : 0;
      logOdds += c;
      contributions.push(Object.freeze({ feature: f.name, value: x, contribution: c, unseen: false }));
    } else {
      const level = readLevel(raw);
      if (level === null) {
        issues.push(
          crmIssue.invalidValue(
            [f.name],
            `categorical feature '${f.name}' must be a string, finite number or boolean`,
            raw,
            f.levels.length > 20 ? [...f.levels.slice(0, 20).map((l) => l.level), '…'] : f.levels.map((l) => l.level),
          ),
        );
        continue;
      }
      const hit = f.levels.find((l) => l.level === level);
      const c = hit ? hit.coefficient : 0;
      logOdds += c;
      contributions.push(Object.freeze({ feature: f.name, value: level, contribution: c, unseen: hit === undefined }));
    }
  }
  if (issues.length) return err(invalidInput('Prediction row', issues));
  if (!Number.isFinite(logOdds))
    return err(
      invalidInput('Prediction row', [
        crmIssue.of('invalid_number', [], 'the log-odds overflow: a feature value is too far from the training data'),
      ]),
    );
  return ok(
    Object.freeze({
      probability: sigmoid(logOdds),
      logOdds,
      baselineLogOdds: model.baselineLogOdds,
      contributions: Object.freeze(contributions),
    }),
  );
}
