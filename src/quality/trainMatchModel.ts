/**
 * Fellegi–Sunter match models trained by EM, without labels.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue } from '../core/issues.js';
import { fail, ok, type Result } from '../core/result.js';
import { deepFreeze } from '../_lib/freeze.js';
import { createRng } from '../math/random.js';
import {
  engineOf,
  featureIndex,
  groupKeys,
  levelsOf,
  registerEngine,
  type CompiledComparison,
  type Engine,
  type Prepared,
} from './_engine.js';
import { drive, driveAsync, PROGRESS_EVERY, readControl, type Steps } from './_progress.js';
import { readRecordsSteps } from './_readRecordsSteps.js';
import type { ProgressOptions, ScoringProgress } from '../scoring/progress.js';
import { isObject, refuse } from './_results.js';
import { checkField, checkMethod, checkObject } from './_specChecks.js';
import { ruleEngine } from './defineMatchingRule.js';
import { standardBlocking } from './_standardBlocking.js';
import { STANDARD_COMPARISONS } from './standardComparisons.js';
import type {
  MatchComparison,
  MatchComparisonSpec,
  MatchingRule,
  MatchLevel,
  MatchModel,
  MatchObject,
  MatchRecord,
} from './types.js';
import { registerFinder } from './_registerFinder.js';

/**
 * Options of {@link trainMatchModel}.
 *
 * @example
 * ```ts
 * const o: TrainMatchModelOptions = { seed: 42, threshold: 0.9 };
 * ```
 */
export interface TrainMatchModelOptions {
  /** The seed of the random pairs the u probabilities are estimated from: the same seed, the same model. */
  readonly seed: number;
  /** The kind of record (default: read from the first record: `emails` → contact, `name` → account, else lead). */
  readonly object?: MatchObject;
  /** The comparisons (default {@link STANDARD_COMPARISONS} of the object). At most 16, each with 1 to 8 levels. */
  readonly comparisons?: readonly MatchComparisonSpec[];
  /**
   * The rule whose blocking keys find the candidate pairs, in training and wherever the model is used
   * (default: one group per identifying field — e-mail, phone, company or account, company e-mail domain,
   * last name — looser than the standard matching rule, so that EM sees non-matches too).
   */
  readonly blocking?: MatchingRule;
  /** The least match probability that counts as a duplicate, in (0, 1) (default 0.5). */
  readonly threshold?: number;
  /** How many random pairs estimate u (default 200,000). */
  readonly randomPairs?: number;
  /** The most EM iterations (default 200). */
  readonly maxIterations?: number;
  /** EM stops when no m probability or λ moves by more than this (default 1e-8). */
  readonly tolerance?: number;
  /**
   * Called with `{ phase, done, total }`: `read` (records), `sample` (the pairs u is estimated from),
   * `pairs` (2 × records per blocking group: the records blocked, then the blocks' pairs read) and `em`
   * (iterations: `maxIterations` per EM run, one run per blocking group and one for λ; a run that converges
   * early jumps to its end). At most one report per 16,384 records or pairs, and one per EM iteration;
   * within a phase `done` never decreases and ends at `total`. What it throws propagates to the caller.
   */
  readonly onProgress?: (progress: ScoringProgress) => void;
  /**
   * Stops training at its next pause point with a `CrmError` `aborted` and no model. The synchronous
   * function sees only the signal's state at its pause points (an abort from `onProgress`, or before the
   * call); use {@link trainMatchModelAsync} to abort from a timer or a UI.
   */
  readonly signal?: AbortSignal;
}

const OPTION_KEYS = [
  'seed',
  'object',
  'comparisons',
  'blocking',
  'threshold',
  'randomPairs',
  'maxIterations',
  'tolerance',
  'onProgress',
  'signal',
];
const MAX_COMPARISONS = 16;
const MAX_LEVELS = 8;
/** The most distinct candidate pairs EM is trained on; blocks are read in order until it is reached. */
const MAX_TRAINING_PAIRS = 5_000_000;
/** Probabilities are kept in [EPS, 1 − EPS], so no weight is infinite. */
const EPS = 1e-6;

function inferObject(records: unknown): MatchObject | undefined {
  if (!Array.isArray(records) || records.length === 0 || !isObject(records[0])) return undefined;
  const r = records[0];
  if (Array.isArray(r['emails']) || Array.isArray(r['phones'])) return 'contact';
  if (typeof r['lastName'] === 'string') return 'lead';
  if (typeof r['name'] === 'string') return 'account';
  return undefined;
}

