/**
 * Defects the fuzzer (test/fuzz, issue 12) found in crmkit/scoring, one test each, naming the fuzzed
 * call that found it. Each failed before its fix (checked against commit 15f6b9f).
 */
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../src/core/result.js';
import {
  calibrationTable,
  confusionAt,
  defineScoringModel,
  fitLogisticRegression,
  fitNaiveBayes,
  kFold,
  predictNaiveBayes,
  predictProbability,
  rankLeads,
  rocAuc,
  scoreLead,
  scoreLeads,
  scoringCatalog,
  trainTestSplit,
  type ScoringModel,
} from '../../src/scoring/index.js';

const throwingAt0 = (rest: unknown[]): unknown[] =>
  Object.defineProperty([...rest], 0, {
    enumerable: true,
    get() {
      throw new Error('getter 0');
    },
  });
const asOf = { asOf: new Date('2026-02-01T00:00:00Z') };
const rule = {
  id: 'title-vp',
  axis: 'fit' as const,
  when: { field: 'title', op: 'contains' as const, value: 'VP' },
  points: 20,
};
const model = (): ScoringModel =>
  unwrap(defineScoringModel({ rules: [rule], decay: { engagement: { type: 'halfLife', days: 30 } } }));

function expectError(r: { ok: boolean }, code = 'validation_failed'): void {
  expect(r.ok).toBe(false);
  expect((r as unknown as { error: { code: string } }).error.code).toBe(code);
}

