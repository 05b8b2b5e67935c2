/**
 * The match probability of two records under a trained model, explained field by field.
 *
 * @module
 */
import { ok, type Result } from '../core/result.js';
import { deepFreeze } from '../_lib/freeze.js';
import { argumentError } from '../core/errors.js';
import { comparePair, engineOf, levelsOf, probabilityOfWeight } from './_engine.js';
import { readRecord } from './_records.js';
import { refuse } from './_results.js';
import type { FieldEvidence, MatchModel, MatchRecord } from './types.js';

/**
 * A model's verdict on two records.
 *
 * @example
 * ```ts
 * const why = (s: MatchScore) => s.fields.filter((f) => (f.weight ?? 0) > 0).map((f) => f.field);
 * ```
 */
export interface MatchScore {
  /** The match probability `2^weight / (1 + 2^weight)`, in [0, 1]. */
  readonly probability: number;
  /** The match weight in bits: `log2(λ / (1 − λ))` plus every field's weight. */
  readonly weight: number;
  /** The prior's part of the weight, `log2(λ / (1 − λ))`. */
  readonly priorWeight: number;
  /** Whether the probability reaches the model's threshold. */
  readonly match: boolean;
  /** Per comparison: the level, the values compared and the weight `log2(m / u)` it added (0 when blank). */
  readonly fields: readonly FieldEvidence[];
}

/**
 * The match probability of two records under a trained model (see {@link trainMatchModel}), with the
 * weight each field added: `weight = log2(λ / (1 − λ)) + Σ log2(m / u)`, `probability = 2^weight / (1 +
 * 2^weight)` (Fellegi & Sunter 1969). A blank field adds nothing. Symmetric: `matchScore(m, a, b)` and
 * `matchScore(m, b, a)` give the same probability. The model's `where` is not applied here.
 *
 * Never throws for the records: one that is not an object with a string `id`, or cannot be read, is a
 * `validation_failed` error.
 *
 * @throws CrmError `validation_failed` when `model` was not made by `trainMatchModel`.
 *
 * @example
 * ```ts
 * declare const model: MatchModel;
 * const s = matchScore(model, { id: 'a', lastName: 'Lovelace', email: 'ada@example.com' }, { id: 'b', lastName: 'Lovelace', email: 'ada@example.com' });
 * if (s.ok) s.value.fields.map((f) => [f.field, f.weight]);
 * ```
 */
export function matchScore<A extends MatchRecord, B extends MatchRecord>(
  model: MatchModel,
  a: A,
  b: B,
): Result<MatchScore> {
  const base = engineOf(model, 'matchScore', ['model']);
  if (base.model === null)
    throw argumentError('matchScore', ['model'], 'a model from trainMatchModel (not a matching rule)', model);
  const engine = { ...base, where: null };
  const ra = readRecord(engine, a, ['a']);
  const rb = readRecord(engine, b, ['b']);
  const issues = [ra, rb].filter((r) => 'code' in r);
  if (issues.length > 0 || 'code' in ra || 'code' in rb) return refuse('matchScore records', issues as never);
  const pa = ra.prepared!;
  const pb = rb.prepared!;
  const fields: FieldEvidence[] = [];
  levelsOf(base.model.comparisons, pa, pb, new Int8Array(base.model.comparisons.length), fields);
  const outcome = comparePair(engine, pa, pb, false);
  let weight = base.model.priorWeight;
  for (const f of fields) weight += f.weight ?? 0;
  return ok(
    deepFreeze({
      probability: probabilityOfWeight(weight),
      weight,
      priorWeight: base.model.priorWeight,
      match: outcome.match,
      fields,
    }),
  );
}