function checkComparisons(object: MatchObject, raw: unknown, issues: CrmIssue[]): MatchComparisonSpec[] {
  if (raw === undefined) return STANDARD_COMPARISONS[object].map((c) => c);
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_COMPARISONS) {
    issues.push(crmIssue.invalidType(['options', 'comparisons'], `a list of 1 to ${MAX_COMPARISONS} comparisons`, raw));
    return [];
  }
  const out: MatchComparisonSpec[] = [];
  raw.forEach((c: unknown, k) => {
    const path = ['options', 'comparisons', k];
    if (!isObject(c)) {
      issues.push(crmIssue.invalidType(path, 'a comparison { field, levels }', c));
      return;
    }
    const keyIssues = checkOptionKeys(c, ['field', 'levels'], path);
    if (keyIssues.length > 0) {
      issues.push(...keyIssues);
      return;
    }
    const fieldOk = checkField(object, c['field'], [...path, 'field'], issues);
    const levels = c['levels'];
    if (!Array.isArray(levels) || levels.length === 0 || levels.length > MAX_LEVELS) {
      issues.push(crmIssue.invalidType([...path, 'levels'], `a list of 1 to ${MAX_LEVELS} levels`, levels));
      return;
    }
    let levelsOk = true;
    levels.forEach((l: unknown, i) => {
      const lp = [...path, 'levels', i];
      if (!isObject(l)) {
        issues.push(crmIssue.invalidType(lp, 'a level { method, threshold? }', l));
        levelsOk = false;
        return;
      }
      const li = checkOptionKeys(l, ['method', 'threshold'], lp);
      if (li.length > 0) {
        issues.push(...li);
        levelsOk = false;
        return;
      }
      if (!checkMethod(l['method'], l['threshold'], lp, issues)) levelsOk = false;
    });
    if (fieldOk && levelsOk) out.push(c as unknown as MatchComparisonSpec);
  });
  return out;
}

function checkNumber(
  v: unknown,
  name: string,
  ok: (n: number) => boolean,
  what: string,
  fallback: number,
  issues: CrmIssue[],
): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'number' && ok(v)) return v;
  issues.push(crmIssue.invalidValue(['options', name], what, v));
  return fallback;
}

function labelOf(method: string, threshold: number | undefined): string {
  return threshold === undefined ? method : `${method} ≥ ${threshold}`;
}

/** Counts of level patterns over pairs: key = the levels joined, value = [count, levels]. */
type Patterns = Map<string, { count: number; levels: Int8Array }>;

function addPattern(patterns: Patterns, levels: Int8Array): void {
  const key = levels.join(',');
  const p = patterns.get(key);
  if (p === undefined) patterns.set(key, { count: 1, levels: levels.slice() });
  else p.count++;
}

/**
 * Trains a Fellegi–Sunter match model on unlabelled records (Fellegi & Sunter 1969, "A theory for record
 * linkage", JASA 64(328)):
 * - each comparison puts a pair of records at a level (equal, alike, …, `else`; none when a value is
 *   blank), and the levels are taken as independent given the pair's status (match or not);
 * - u (P(level | non-match)) is estimated from `randomPairs` random pairs drawn with the `seed` (nearly
 *   all random pairs are non-matches), as Splink's `estimate_u_using_random_sampling` — or from every pair
 *   once when there are no more pairs than `randomPairs` (default 200,000);
 * - m (P(level | match)) and λ (the share of matches among candidate pairs) are estimated by EM on the
 *   candidate pairs that share a blocking key (Winkler 1988, "Using the EM algorithm for weight
 *   computation in the Fellegi–Sunter model of record linkage", ASA Proc. Survey Research Methods; Splink's
 *   "Expectation maximisation" docs): E-step `g = λ∏m / (λ∏m + (1−λ)∏u)` per pair, M-step
 *   `m_k(l) = Σ g·[γ_k = l] / Σ g·[γ_k ≠ blank]`, `λ = mean g`, with u held fixed;
 * - a level's weight is `log2(m / u)`; a pair's match weight is `log2(λ / (1 − λ))` plus its levels'
 *   weights, and its probability `2^w / (1 + 2^w)`.
 *
 * Probabilities are kept in [1e-6, 1 − 1e-6]. The same records and seed give the same model. A model is
 * accepted wherever a rule is (`findDuplicates`, `duplicateClusters`, `matchKeys`); see {@link matchScore}.
 *
 * Long runs report progress to `onProgress` and stop with `aborted` when `signal` is aborted (see
 * {@link TrainMatchModelOptions}); {@link trainMatchModelAsync} gives the event loop a turn meanwhile.
 *
 * Never throws for its data. Records that are not objects with unique string ids, bad options, or
 * `insufficient_data` (fewer than 2 records, or no pair sharing a blocking key) are errors.
 *
 * @throws What your `onProgress` callback throws (unchanged).
 *
 * @example
 * ```ts
 * declare const leads: readonly Lead[];
 * const model = trainMatchModel(leads, { seed: 7 });
 * if (model.ok) model.value.comparisons.map((c) => c.field);
 * ```
 */
