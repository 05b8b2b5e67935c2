import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { trainLogisticRegression, predictProbability } from '../../src/scoring/index.js';
import { createRng } from '../../src/math/random.js';

// 60 rows generated with createRng(2024) (see docs/scoring.md); written to CSV and fitted in R 4.2:
const ROWS: { visits: number; employees: number; industry: string; won: number }[] = [
  { visits: 14, employees: 40, industry: 'retail', won: 0 },
  { visits: 3, employees: 91, industry: 'finance', won: 0 },
  { visits: 11, employees: 370, industry: 'software', won: 0 },
  { visits: 19, employees: 66, industry: 'finance', won: 1 },
  { visits: 19, employees: 467, industry: 'finance', won: 1 },
  { visits: 17, employees: 459, industry: 'finance', won: 1 },
  { visits: 5, employees: 236, industry: 'finance', won: 0 },
  { visits: 18, employees: 193, industry: 'finance', won: 1 },
  { visits: 19, employees: 288, industry: 'software', won: 0 },
  { visits: 11, employees: 346, industry: 'retail', won: 0 },
  { visits: 9, employees: 300, industry: 'finance', won: 1 },
  { visits: 15, employees: 256, industry: 'software', won: 1 },
  { visits: 11, employees: 400, industry: 'finance', won: 1 },
  { visits: 7, employees: 332, industry: 'finance', won: 0 },
  { visits: 11, employees: 116, industry: 'finance', won: 1 },
  { visits: 17, employees: 198, industry: 'software', won: 0 },
  { visits: 6, employees: 347, industry: 'retail', won: 1 },
  { visits: 12, employees: 283, industry: 'finance', won: 1 },
  { visits: 5, employees: 437, industry: 'finance', won: 1 },
  { visits: 2, employees: 236, industry: 'retail', won: 0 },
  { visits: 3, employees: 210, industry: 'software', won: 1 },
  { visits: 20, employees: 102, industry: 'retail', won: 1 },
  { visits: 5, employees: 194, industry: 'finance', won: 0 },
  { visits: 19, employees: 306, industry: 'software', won: 1 },
  { visits: 15, employees: 322, industry: 'software', won: 1 },
  { visits: 20, employees: 368, industry: 'software', won: 1 },
  { visits: 0, employees: 424, industry: 'finance', won: 0 },
  { visits: 17, employees: 332, industry: 'software', won: 1 },
  { visits: 0, employees: 251, industry: 'software', won: 0 },
  { visits: 14, employees: 467, industry: 'finance', won: 1 },
  { visits: 20, employees: 429, industry: 'software', won: 1 },
  { visits: 17, employees: 251, industry: 'software', won: 1 },
  { visits: 10, employees: 197, industry: 'finance', won: 1 },
  { visits: 15, employees: 145, industry: 'retail', won: 1 },
  { visits: 8, employees: 278, industry: 'software', won: 1 },
  { visits: 6, employees: 234, industry: 'software', won: 1 },
  { visits: 11, employees: 184, industry: 'finance', won: 0 },
  { visits: 16, employees: 490, industry: 'software', won: 1 },
  { visits: 9, employees: 335, industry: 'retail', won: 1 },
  { visits: 7, employees: 222, industry: 'retail', won: 1 },
  { visits: 7, employees: 294, industry: 'software', won: 1 },
  { visits: 14, employees: 411, industry: 'software', won: 1 },
  { visits: 3, employees: 391, industry: 'software', won: 1 },
  { visits: 18, employees: 469, industry: 'retail', won: 0 },
  { visits: 1, employees: 292, industry: 'software', won: 1 },
  { visits: 15, employees: 72, industry: 'retail', won: 1 },
  { visits: 5, employees: 482, industry: 'finance', won: 1 },
  { visits: 16, employees: 359, industry: 'software', won: 1 },
  { visits: 5, employees: 143, industry: 'software', won: 1 },
  { visits: 14, employees: 332, industry: 'retail', won: 1 },
  { visits: 14, employees: 206, industry: 'software', won: 1 },
  { visits: 15, employees: 274, industry: 'retail', won: 1 },
  { visits: 7, employees: 57, industry: 'retail', won: 0 },
  { visits: 19, employees: 293, industry: 'finance', won: 1 },
  { visits: 5, employees: 487, industry: 'software', won: 1 },
  { visits: 11, employees: 218, industry: 'finance', won: 0 },
  { visits: 4, employees: 11, industry: 'finance', won: 1 },
  { visits: 16, employees: 318, industry: 'retail', won: 1 },
  { visits: 12, employees: 421, industry: 'retail', won: 1 },
  { visits: 5, employees: 281, industry: 'software', won: 0 },
];

