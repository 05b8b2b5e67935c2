// Issue 21, item 3: Fellegi–Sunter models trained by EM without labels; and the benchmark of "Quality on
// data nobody tuned to" at 5,000 records (the 50,000-record run is test/bench/quality.bench.ts).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  duplicateClusters,
  findDuplicates,
  matchKeys,
  matchScore,
  STANDARD_LEAD_RULE,
  trainMatchModel,
} from '../../src/quality/index.js';
import { unwrap } from '../../src/core/result.js';
import { CrmError } from '../../src/core/errors.js';
import { generatePeople, pairScores } from './_people.js';

const bench = generatePeople(5000, 2026);
const model = unwrap(trainMatchModel(bench.records, { seed: 1 }));

describe('trainMatchModel', () => {
  it('is deterministic from the seed', () => {
    const again = unwrap(trainMatchModel(bench.records, { seed: 1 }));
    expect(again).toEqual(model);
  });
  it('learns that agreement is evidence for a match and disagreement against', () => {
    for (const c of model.comparisons) {
      const first = c.levels[0]!;
      const last = c.levels[c.levels.length - 1]!;
      expect(first.weight, c.field).toBeGreaterThan(0);
      expect(last.weight, c.field).toBeLessThan(0);
      for (const l of c.levels) {
        expect(Number.isFinite(l.weight)).toBe(true);
        expect(l.m > 0 && l.m < 1 && l.u > 0 && l.u < 1).toBe(true);
      }
    }
    expect(model.prior > 0 && model.prior < 1).toBe(true);
  });
  it('refuses bad input, and too little data', () => {
    expect(trainMatchModel(bench.records, {} as never).ok).toBe(false);
    expect(trainMatchModel(bench.records, { seed: 1, threshold: 1 }).ok).toBe(false);
    expect(trainMatchModel(bench.records, { seed: 1, speed: 2 } as never).ok).toBe(false);
    expect(
      trainMatchModel(bench.records, { seed: 1, comparisons: [{ field: 'nope', levels: [{ method: 'exact' }] }] }).ok,
    ).toBe(false);
    const one = trainMatchModel([bench.records[0]!], { seed: 1 });
    expect(!one.ok && one.error.code).toBe('insufficient_data');
    expect(trainMatchModel('x' as never, { seed: 1, object: 'lead' }).ok).toBe(false);
    expect(trainMatchModel(null as never, null as never).ok).toBe(false);
  });
});

describe('matchScore', () => {
  const [a, b] = [bench.records[0]!, bench.records[1]!];
  it('explains the probability by per-field weights', () => {
    const s = unwrap(matchScore(model, a, a));
    const sum = s.priorWeight + s.fields.reduce((t, f) => t + (f.weight ?? 0), 0);
    expect(s.weight).toBeCloseTo(sum, 12);
    expect(s.probability).toBeCloseTo(2 ** s.weight / (1 + 2 ** s.weight), 12);
    expect(s.match).toBe(true);
    expect(s.fields.map((f) => f.field)).toEqual(model.comparisons.map((c) => c.field));
  });
  it('is symmetric (property)', () => {
    const rec = fc.constantFrom(...bench.records.slice(0, 300));
    fc.assert(
      fc.property(rec, rec, (x, y) => {
        expect(unwrap(matchScore(model, x, y)).probability).toBe(unwrap(matchScore(model, y, x)).probability);
      }),
    );
  });
  it('refuses bad records, and throws for a rule in place of a model', () => {
    expect(matchScore(model, a, null as never).ok).toBe(false);
    expect(() => matchScore(STANDARD_LEAD_RULE as never, a, b)).toThrow(CrmError);
  });
});

describe('a model is accepted wherever a rule is', () => {
  it('matchKeys, findDuplicates (probability as score, weights as evidence), duplicateClusters', () => {
    expect(unwrap(matchKeys(model, bench.records[0]!)).length).toBeGreaterThan(0);
    const dup = { ...bench.records[0]!, id: 'copy' };
    const found = unwrap(findDuplicates(model, dup, bench.records));
    expect(found.candidates[0]!.id).toBe(bench.records[0]!.id);
    expect(found.candidates[0]!.evidence.every((e) => typeof e.weight === 'number')).toBe(true);
  });
});

describe('quality on data nobody tuned to (5,000 people, 20% duplicates, seed 2026)', () => {
  const n = bench.records.length;
  const allPairs = (n * (n - 1)) / 2;
  it('the standard rule: precision ≥ 0.98, candidate pairs ≤ 1% of all pairs', () => {
    const r = unwrap(duplicateClusters(STANDARD_LEAD_RULE, bench.records));
    const s = pairScores(r.clusters, bench.personOf);
    expect(s.precision).toBeGreaterThanOrEqual(0.98);
    expect(s.recall).toBeGreaterThan(0.9);
    expect(r.comparedPairs / allPairs).toBeLessThanOrEqual(0.01);
  });
  it('the trained model: F1 ≥ 0.95, candidate pairs ≤ 1% of all pairs', () => {
    const r = unwrap(duplicateClusters(model, bench.records));
    const s = pairScores(r.clusters, bench.personOf);
    expect(s.f1).toBeGreaterThanOrEqual(0.95);
    expect(r.comparedPairs / allPairs).toBeLessThanOrEqual(0.01);
  });
});