export function trainMatchModel<R extends MatchRecord>(
  records: readonly R[],
  options: TrainMatchModelOptions,
): Result<MatchModel> {
  const start = beginTraining(records, options);
  if (!start.ok) return start;
  return drive('trainMatchModel', start.value.steps, start.value.control, unreadable);
}

/**
 * {@link trainMatchModel} that gives the event loop a turn at every pause point (every 16,384 records or
 * pairs, and every EM iteration), so that training on a million records keeps a server responsive and can
 * be aborted by `signal` from a timer or a UI (code `aborted`, no model). The model is the same as the
 * synchronous call's.
 *
 * @throws Never synchronously; the promise rejects only with what your `onProgress` callback throws.
 *
 * @example
 * ```ts
 * declare const leads: readonly Lead[];
 * const controller = new AbortController();
 * const model = await trainMatchModelAsync(leads, { seed: 7, signal: controller.signal });
 * if (model.ok) model.value.prior;
 * ```
 */
export async function trainMatchModelAsync<R extends MatchRecord>(
  records: readonly R[],
  options: TrainMatchModelOptions,
): Promise<Result<MatchModel>> {
  const start = beginTraining(records, options);
  if (!start.ok) return start;
  return driveAsync('trainMatchModel', start.value.steps, start.value.control, unreadable);
}

function unreadable(e: unknown): Result<never> {
  return refuse('trainMatchModel', [
    crmIssue.invalidType(
      [],
      'readable records and options (a property threw when read)',
      e instanceof Error ? e.message : e,
    ),
  ]);
}

/** The checked options of a training. */
interface Training {
  readonly seed: number;
  readonly object: MatchObject;
  readonly specs: readonly MatchComparisonSpec[];
  readonly blocking: MatchingRule;
  readonly threshold: number;
  readonly randomPairs: number;
  readonly maxIterations: number;
  readonly tolerance: number;
}

/** Checks the options (a getter that throws is an error) and makes the steps of the training. */
function beginTraining(
  records: unknown,
  options: unknown,
): Result<{ steps: Steps<MatchModel>; control: ProgressOptions }> {
  try {
    const issues: CrmIssue[] = [];
    issues.push(...checkOptionKeys(options, OPTION_KEYS, ['options']));
    if (issues.length > 0) return refuse('trainMatchModel options', issues);
    const o = (options ?? {}) as unknown as Record<string, unknown>;
    const seed = o['seed'];
    if (typeof seed !== 'number' || !Number.isFinite(seed))
      issues.push(crmIssue.invalidType(['options', 'seed'], 'a finite number (the seed)', seed));
    const object =
      o['object'] === undefined ? inferObject(records) : checkObject(o['object'], ['options', 'object'], issues);
    if (object === undefined) {
      if (o['object'] === undefined)
        issues.push(
          crmIssue.invalidValue(
            ['options', 'object'],
            'the kind of record could not be read from the records: give object',
            undefined,
            ['lead', 'contact', 'account'],
          ),
        );
      return refuse('trainMatchModel options', issues);
    }
    const specs = checkComparisons(object, o['comparisons'], issues);
    let blocking = standardBlocking(object);
    if (o['blocking'] !== undefined) {
      const b = o['blocking'];
      const isRule = isObject(b) && b['kind'] === 'matching_rule';
      if (!isRule || (b as unknown as MatchingRule).object !== object)
        issues.push(crmIssue.invalidValue(['options', 'blocking'], `expected a matching rule on ${object}`, b));
      else blocking = b as unknown as MatchingRule;
    }
    const threshold = checkNumber(
      o['threshold'],
      'threshold',
      (n) => n > 0 && n < 1,
      'expected a probability in (0, 1)',
      0.5,
      issues,
    );
    const randomPairs = checkNumber(
      o['randomPairs'],
      'randomPairs',
      (n) => Number.isSafeInteger(n) && n >= 100 && n <= 100_000_000,
      'expected an integer from 100 to 100,000,000',
      200_000,
      issues,
    );
    const maxIterations = checkNumber(
      o['maxIterations'],
      'maxIterations',
      (n) => Number.isSafeInteger(n) && n >= 1 && n <= 10_000,
      'expected an integer from 1 to 10,000',
      200,
      issues,
    );
    const tolerance = checkNumber(
      o['tolerance'],
      'tolerance',
      (n) => n > 0 && n < 1,
      'expected a number in (0, 1)',
      1e-8,
      issues,
    );
    const control = readControl(options, ['options'], issues);
    if (issues.length > 0) return refuse('trainMatchModel options', issues);
    const training: Training = {
      seed: seed as number,
      object,
      specs,
      blocking,
      threshold,
      randomPairs,
      maxIterations,
      tolerance,
    };
    return ok({ steps: trainSteps(records, training), control });
  } catch (e) {
    return unreadable(e);
  }
}