describe('trainLogisticRegression', () => {
  it('matches R glm(won ~ visits + employees + industry, family = binomial) to 1e-6', () => {
    // R> d <- read.csv("lr.csv"); m <- glm(won ~ visits + employees + industry, data = d, family = binomial)
    // R> sprintf("%.10f", coef(m))
    // [1] "-1.1330280386" "0.1124119919"  "0.0027597087"  "-0.1512923339" "0.5202161947"
    // R> names(coef(m)): "(Intercept)" "visits" "employees" "industryretail" "industrysoftware"
    // R> -as.numeric(logLik(m)) / nrow(d)  →  "0.5365660616";  m$iter → 4
    const r = trainLogisticRegression(ROWS, { features: ['visits', 'employees', 'industry'], target: 'won', l2: 0 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const m = r.value;
    expect(m.converged).toBe(true);
    expect(m.status).toBe('converged');
    expect(Math.abs(m.intercept - -1.1330280386)).toBeLessThan(1e-6);
    expect(Math.abs(m.coefficients['visits']! - 0.1124119919)).toBeLessThan(1e-6);
    expect(Math.abs(m.coefficients['employees']! - 0.0027597087)).toBeLessThan(1e-6);
    expect(Math.abs(m.coefficients['industry=retail']! - -0.1512923339)).toBeLessThan(1e-6);
    expect(Math.abs(m.coefficients['industry=software']! - 0.5202161947)).toBeLessThan(1e-6);
    expect(Math.abs(m.logLoss - 0.5365660616)).toBeLessThan(1e-8);
    expect(m.rows).toBe(60);
    const cat = m.features.find((f) => f.name === 'industry');
    expect(cat?.type === 'categorical' && cat.reference).toBe('finance');
  });

  it('matches R with two categorical features (cross blocks of the one-hot Hessian)', () => {
    // region of row i: ['east','north','west'][i % 4 ? (i * 7) % 3 : Math.floor(i / 4) % 3]
    // R> m <- glm(won ~ visits + employees + industry + region, data = d, family = binomial); sprintf("%.10f", coef(m))
    // [1] "-1.0420401657" "0.1058928082"  "0.0031846314"  "-0.0402630685" "0.3916986382"  "-0.6188356178" "0.3256216735"
    // names: (Intercept) visits employees industryretail industrysoftware regionnorth regionwest
    const regions = ['east', 'north', 'west'];
    const rows = ROWS.map((r, i) => ({ ...r, region: regions[i % 4 ? (i * 7) % 3 : Math.floor(i / 4) % 3]! }));
    const r = trainLogisticRegression(rows, { features: ['visits', 'employees', 'industry', 'region'], target: 'won' });
    if (!r.ok) throw r.error;
    const want: [string, number][] = [
      ['visits', 0.1058928082],
      ['employees', 0.0031846314],
      ['industry=retail', -0.0402630685],
      ['industry=software', 0.3916986382],
      ['region=north', -0.6188356178],
      ['region=west', 0.3256216735],
    ];
    expect(Math.abs(r.value.intercept - -1.0420401657)).toBeLessThan(1e-6);
    for (const [name, value] of want) expect(Math.abs(r.value.coefficients[name]! - value)).toBeLessThan(1e-6);
  });

  it('matches R on the five-point example: glm(y ~ x) with x = 1:5, y = c(0,1,0,1,1) → -2.6485865987, 1.0904255521', () => {
    const rows = [
      { x: 1, y: 0 },
      { x: 2, y: 1 },
      { x: 3, y: 0 },
      { x: 4, y: 1 },
      { x: 5, y: 1 },
    ];
    const r = trainLogisticRegression(rows, { features: ['x'], target: 'y' });
    if (!r.ok) throw r.error;
    expect(Math.abs(r.value.intercept - -2.6485865987)).toBeLessThan(1e-6);
    expect(Math.abs(r.value.coefficients['x']! - 1.0904255521)).toBeLessThan(1e-6);
  });

  it('is JSON-serializable and frozen, and predictions explain the log-odds', () => {
    const r = trainLogisticRegression(ROWS, { features: ['visits', 'employees', 'industry'], target: 'won' });
    if (!r.ok) throw r.error;
    const m = r.value;
    expect(Object.isFrozen(m)).toBe(true);
    const copy = JSON.parse(JSON.stringify(m));
    expect(copy).toEqual(m);
    const p = predictProbability(copy, { visits: 12, employees: 300, industry: 'software' });
    if (!p.ok) throw p.error;
    const sum = p.value.baselineLogOdds + p.value.contributions.reduce((a, c) => a + c.contribution, 0);
    expect(p.value.logOdds).toBeCloseTo(sum, 12);
    // Same as the original-scale linear predictor R would give: predict(m, newdata, type = "link").
    const link =
      m.intercept +
      12 * m.coefficients['visits']! +
      300 * m.coefficients['employees']! +
      m.coefficients['industry=software']!;
    expect(p.value.logOdds).toBeCloseTo(link, 10);
    expect(p.value.probability).toBeCloseTo(1 / (1 + Math.exp(-link)), 12);
  });

  it('treats an unseen category as the reference level and flags it', () => {
    const m = trainLogisticRegression(ROWS, { features: ['visits', 'industry'], target: 'won' });
    if (!m.ok) throw m.error;
    const p = predictProbability(m.value, { visits: 5, industry: 'mining' });
    const q = predictProbability(m.value, { visits: 5, industry: 'finance' });
    if (!p.ok || !q.ok) throw new Error('prediction failed');
    expect(p.value.contributions.find((c) => c.feature === 'industry')).toMatchObject({
      unseen: true,
      contribution: 0,
    });
    expect(p.value.probability).toBe(q.value.probability);
  });

  it('rejects rows with missing targets and non-finite features, naming each index', () => {
    const rows = [{ x: 1, y: 1 }, { x: NaN, y: 0 }, { x: 2 }, { x: 3, y: 'yes' }, { x: Infinity, y: 1 }, { y: 0 }];
    const r = trainLogisticRegression(rows, { features: ['x'], target: 'y' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('validation_failed');
    const paths = r.error.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['1.x', '2.y', '3.y', '4.x', '5.x']);
  });

  it('reports one-class and empty data as insufficient_data, and bad options as validation_failed', () => {
    expect(
      trainLogisticRegression(
        [
          { x: 1, y: 1 },
          { x: 2, y: 1 },
        ],
        { features: ['x'], target: 'y' },
      ),
    ).toMatchObject({ ok: false, error: { code: 'insufficient_data' } });
    expect(trainLogisticRegression([], { features: ['x'], target: 'y' })).toMatchObject({
      ok: false,
      error: { code: 'insufficient_data' },
    });
    expect(trainLogisticRegression(ROWS, { features: ['visits'], target: 'won', l2: -1 })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    expect(trainLogisticRegression(ROWS, { features: [], target: 'won' })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    expect(trainLogisticRegression(ROWS, { features: ['won'], target: 'won' })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
  });

  it('stops on perfectly separable data with finite coefficients and says so; l2 makes it converge', () => {
    const rows = [
      { x: 1, y: 0 },
      { x: 2, y: 0 },
      { x: 3, y: 0 },
      { x: 4, y: 1 },
      { x: 5, y: 1 },
      { x: 6, y: 1 },
    ];
    const r = trainLogisticRegression(rows, { features: ['x'], target: 'y' });
    if (!r.ok) throw r.error;
    expect(r.value.converged).toBe(false);
    expect(r.value.status).toBe('separated');
    expect(Number.isFinite(r.value.coefficients['x']!)).toBe(true);
    expect(Number.isFinite(r.value.logLoss)).toBe(true);
    const ridge = trainLogisticRegression(rows, { features: ['x'], target: 'y', l2: 1 });
    if (!ridge.ok) throw ridge.error;
    expect(ridge.value.converged).toBe(true);
    expect(Number.isFinite(ridge.value.coefficients['x']!)).toBe(true);
  });

  it('handles a constant feature with a warning and collinear features as singular (not an exception)', () => {
    const rows = ROWS.map((r) => ({ ...r, one: 5, twice: 2 * r.visits }));
    const c = trainLogisticRegression(rows, { features: ['visits', 'one'], target: 'won' });
    if (!c.ok) throw c.error;
    expect(c.value.coefficients['one']).toBe(0);
    expect(c.value.warnings.join(' ')).toMatch(/constant/);
    const s = trainLogisticRegression(rows, { features: ['visits', 'twice'], target: 'won' });
    if (!s.ok) throw s.error;
    expect(s.value.converged).toBe(false);
    expect(s.value.status).toBe('singular');
    const fixed = trainLogisticRegression(rows, { features: ['visits', 'twice'], target: 'won', l2: 0.5 });
    expect(fixed.ok && fixed.value.converged).toBe(true);
  });

  it('property: with l2 the fit satisfies the penalized score equations Xᵀ(y − p) = l2·β (standardized)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 20, noNaN: true }), (l2) => {
        const r = trainLogisticRegression(ROWS, { features: ['visits', 'employees'], target: 'won', l2 });
        if (!r.ok) throw r.error;
        const m = r.value;
        expect(m.converged).toBe(true);
        const f = m.features.filter((x) => x.type === 'numeric');
        let g0 = 0,
          g1 = 0,
          g2 = 0;
        for (const row of ROWS) {
          const z = f.map((x) => (row[x.name as 'visits' | 'employees'] - x.mean) / x.sd);
          const eta = m.baselineLogOdds + z[0]! * f[0]!.standardizedCoefficient + z[1]! * f[1]!.standardizedCoefficient;
          const resid = row.won - 1 / (1 + Math.exp(-eta));
          g0 += resid;
          g1 += resid * z[0]!;
          g2 += resid * z[1]!;
        }
        expect(Math.abs(g0)).toBeLessThan(1e-7);
        expect(Math.abs(g1 - l2 * f[0]!.standardizedCoefficient)).toBeLessThan(1e-7);
        expect(Math.abs(g2 - l2 * f[1]!.standardizedCoefficient)).toBeLessThan(1e-7);
      }),
      { numRuns: 20 },
    );
  });

  it('solves the score equations Xᵀ(y − p) = 0 on data spanning several row blocks, with two categoricals and booleans', () => {
    // 3,001 rows (more than one 1,024-row block, and a partial last block); at the MLE every design
    // column is orthogonal to the residuals (McCullagh & Nelder §4.4), computed here from the rows.
    const rng = createRng(99);
    const rows = Array.from({ length: 3001 }, () => {
      const a = rng.next() * 10,
        b = rng.next() - 0.5,
        flag = rng.next() < 0.3;
      const c1 = ['p', 'q', 'r'][rng.nextInt(3)]!,
        c2 = ['u', 'v', 'w', 'z'][rng.nextInt(4)]!;
      const eta = -1 + 0.2 * a - b + (flag ? 0.5 : 0) + (c1 === 'q' ? 0.7 : 0) + (c2 === 'z' ? -0.6 : 0);
      return { a, b, flag, c1, c2, y: rng.next() < 1 / (1 + Math.exp(-eta)) };
    });
    const r = trainLogisticRegression(rows, { features: ['a', 'b', 'flag', 'c1', 'c2'], target: 'y' });
    if (!r.ok) throw r.error;
    expect(r.value.converged).toBe(true);
    const c = r.value.coefficients;
    const resid = rows.map((row) => {
      const eta =
        r.value.intercept +
        c['a']! * row.a +
        c['b']! * row.b +
        c['flag']! * (row.flag ? 1 : 0) +
        (c[`c1=${row.c1}`] ?? 0) +
        (c[`c2=${row.c2}`] ?? 0);
      return (row.y ? 1 : 0) - 1 / (1 + Math.exp(-eta));
    });
    const score = (x: (i: number) => number): number => resid.reduce((s, e, i) => s + e * x(i), 0);
    expect(Math.abs(score(() => 1))).toBeLessThan(1e-8);
    expect(Math.abs(score((i) => rows[i]!.a))).toBeLessThan(1e-7);
    expect(Math.abs(score((i) => rows[i]!.b))).toBeLessThan(1e-8);
    expect(Math.abs(score((i) => (rows[i]!.flag ? 1 : 0)))).toBeLessThan(1e-8);
    for (const key of ['c1=q', 'c1=r', 'c2=v', 'c2=w', 'c2=z']) {
      const [f, level] = key.split('=') as ['c1' | 'c2', string];
      expect(Object.keys(c)).toContain(key);
      expect(Math.abs(score((i) => (rows[i]![f] === level ? 1 : 0)))).toBeLessThan(1e-8);
    }
    // Every row twice: the same likelihood up to a factor 2, so the same coefficients.
    const twice = trainLogisticRegression([...rows, ...rows], {
      features: ['a', 'b', 'flag', 'c1', 'c2'],
      target: 'y',
    });
    if (!twice.ok) throw twice.error;
    for (const [k, v] of Object.entries(c)) expect(twice.value.coefficients[k]).toBeCloseTo(v, 9);
  });

  it('property: probabilities are never NaN and stay in [0, 1] for any finite input row', () => {
    const r = trainLogisticRegression(ROWS, { features: ['visits', 'employees', 'industry'], target: 'won' });
    if (!r.ok) throw r.error;
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.string(),
        (v, e, ind) => {
          const p = predictProbability(r.value, { visits: v, employees: e, industry: ind });
          if (!p.ok) throw p.error;
          expect(p.value.probability).toBeGreaterThanOrEqual(0);
          expect(p.value.probability).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('predictProbability rejects a missing or non-finite feature with its name as path', () => {
    const r = trainLogisticRegression(ROWS, { features: ['visits', 'industry'], target: 'won' });
    if (!r.ok) throw r.error;
    const p = predictProbability(r.value, { visits: NaN });
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.error.issues.map((i) => i.path[0])).toEqual(['visits', 'industry']);
  });

  it('does not mutate its input rows', () => {
    const rows = ROWS.slice(0, 30).map((r) => ({ ...r }));
    const before = JSON.stringify(rows);
    trainLogisticRegression(rows, { features: ['visits', 'industry'], target: 'won' });
    expect(JSON.stringify(rows)).toBe(before);
  });
});