describe('crmkit/scoring: defects found by the fuzzer', () => {
  it('defineScoringModel(args[0].rules = array with throwing getter at 0): a Result, not a thrown getter error', () => {
    expectError(defineScoringModel({ rules: throwingAt0([rule]) as never }));
  });

  it('defineScoringModel(args[0].decay.engagement.constructor = {…}): refused, and nothing of the caller frozen', () => {
    const extra = { a: 1 };
    const r = defineScoringModel({
      rules: [rule],
      decay: { engagement: { type: 'halfLife', days: 30, constructor: extra } as never },
    });
    expect(Object.isFrozen(extra)).toBe(false);
    expectError(r);
    expectError(defineScoringModel({ rules: [rule], caps: { fit: { max: 10, extra: 1 } as never } }));
    expectError(
      defineScoringModel({ rules: [rule], grades: { fit: [3, 2, 1], engagement: [3, 2, 1], x: 1 } as never }),
    );
  });

  it('scoringCatalog(args[0].toString = -Infinity): entries that name no field type are left out', () => {
    const c = scoringCatalog({ employees: 'number', toString: -Infinity } as never);
    expect(c.fields['employees']).toBe('number');
    expect(Object.hasOwn(c.fields, 'toString')).toBe(false);
  });

  it('scoreLead(args[0].rules[0].when = a non-condition): a validation_failed Result, not a TypeError', () => {
    const m = { ...model(), rules: [{ ...rule, when: 5 }] } as unknown as ScoringModel;
    expectError(scoreLead(m, { title: 'VP' }, [], asOf));
    // A model missing what defineScoringModel fills in is scored from its checked copy (defaults filled).
    const noDecay = { ...model(), decay: {} } as unknown as ScoringModel;
    expect(scoreLeads(noDecay, [{ title: 'VP' }], [], asOf).ok).toBe(true);
  });

  it('scoreLeads(args[0].decay.engagement.unknownKey = …): the model is checked, the caller’s objects are not frozen', () => {
    const engagement = { type: 'none', unknownKey: { a: 1 } };
    const m = { ...model(), decay: { engagement } } as unknown as ScoringModel;
    expectError(scoreLeads(m, [{ title: 'VP' }], [], asOf));
    expect(Object.isFrozen(engagement.unknownKey)).toBe(false);
  });

  it('rankLeads(args[0].rules[…].when.any[0].value[0] = a cycle): a Result, not "Converting circular structure to JSON"', () => {
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    const m = {
      ...model(),
      rules: [{ ...rule, when: { any: [{ field: 'country', op: 'in', value: [cycle] }] } }],
    } as unknown as ScoringModel;
    expectError(rankLeads(m, [{ id: 'a' }], [], asOf));
  });

  it('rankLeads(args[1][0].title = NaN): the contribution’s value is null, never NaN', () => {
    const m = unwrap(
      defineScoringModel({
        rules: [{ id: 'emp', axis: 'fit', when: { field: 'title', op: 'isNull', value: false }, points: 1 }],
      }),
    );
    const r = unwrap(
      rankLeads(
        m,
        [
          { id: 'a', title: NaN },
          { id: 'b', title: new Date(NaN) },
        ],
        [],
        asOf,
      ),
    );
    for (const row of r) expect(row.score.contributions[0]!.value).toBeNull();
  });

  it('confusionAt(args[2] = -Infinity): a non-finite threshold is refused (it would come back in the result)', () => {
    expectError(confusionAt([0.1, 0.9], [0, 1], -Infinity));
    expectError(confusionAt([0.1, 0.9], [0, 1], Infinity));
  });

  it('rocAuc(args[0] = array with throwing getter at 0): a Result (the shared check of the evaluation functions)', () => {
    expectError(rocAuc(throwingAt0([0.1, 0.9]) as never, [0, 1]));
  });

  it('predictProbability(args[0].features[1].levels[0] = hole): reported, not a TypeError', () => {
    const rows = [
      { x: 1, c: 'a', y: 0 },
      { x: 2, c: 'b', y: 1 },
      { x: 3, c: 'a', y: 1 },
      { x: 4, c: 'b', y: 0 },
      { x: 5, c: 'a', y: 1 },
    ];
    const m = unwrap(fitLogisticRegression(rows, { features: ['x', 'c'], target: 'y', l2: 1 }));
    const cat = m.features[1] as unknown as { levels: readonly unknown[] };
    const levels = [...cat.levels];
    delete levels[0];
    const broken = { ...m, features: [m.features[0], { ...cat, levels }] } as never;
    expectError(predictProbability(broken, { x: 2, c: 'b' }));
  });

  it('trainTestSplit(args[0] = array with throwing getter at 0): a Result; holes are rows like any other', () => {
    expectError(trainTestSplit(throwingAt0([1, 2, 3, 4]), { testFraction: 0.5, seed: 1 }));
    const sparse = new Array<unknown>(4);
    sparse[1] = 'b';
    const s = unwrap(trainTestSplit(sparse, { testFraction: 0.5, seed: 1 }));
    expect(s.train.length + s.test.length).toBe(4);
    const folds = unwrap(kFold(sparse, { k: 2, seed: 1 }));
    expect(folds.reduce((n, f) => n + f.test.length, 0)).toBe(4);
  });

  it('fitLogisticRegression(args[0][2].employees = 1e308): refused (too_big), not a model with sd = Infinity', () => {
    const rows = [
      { e: 10, y: 0 },
      { e: 20, y: 1 },
      { e: 1e308, y: 0 },
      { e: 40, y: 1 },
    ];
    const r = fitLogisticRegression(rows, { features: ['e'], target: 'y' });
    expectError(r);
    if (!r.ok) expect(r.error.issues[0]!.code).toBe('too_big');
  });

  it('predictNaiveBayes(args[0].smoothing = 1e308): a probability, not NaN (α·k overflowed)', () => {
    const rows = [
      { c: 'a', won: 1 },
      { c: 'b', won: 0 },
      { c: 'a', won: 0 },
    ];
    const m = unwrap(fitNaiveBayes(rows, { features: ['c'], target: 'won', smoothing: 1e308, minWon: 1, minLost: 1 }));
    const p = unwrap(predictNaiveBayes(m, { c: 'a' }));
    // With α → ∞ every value is equally likely under both classes: the prior, 1/3.
    expect(p.probability).toBeCloseTo(1 / 3, 12);
  });

  it('scoreLeads(args[0].rules[2].points = 1e308): refused, as per-activity points × count overflowed to Infinity', () => {
    const when = { activity: { field: 'kind', op: 'eq', value: 'web' } } as const;
    expectError(
      defineScoringModel({ rules: [{ id: 'visits', axis: 'engagement', when, points: 1e308, per: 'activity' }] }),
    );
    const m = { ...model(), rules: [{ id: 'visits', axis: 'engagement', when, points: 1e308, per: 'activity' }] };
    const visits = [
      { kind: 'web', occurredAt: '2026-01-05T10:00:00Z' },
      { kind: 'web', occurredAt: '2026-01-06T10:00:00Z' },
    ];
    expectError(scoreLeads(m as unknown as ScoringModel, [{ id: 'a' }], [visits], asOf));
    expect(defineScoringModel({ rules: [{ ...rule, points: -1e12 }] }).ok).toBe(true);
  });

  it('calibrationTable(args[2].bins = a large integer): refused above 10,000 (one row per uniform bin; 2^32 bins threw a RangeError)', () => {
    const r = calibrationTable([0.1, 0.9], [0, 1], { bins: 2 ** 32 });
    expectError(r);
    if (!r.ok) expect(r.error.issues[0]!.code).toBe('too_big');
    expect(calibrationTable([0.1, 0.9], [0, 1], { bins: 10_000 }).ok).toBe(true);
  });
});