/** The training: read, sample u, EM per blocking group, λ; progress at every pause point. */
function* trainSteps(records: unknown, t: Training): Steps<MatchModel> {
  const { seed, object, specs, blocking, threshold, randomPairs, maxIterations, tolerance } = t;
  {
    // One engine reading the blocking rule's features and the comparisons' features.
    const blockingEngine = engineOf(blocking, 'trainMatchModel', ['options', 'blocking']);
    const engine0 = ruleEngine(blocking, blockingEngine.where, []);
    const features = engine0.features as ReturnType<typeof ruleEngine>['features'] & unknown[];
    const comps = specs.map((s) => ({
      field: s.field,
      levels: s.levels.map((l) => ({
        method: l.method,
        threshold: l.threshold ?? 1,
        feature: featureIndex(features as never, s.field, l.method),
        weight: 0,
      })),
      elseWeight: 0,
      labels: [...s.levels.map((l) => labelOf(l.method, l.threshold)), 'else'],
    }));
    const read = yield* readRecordsSteps(engine0, records, ['records'], 'trainMatchModel records');
    if (!read.ok) return read;
    const prepared = read.value.prepared.filter((p): p is Prepared => p !== null);
    if (prepared.length < 2)
      return fail('insufficient_data', 'trainMatchModel needs at least 2 records to compare', [
        crmIssue.tooSmall(['records'], 'the number of records matched', 2, true, prepared.length),
      ]);

    const K = comps.length;
    const L = comps.map((c) => c.levels.length + 1);
    const levels = new Int8Array(K);

    // u from random pairs.
    const rng = createRng(seed);
    const size = prepared.length;
    const uCounts = comps.map((_, k) => new Float64Array(L[k]!));
    const allPairs = (size * (size - 1)) / 2;
    const sampleTotal = Math.min(allPairs, randomPairs);
    if (allPairs <= randomPairs) {
      // Fewer pairs than would be drawn: count every pair once (exact, and no sampling to repeat them).
      let done = 0;
      for (let a = 0; a < size; a++) {
        for (let b = a + 1; b < size; b++) {
          levelsOf(comps, prepared[a]!, prepared[b]!, levels, null);
          for (let k = 0; k < K; k++) if (levels[k]! >= 0) uCounts[k]![levels[k]!]!++;
        }
        const before = done;
        done += size - a - 1;
        if (Math.floor(done / PROGRESS_EVERY) > Math.floor(before / PROGRESS_EVERY))
          yield { phase: 'sample', done, total: sampleTotal };
      }
    } else
      for (let r = 0; r < randomPairs; r++) {
        if (r > 0 && r % PROGRESS_EVERY === 0) yield { phase: 'sample', done: r, total: sampleTotal };
        const a = rng.nextInt(size);
        let b = rng.nextInt(size - 1);
        if (b >= a) b++;
        levelsOf(comps, prepared[a]!, prepared[b]!, levels, null);
        for (let k = 0; k < K; k++) if (levels[k]! >= 0) uCounts[k]![levels[k]!]!++;
      }
    yield { phase: 'sample', done: sampleTotal, total: sampleTotal };
    const u = uCounts.map((counts) => smoothed(counts, 0.5));

    // One EM session per blocking group (Splink's training sessions): the pairs sharing that group's keys,
    // with the comparisons of the fields the group blocks on left out (those always agree there, so the
    // session cannot learn their m). Each comparison's m is the mean over the sessions that learn it.
    const n = prepared.length;
    const all: Patterns = new Map();
    const allSeen = new Set<number>();
    const mSum = L.map((l) => new Float64Array(l));
    const mSessions = new Float64Array(K);
    let pairs = 0;
    let iterations = 0;
    let converged = true;
    const groupCount = engine0.groups.length;
    const pairsTotal = 2 * n * groupCount;
    const emTotal = (groupCount + 1) * maxIterations;
    for (let g = 0; g < groupCount; g++) {
      const masked = comps.map((c) => engine0.groups[g]!.some((item) => item.field === c.field));
      const session: Patterns = new Map();
      const seen = new Set<number>();
      const blocks = new Map<string, number[]>();
      const base = 2 * n * g;
      for (let i = 0; i < n; i++) {
        if (i > 0 && i % PROGRESS_EVERY === 0) yield { phase: 'pairs', done: base + i, total: pairsTotal };
        for (const key of groupKeys(engine0, prepared[i]!, g)) {
          const list = blocks.get(key);
          if (list === undefined) blocks.set(key, [i]);
          else if (list[list.length - 1] !== i) list.push(i);
        }
      }
      yield { phase: 'pairs', done: base + n, total: pairsTotal };
      let sessionPairs = 0;
      let blocksRead = 0;
      let sinceReport = 0;
      const blockCount = blocks.size;
      for (const list of blocks.values()) {
        blocksRead++;
        if (sinceReport >= PROGRESS_EVERY) {
          sinceReport = 0;
          yield { phase: 'pairs', done: base + n + Math.floor((n * (blocksRead - 1)) / blockCount), total: pairsTotal };
        }
        if (list.length < 2 || list.length > blocking.maxBlock) continue;
        for (let x = 0; x < list.length && sessionPairs < MAX_TRAINING_PAIRS; x++)
          for (let y = x + 1; y < list.length && sessionPairs < MAX_TRAINING_PAIRS; y++) {
            const id = list[x]! * n + list[y]!;
            if (seen.has(id)) continue;
            seen.add(id);
            sessionPairs++;
            sinceReport++;
            levelsOf(comps, prepared[list[x]!]!, prepared[list[y]!]!, levels, null);
            if (!allSeen.has(id) && allSeen.size < MAX_TRAINING_PAIRS) {
              allSeen.add(id);
              addPattern(all, levels);
            }
            for (let k = 0; k < K; k++) if (masked[k]) levels[k] = -1;
            addPattern(session, levels);
          }
      }
      yield { phase: 'pairs', done: base + 2 * n, total: pairsTotal };
      if (sessionPairs === 0) {
        yield { phase: 'em', done: (g + 1) * maxIterations, total: emTotal };
        continue;
      }
      const fit = yield* em([...session.values()], L, u, null, maxIterations, tolerance, g * maxIterations, emTotal);
      iterations += fit.iterations;
      converged &&= fit.converged;
      for (let k = 0; k < K; k++) {
        if (masked[k] || fit.observed[k] === 0) continue;
        mSessions[k] = mSessions[k]! + 1;
        for (let l = 0; l < L[k]!; l++) mSum[k]![l]! += fit.m[k]![l]!;
      }
    }
    pairs = allSeen.size;
    allSeen.clear();
    if (pairs === 0)
      return fail('insufficient_data', 'trainMatchModel found no pair of records sharing a blocking key', [
        crmIssue.of('insufficient_data', ['records'], 'no two records share a blocking key of the blocking rule'),
      ]);
    const m = L.map((l, k) =>
      mSessions[k] === 0
        ? initialM(l)
        : smoothed(
            mSum[k]!.map((x) => x / mSessions[k]!),
            0,
          ),
    );
    // λ over every candidate pair, with m and u fixed.
    const last = yield* em([...all.values()], L, u, m, maxIterations, tolerance, groupCount * maxIterations, emTotal);
    iterations += last.iterations;
    converged &&= last.converged;
    const lambda = last.lambda;

    const comparisons: MatchComparison[] = comps.map((c, k) => ({
      field: c.field,
      levels: c.labels.map((label, l): MatchLevel => ({
        label,
        method: l < c.levels.length ? c.levels[l]!.method : null,
        threshold: l < c.levels.length && c.levels[l]!.method === 'jaroWinkler' ? c.levels[l]!.threshold : null,
        m: m[k]![l]!,
        u: u[k]![l]!,
        weight: Math.log2(m[k]![l]! / u[k]![l]!),
      })),
    }));
    const model: MatchModel = deepFreeze({
      kind: 'match_model' as const,
      object,
      comparisons,
      prior: lambda,
      threshold,
      blocking,
      iterations,
      converged,
      trainingPairs: pairs,
      randomPairs,
    });
    registerEngine(model, modelEngine(model, engine0, comps));
    registerFinder(model);
    return ok(model);
  }
}

/** The starting m of a comparison with `l` levels: 0.9 on the first, the rest shared. */
function initialM(l: number): Float64Array {
  const row = new Float64Array(l);
  row[0] = 0.9;
  for (let i = 1; i < l; i++) row[i] = 0.1 / (l - 1);
  return row;
}

/**
 * EM for the Fellegi–Sunter mixture with u fixed: estimates m (unless `fixedM` is given) and λ from level
 * patterns. `observed[k]` is the weight of pairs where comparison k was not blank.
 */
function* em(
  patterns: readonly { count: number; levels: Int8Array }[],
  L: readonly number[],
  u: readonly Float64Array[],
  fixedM: readonly Float64Array[] | null,
  maxIterations: number,
  tolerance: number,
  base: number,
  progressTotal: number,
): Generator<
  ScoringProgress | undefined,
  { m: Float64Array[]; lambda: number; iterations: number; converged: boolean; observed: Float64Array }
> {
  const K = L.length;
  let m: Float64Array[] = fixedM === null ? L.map(initialM) : fixedM.map((r) => r.slice());
  let lambda = 0.1;
  const logU = u.map((row) => row.map(Math.log));
  let total = 0;
  const observed = new Float64Array(K);
  for (const p of patterns) {
    total += p.count;
    for (let k = 0; k < K; k++) if (p.levels[k]! >= 0) observed[k]! += p.count;
  }
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    if (iterations > 0) yield { phase: 'em', done: base + iterations, total: progressTotal };
    iterations++;
    const logM = m.map((row) => row.map(Math.log));
    const mSums = L.map((l) => new Float64Array(l));
    let gSum = 0;
    for (const p of patterns) {
      let lm = Math.log(lambda);
      let lu = Math.log(1 - lambda);
      for (let k = 0; k < K; k++) {
        const l = p.levels[k]!;
        if (l < 0) continue;
        lm += logM[k]![l]!;
        lu += logU[k]![l]!;
      }
      const g = 1 / (1 + Math.exp(lu - lm));
      gSum += g * p.count;
      if (fixedM === null)
        for (let k = 0; k < K; k++) {
          const l = p.levels[k]!;
          if (l >= 0) mSums[k]![l]! += g * p.count;
        }
    }
    let delta = 0;
    if (fixedM === null) {
      const next = mSums.map((row, k) => (observed[k] === 0 ? m[k]! : smoothed(row, 1e-3)));
      for (let k = 0; k < K; k++)
        for (let l = 0; l < L[k]!; l++) delta = Math.max(delta, Math.abs(next[k]![l]! - m[k]![l]!));
      m = next;
    }
    const nextLambda = clamp(gSum / total);
    delta = Math.max(delta, Math.abs(nextLambda - lambda));
    lambda = nextLambda;
    if (delta < tolerance) {
      converged = true;
      break;
    }
  }
  yield { phase: 'em', done: base + maxIterations, total: progressTotal };
  return { m, lambda, iterations, converged, observed };
}

function clamp(p: number): number {
  return Math.min(1 - EPS, Math.max(EPS, p));
}

/** Counts made probabilities, with `alpha` added to each count, kept in [EPS, 1 − EPS]. */
function smoothed(counts: Float64Array, alpha: number): Float64Array {
  let total = 0;
  for (const c of counts) total += c + alpha;
  return counts.map((c) => clamp((c + alpha) / total));
}

/** The engine of a trained model: the blocking rule's groups, and the comparisons with their weights. */
function modelEngine(
  model: MatchModel,
  base: Engine,
  comps: readonly {
    field: string;
    levels: readonly { method: MatchLevel['method']; threshold: number; feature: number }[];
    labels: readonly string[];
  }[],
): Engine {
  const comparisons: CompiledComparison[] = comps.map((c, k) => {
    const trained = model.comparisons[k]!;
    return {
      field: c.field,
      labels: c.labels,
      levels: c.levels.map((l, i) => ({
        method: l.method!,
        threshold: l.threshold,
        feature: l.feature,
        weight: trained.levels[i]!.weight,
      })),
      elseWeight: trained.levels[trained.levels.length - 1]!.weight,
    };
  });
  return {
    ...base,
    model: { comparisons, priorWeight: Math.log2(model.prior / (1 - model.prior)), threshold: model.threshold },
  };
}
