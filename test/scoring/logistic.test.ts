import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  fitLogisticRegression,
  fitLogisticRegressionAsync,
  trainLogisticRegression,
  predictProbability,
  type LogisticModel,
  type ScoringProgress,
} from '../../src/scoring/index.js';
import { createRng } from '../../src/math/random.js';

// 60 rows generated with createRng(2024) (see docs/scoring.md), written to lr.csv (columns visits, employees,
// industry, won) and fitted in R 4.2.2 (Debian bookworm, ICU 72.1, locale C.UTF-8):
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

/** |actual − expected| ≤ tol · max(1, |expected|). */
function close(actual: number | undefined, expected: number, tol = 1e-12): void {
  expect(actual).toBeTypeOf('number');
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

function fitted(rows: readonly object[], options: Parameters<typeof fitLogisticRegression>[1]): LogisticModel {
  const r = fitLogisticRegression(rows, options);
  if (!r.ok) throw r.error;
  return r.value;
}

describe('fitLogisticRegression equals R glm(…, family = binomial)', () => {
  it('won ~ visits + employees + industry: R coefficients, iter, deviance, reference level', () => {
    // R> d <- read.csv("lr.csv"); m <- glm(won ~ visits + employees + industry, data = d, family = binomial)
    // R> cat(sprintf("%s=%.17g", names(coef(m)), coef(m)), sep = "\n"); m$iter; sprintf("%.17g", m$deviance)
    // (Intercept)=-1.133028038622423  visits=0.11241199188673399  employees=0.0027597087303220581
    // industryretail=-0.15129233386717303  industrysoftware=0.52021619474687142
    // iter 4, converged TRUE, deviance 64.387927388808976
    const m = fitted(ROWS, { features: ['visits', 'employees', 'industry'], target: 'won' });
    expect(m.status).toBe('converged');
    expect(m.converged).toBe(true);
    expect(m.iterations).toBe(4);
    close(m.intercept, -1.133028038622423);
    close(m.coefficients['visits'], 0.11241199188673399);
    close(m.coefficients['employees'], 0.0027597087303220581);
    close(m.coefficients['industry=retail'], -0.15129233386717303);
    close(m.coefficients['industry=software'], 0.52021619474687142);
    close(m.deviance, 64.387927388808976);
    close(m.logLoss, 64.387927388808976 / 2 / 60);
    expect(m.rows).toBe(60);
    expect(m.aliased).toEqual([]);
    const cat = m.features.find((f) => f.name === 'industry');
    expect(cat?.type === 'categorical' && cat.reference).toBe('finance');
  });

  it('two categorical features (cross blocks of the one-hot cross-products)', () => {
    // R> i <- seq_len(nrow(d)) - 1
    // R> d$region <- c("east", "north", "west")[ifelse(i %% 4 != 0, (i * 7) %% 3, (i %/% 4) %% 3) + 1]
    // R> m <- glm(won ~ visits + employees + industry + region, data = d, family = binomial)
    // (Intercept)=-1.0420401656946299 visits=0.10589280820409629 employees=0.0031846314173118858
    // industryretail=-0.040263068466267628 industrysoftware=0.39169863821867446
    // regionnorth=-0.61883561778173857 regionwest=0.32562167351392207; iter 4, deviance 62.854403586951484
    const regions = ['east', 'north', 'west'];
    const rows = ROWS.map((r, i) => ({ ...r, region: regions[i % 4 ? (i * 7) % 3 : Math.floor(i / 4) % 3]! }));
    const m = fitted(rows, { features: ['visits', 'employees', 'industry', 'region'], target: 'won' });
    close(m.intercept, -1.0420401656946299);
    const want: [string, number][] = [
      ['visits', 0.10589280820409629],
      ['employees', 0.0031846314173118858],
      ['industry=retail', -0.040263068466267628],
      ['industry=software', 0.39169863821867446],
      ['region=north', -0.61883561778173857],
      ['region=west', 0.32562167351392207],
    ];
    for (const [name, value] of want) close(m.coefficients[name], value);
    expect(m.iterations).toBe(4);
    close(m.deviance, 62.854403586951484);
  });

  it('the five-point example: R> glm(y ~ x, family = binomial) with x = 1:5, y = c(0,1,0,1,1)', () => {
    // (Intercept)=-2.6485865986886776 x=1.0904255520972641; iter 4; deviance 4.8439336873716208
    const rows = [1, 2, 3, 4, 5].map((x, i) => ({ x, y: [0, 1, 0, 1, 1][i]! }));
    const m = fitted(rows, { features: ['x'], target: 'y' });
    close(m.intercept, -2.6485865986886776);
    close(m.coefficients['x'], 1.0904255520972641);
    expect(m.iterations).toBe(4);
    close(m.deviance, 4.8439336873716208);
  });

  it("follows R's iterations: glm.control(maxit = 2) and glm.control(epsilon = 1e-3) stop where R stops", () => {
    // R> glm(won ~ visits + employees + industry, data = d, family = binomial, control = glm.control(maxit = 2))
    // (Intercept)=-1.1260051983444495 visits=0.11190338953034437 employees=0.002749289066080142
    // industryretail=-0.15024843043281561 industrysoftware=0.51609044510623292; iter 2, converged FALSE
    // (warning: glm.fit: algorithm did not converge); deviance 64.388101359762729
    const two = fitted(ROWS, { features: ['visits', 'employees', 'industry'], target: 'won', maxIterations: 2 });
    expect(two.status).toBe('max_iterations');
    expect(two.converged).toBe(false);
    expect(two.iterations).toBe(2);
    close(two.intercept, -1.1260051983444495);
    close(two.coefficients['visits'], 0.11190338953034437);
    close(two.coefficients['employees'], 0.002749289066080142);
    close(two.coefficients['industry=retail'], -0.15024843043281561);
    close(two.coefficients['industry=software'], 0.51609044510623292);
    close(two.deviance, 64.388101359762729);
    expect(two.warnings.join(' ')).toMatch(/did not converge/);
    // R> … control = glm.control(epsilon = 1e-3): iter 3, converged TRUE
    // (Intercept)=-1.1330122880965354 visits=0.112410738255232 employees=0.0027596860915307881
    // industryretail=-0.1512893923862097 industrysoftware=0.52020591388614479; deviance 64.387927389915106
    const loose = fitted(ROWS, { features: ['visits', 'employees', 'industry'], target: 'won', epsilon: 1e-3 });
    expect(loose.iterations).toBe(3);
    expect(loose.converged).toBe(true);
    close(loose.intercept, -1.1330122880965354);
    close(loose.coefficients['visits'], 0.112410738255232);
    close(loose.coefficients['industry=software'], 0.52020591388614479);
    close(loose.deviance, 64.387927389915106);
    // `tolerance` is the deprecated name of `epsilon`.
    expect(fitted(ROWS, { features: ['visits', 'employees', 'industry'], target: 'won', tolerance: 1e-3 })).toEqual(
      loose,
    );
  });

  it('explicit levels set the reference: R> factor(industry, levels = c("software", "finance", "retail"))', () => {
    // R> d$industry <- factor(d$industry, levels = c("software", "finance", "retail"))
    // R> glm(won ~ visits + industry, data = d, family = binomial)
    // (Intercept)=0.18658502554032882 visits=0.11472412901974123 industryfinance=-0.59768538473312094
    // industryretail=-0.83239273873435349; iter 4; deviance 65.612918462122138
    const m = fitted(ROWS, {
      features: ['visits', { name: 'industry', type: 'categorical', levels: ['software', 'finance', 'retail'] }],
      target: 'won',
    });
    close(m.intercept, 0.18658502554032882);
    close(m.coefficients['visits'], 0.11472412901974123);
    close(m.coefficients['industry=finance'], -0.59768538473312094);
    close(m.coefficients['industry=retail'], -0.83239273873435349);
    close(m.deviance, 65.612918462122138);
    const outside = fitLogisticRegression(ROWS, {
      features: [{ name: 'industry', type: 'categorical', levels: ['software', 'finance'] }],
      target: 'won',
    });
    expect(!outside.ok && outside.error.issues[0]).toMatchObject({ path: [0, 'industry'], code: 'invalid_value' });
  });
});

describe('trainLogisticRegression: the defects of issue 11 §6', () => {
  it('numeric codes forced to categorical take R\'s reference level (4 before 10), not "10" as a JS string sort gives', () => {
    // R> i <- seq_len(nrow(d)) - 1; d$size <- c(4, 10, 25)[i %% 3 + 1]
    // R> d$fruit <- c("apple", "Banana", "cherry")[(i %/% 2) %% 3 + 1]
    // R> m <- glm(won ~ visits + factor(size) + fruit, data = d, family = binomial)
    // (Intercept)=-0.26765782410318367 visits=0.11499015273108724 factor(size)10=-1.0961885506501154
    // factor(size)25=0.034668749060242775 fruitBanana=0.10940304207078594 fruitcherry=1.2634375465698571
    // iter 5; deviance 62.630748529961849; levels(factor(d$fruit)): "apple" "Banana" "cherry"
    const rows = ROWS.map((r, i) => ({
      ...r,
      size: [4, 10, 25][i % 3]!,
      fruit: ['apple', 'Banana', 'cherry'][Math.floor(i / 2) % 3]!,
    }));
    const r = trainLogisticRegression(rows, {
      features: ['visits', { name: 'size', type: 'categorical' }, 'fruit'],
      target: 'won',
    });
    if (!r.ok) throw r.error;
    const m = r.value;
    const refs = m.features.map((f) => (f.type === 'categorical' ? f.reference : null));
    expect(refs).toEqual([null, '4', 'apple']);
    close(m.intercept, -0.26765782410318367);
    close(m.coefficients['visits'], 0.11499015273108724);
    close(m.coefficients['size=10'], -1.0961885506501154);
    close(m.coefficients['size=25'], 0.034668749060242775);
    close(m.coefficients['fruit=Banana'], 0.10940304207078594);
    close(m.coefficients['fruit=cherry'], 1.2634375465698571);
    expect(m.iterations).toBe(5);
    close(m.deviance, 62.630748529961849);
  });

  it('aliased columns are reported and dropped as R does (R: NA), and the rest equal R', () => {
    // R> d$twice <- 2 * d$visits; d$one <- 5
    // R> d$tier <- c(finance = "gold", retail = "silver", software = "bronze")[d$industry]
    // R> glm(won ~ visits + twice + one + employees + industry + tier, data = d, family = binomial)
    // (Intercept)=-1.133028038622423 visits=0.11241199188673399 twice=NA one=NA
    // employees=0.0027597087303220581 industryretail=-0.15129233386717303
    // industrysoftware=0.52021619474687142 tiergold=NA tiersilver=NA; iter 4
    const tier: Record<string, string> = { finance: 'gold', retail: 'silver', software: 'bronze' };
    const rows = ROWS.map((r) => ({ ...r, twice: 2 * r.visits, one: 5, tier: tier[r.industry]! }));
    const r = trainLogisticRegression(rows, {
      features: ['visits', 'twice', 'one', 'employees', 'industry', 'tier'],
      target: 'won',
    });
    if (!r.ok) throw r.error;
    const m = r.value;
    expect(m.status).toBe('converged');
    expect(m.aliased).toEqual(['twice', 'one', 'tier=gold', 'tier=silver']);
    expect(Object.keys(m.coefficients)).toEqual(['visits', 'employees', 'industry=retail', 'industry=software']);
    close(m.intercept, -1.133028038622423);
    close(m.coefficients['visits'], 0.11241199188673399);
    close(m.coefficients['employees'], 0.0027597087303220581);
    close(m.coefficients['industry=retail'], -0.15129233386717303);
    close(m.coefficients['industry=software'], 0.52021619474687142);
    expect(m.iterations).toBe(4);
    expect(m.warnings.join(' ')).toMatch(/not defined because of singularities.*twice, one, tier=gold, tier=silver/);
    // Predictions use 0 for aliased coefficients (as R's predict does) and are not all 1/2.
    const p = predictProbability(m, rows[0]!);
    expect(p.ok && Math.abs(p.value.probability - 0.5)).toBeGreaterThan(0.01);
    // Which column is aliased depends on the order, as in R:
    // R> glm(won ~ tier + industry + visits, data = d, family = binomial)
    // (Intercept)=0.1865850255403291 tiergold=-0.59768538473312083 tiersilver=-0.83239273873435449
    // industryretail=NA industrysoftware=NA visits=0.11472412901974123
    const r2 = trainLogisticRegression(rows, { features: ['tier', 'industry', 'visits'], target: 'won' });
    if (!r2.ok) throw r2.error;
    expect(r2.value.aliased).toEqual(['industry=retail', 'industry=software']);
    close(r2.value.intercept, 0.1865850255403291);
    close(r2.value.coefficients['tier=gold'], -0.59768538473312083);
    close(r2.value.coefficients['tier=silver'], -0.83239273873435449);
    close(r2.value.coefficients['visits'], 0.11472412901974123);
  });

  it("convergence is judged as R's glm judges it: a near-collinear fit converges in R's 4 iterations", () => {
    // near = visits + δ·((7i mod 5) − 2): columns nearly collinear (the design's condition number grows as 1/δ).
    // R> for (eps in c(1e-5, 1e-8)) { d$near <- d$visits + eps * (((i * 7) %% 5) - 2)
    // +   m <- glm(won ~ visits + near + employees, data = d, family = binomial) }
    // δ = 1e-5: (Intercept)=-1.0433793584645186 visits=-5478.7463358273462 near=5478.8546369259575
    //           employees=0.0031178308469347925; iter 4, converged TRUE
    // δ = 1e-8: (Intercept)=-1.0433793102092024 visits=-5478857.239440416 near=5478857.3477415107
    //           employees=0.0031178307631382737; iter 4, converged TRUE
    // R's own answer is only as exact as the conditioning allows (about cond · 1e-16 relative: 1e-9 for
    // δ = 1e-5, 1e-6 for δ = 1e-8); the comparison uses that bound.
    for (const [delta, want, tol] of [
      [1e-5, [-1.0433793584645186, -5478.7463358273462, 5478.8546369259575, 0.0031178308469347925], 1e-9],
      [1e-8, [-1.0433793102092024, -5478857.239440416, 5478857.3477415107, 0.0031178307631382737], 1e-6],
    ] as const) {
      const rows = ROWS.map((r, i) => ({ ...r, near: r.visits + delta * (((i * 7) % 5) - 2) }));
      const r = trainLogisticRegression(rows, { features: ['visits', 'near', 'employees'], target: 'won' });
      if (!r.ok) throw r.error;
      expect(r.value.status).toBe('converged');
      expect(r.value.iterations).toBe(4);
      close(r.value.intercept, want[0], tol);
      close(r.value.coefficients['visits'], want[1], tol);
      close(r.value.coefficients['near'], want[2], tol);
      close(r.value.coefficients['employees'], want[3], tol);
    }
  });

  it('quasi-separation is reported as such (R warns "fitted probabilities numerically 0 or 1 occurred")', () => {
    // R> x <- c(1, 2, 3, 4, 5, 5, 6, 7, 8, 9); y <- c(0, 0, 0, 0, 0, 1, 1, 1, 1, 1)
    // R> m <- glm(y ~ x, family = binomial)
    // Warning: glm.fit: fitted probabilities numerically 0 or 1 occurred
    // (Intercept)=-98.158252709290153 x=19.631650541858033; iter 21, converged TRUE
    const x = [1, 2, 3, 4, 5, 5, 6, 7, 8, 9];
    const r = trainLogisticRegression(
      x.map((v, i) => ({ x: v, y: i < 5 ? 0 : 1 })),
      { features: ['x'], target: 'y' },
    );
    if (!r.ok) throw r.error;
    expect(r.value.status).toBe('quasi_separated');
    expect(r.value.converged).toBe(true);
    expect(r.value.iterations).toBe(21);
    expect(r.value.warnings.join(' ')).toMatch(/fitted probabilities numerically 0 or 1 occurred/);
    close(r.value.intercept, -98.158252709290153, 1e-9);
    close(r.value.coefficients['x'], 19.631650541858033, 1e-9);
    // A level whose outcomes are all of one class: R converges without a warning (no fitted probability
    // reaches 1e-15), but the likelihood has no maximum all the same.
    // R> d$industry[d$won == 1 & d$industry == "retail"] <- "mining"
    // R> glm(won ~ visits + industry, data = d, family = binomial)
    // (Intercept)=-0.42307876250887366 visits=0.11605124977076683 industrymining=17.563291247851787
    // industryretail=-19.46355136885381 industrysoftware=0.59812940722692665; iter 17
    const rows = ROWS.map((row) => ({
      ...row,
      industry: row.won === 1 && row.industry === 'retail' ? 'mining' : row.industry,
    }));
    const q = trainLogisticRegression(rows, { features: ['visits', 'industry'], target: 'won' });
    if (!q.ok) throw q.error;
    expect(q.value.status).toBe('quasi_separated');
    expect(q.value.iterations).toBe(17);
    expect(q.value.warnings.join(' ')).toMatch(
      /industry=mining \(10 rows, all positive\), industry=retail \(5 rows, all negative\)/,
    );
    close(q.value.coefficients['visits'], 0.11605124977076683, 1e-9);
    close(q.value.coefficients['industry=mining'], 17.563291247851787, 1e-9);
    close(q.value.coefficients['industry=retail'], -19.46355136885381, 1e-9);
    // Complete separation stops early (R iterates 25 times to coefficients of no meaning).
    const s = trainLogisticRegression(
      x.map((v) => ({ x: v, y: v > 5 ? 1 : 0 })),
      { features: ['x'], target: 'y' },
    );
    expect(s.ok && s.value.status).toBe('separated');
  });
});

describe('fitLogisticRegression', () => {
  it('is JSON-serializable and frozen, and predictions explain the log-odds', () => {
    const m = fitted(ROWS, { features: ['visits', 'employees', 'industry'], target: 'won' });
    expect(Object.isFrozen(m)).toBe(true);
    const copy = JSON.parse(JSON.stringify(m)) as LogisticModel;
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
    const m = fitted(ROWS, { features: ['visits', 'industry'], target: 'won' });
    const p = predictProbability(m, { visits: 5, industry: 'mining' });
    const q = predictProbability(m, { visits: 5, industry: 'finance' });
    if (!p.ok || !q.ok) throw new Error('prediction failed');
    expect(p.value.contributions.find((c) => c.feature === 'industry')).toMatchObject({
      unseen: true,
      contribution: 0,
    });
    expect(p.value.probability).toBe(q.value.probability);
  });

  it('rejects rows with missing targets and non-finite features, naming each index', () => {
    const rows = [{ x: 1, y: 1 }, { x: NaN, y: 0 }, { x: 2 }, { x: 3, y: 'yes' }, { x: Infinity, y: 1 }, { y: 0 }];
    const r = fitLogisticRegression(rows, { features: ['x'], target: 'y' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('validation_failed');
    const paths = r.error.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['1.x', '2.y', '3.y', '4.x', '5.x']);
  });

  it('reports one-class and empty data as insufficient_data, and bad options as validation_failed', () => {
    const one = [
      { x: 1, y: 1 },
      { x: 2, y: 1 },
    ];
    expect(fitLogisticRegression(one, { features: ['x'], target: 'y' })).toMatchObject({
      ok: false,
      error: { code: 'insufficient_data' },
    });
    expect(fitLogisticRegression([], { features: ['x'], target: 'y' })).toMatchObject({
      ok: false,
      error: { code: 'insufficient_data' },
    });
    for (const bad of [
      { features: ['visits'], target: 'won', l2: -1 },
      { features: [], target: 'won' },
      { features: ['won'], target: 'won' },
      { features: ['visits'], target: 'won', epsilon: 0 },
      { features: ['visits'], target: 'won', epsilon: 1e-8, tolerance: 1e-8 },
      { features: ['visits'], target: 'won', maxIterations: 0 },
      { features: ['visits'], target: 'won', onProgress: 5 },
      { features: ['visits'], target: 'won', signal: {} },
      { features: [{ name: 'visits', type: 'numeric', levels: ['a'] }], target: 'won' },
      { features: [{ name: 'industry', type: 'categorical', levels: ['a', 'a'] }], target: 'won' },
    ])
      expect(fitLogisticRegression(ROWS, bad as never)).toMatchObject({
        ok: false,
        error: { code: 'validation_failed' },
      });
  });

  it('refuses unknown option keys, naming the allowed ones; null options are no options', () => {
    const r = fitLogisticRegression(ROWS, { features: ['visits'], target: 'won', lambda: 1 } as never);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.issues[0]).toMatchObject({ code: 'unrecognized_keys', path: ['options'] });
    expect(r.error.issues[0]!.message).toBe(
      "unknown key 'lambda'; allowed: features, target, l2, maxIterations, epsilon, tolerance, onProgress, signal",
    );
    const none = fitLogisticRegression(ROWS, null as never);
    expect(!none.ok && none.error.issues.map((i) => i.path[0])).toEqual(['target', 'features']);
  });

  it('stops on perfectly separable data with finite coefficients and says so; l2 makes it converge', () => {
    const rows = [1, 2, 3, 4, 5, 6].map((x) => ({ x, y: x > 3 ? 1 : 0 }));
    const m = fitted(rows, { features: ['x'], target: 'y' });
    expect(m.converged).toBe(false);
    expect(m.status).toBe('separated');
    expect(Number.isFinite(m.coefficients['x']!)).toBe(true);
    expect(Number.isFinite(m.logLoss)).toBe(true);
    const ridge = fitted(rows, { features: ['x'], target: 'y', l2: 1 });
    expect(ridge.converged).toBe(true);
    expect(ridge.status).toBe('converged');
    expect(Number.isFinite(ridge.coefficients['x']!)).toBe(true);
  });

  it('ridge (l2 > 0) keeps collinear columns: the penalty splits the weight between them', () => {
    const rows = ROWS.map((r) => ({ ...r, twice: 2 * r.visits }));
    const m = fitted(rows, { features: ['visits', 'twice'], target: 'won', l2: 0.5 });
    expect(m.converged).toBe(true);
    expect(m.aliased).toEqual([]);
    // Standardized, the two columns are identical, so the ridge solution gives them equal weight.
    const [a, b] = m.features.map((f) => (f.type === 'numeric' ? f.standardizedCoefficient : NaN));
    expect(a).toBeCloseTo(b!, 10);
  });

  it('property: with l2 the fit satisfies the penalized score equations Xᵀ(y − p) = l2·β (standardized)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 20, noNaN: true }), (l2) => {
        const m = fitted(ROWS, { features: ['visits', 'employees'], target: 'won', l2, epsilon: 1e-14 });
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
    const features = ['a', 'b', 'flag', 'c1', 'c2'];
    const m = fitted(rows, { features, target: 'y', epsilon: 1e-14 });
    expect(m.converged).toBe(true);
    const c = m.coefficients;
    const resid = rows.map((row) => {
      const eta =
        m.intercept +
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
    const twice = fitted([...rows, ...rows], { features, target: 'y', epsilon: 1e-14 });
    for (const [k, v] of Object.entries(c)) expect(twice.coefficients[k]).toBeCloseTo(v, 9);
  });

  it('the exact aliasing check agrees with the quick screen on well-posed designs (property)', () => {
    // A column is aliased exactly when it is a combination of earlier ones; random designs never are.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 0, max: 3 }), (seed, copies) => {
        const rng = createRng(seed);
        const rows = Array.from({ length: 80 }, () => {
          const a = rng.next(),
            b = rng.next() * 3;
          return { a, b, c: ['u', 'v', 'w'][rng.nextInt(3)]!, y: rng.next() < 0.3 + 0.4 * a ? 1 : 0 };
        });
        // `copies` derived columns, each a linear combination of a and b: always aliased.
        const extra = rows.map((r) => ({ ...r, d0: r.a + r.b, d1: 2 * r.a - r.b, d2: r.b / 3 }));
        const names = ['d0', 'd1', 'd2'].slice(0, copies);
        const r = fitLogisticRegression(extra, { features: ['a', 'b', 'c', ...names], target: 'y' });
        if (!r.ok) throw r.error;
        expect(r.value.aliased).toEqual(names);
        const base = fitLogisticRegression(rows, { features: ['a', 'b', 'c'], target: 'y' });
        if (!base.ok) throw base.error;
        for (const [k, v] of Object.entries(base.value.coefficients)) close(r.value.coefficients[k], v, 1e-9);
      }),
      { numRuns: 25 },
    );
  });

  it('the deprecated trainLogisticRegression is the same function', () => {
    const options = { features: ['visits', 'employees', 'industry'], target: 'won' };
    expect(trainLogisticRegression(ROWS, options)).toEqual(fitLogisticRegression(ROWS, options));
  });

  it('never mutates nor freezes its input rows or options (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 59 }), (k) => {
        const rows = ROWS.map((r) => ({ ...r, tags: { list: [k] } }));
        const options = { features: ['visits', { name: 'industry', type: 'categorical' as const }], target: 'won' };
        const before = JSON.stringify([rows, options]);
        fitLogisticRegression(rows, options);
        expect(JSON.stringify([rows, options])).toBe(before);
        expect(Object.isFrozen(rows[k])).toBe(false);
        expect(Object.isFrozen(rows[k]!.tags)).toBe(false);
        expect(Object.isFrozen(options.features)).toBe(false);
        expect(Object.isFrozen(options.features[1])).toBe(false);
      }),
      { numRuns: 10 },
    );
  });
});

describe('fitLogisticRegression: progress and cancellation', () => {
  const big = (() => {
    const rng = createRng(5);
    return Array.from({ length: 40_000 }, () => {
      const a = rng.next(),
        b = rng.next();
      return { a, b, c: ['p', 'q'][rng.nextInt(2)]!, y: rng.next() < 0.2 + 0.5 * a ? 1 : 0 };
    });
  })();
  const options = { features: ['a', 'b', 'c'], target: 'y' };

  function checkProgress(events: readonly ScoringProgress[]): void {
    const phases = [...new Set(events.map((e) => e.phase))];
    expect(phases).toEqual(['read', 'fit']);
    for (const phase of phases) {
      const es = events.filter((e) => e.phase === phase);
      for (let i = 1; i < es.length; i++) {
        expect(es[i]!.done).toBeGreaterThanOrEqual(es[i - 1]!.done);
        expect(es[i]!.done / es[i]!.total).toBeGreaterThanOrEqual(es[i - 1]!.done / es[i - 1]!.total);
      }
      expect(es.at(-1)!.done).toBe(es.at(-1)!.total);
    }
    // Bounded rate: one report per 16,384 rows read and per iteration, never per row.
    expect(events.filter((e) => e.phase === 'read')).toHaveLength(Math.ceil(big.length / 16384));
  }

  it('reports progress that is monotone and reaches its total, sync and async, with equal results', async () => {
    const syncEvents: ScoringProgress[] = [],
      asyncEvents: ScoringProgress[] = [];
    const a = fitLogisticRegression(big, { ...options, onProgress: (p) => syncEvents.push(p) });
    const b = await fitLogisticRegressionAsync(big, { ...options, onProgress: (p) => asyncEvents.push(p) });
    checkProgress(syncEvents);
    checkProgress(asyncEvents);
    expect(asyncEvents).toEqual(syncEvents);
    expect(b).toEqual(a);
    if (!a.ok) throw a.error;
    expect(syncEvents.filter((e) => e.phase === 'fit').at(-1)!.total).toBe(a.value.iterations);
  });

  it('an abort (before the call, or from onProgress) ends the fit with CrmError aborted and no partial result', async () => {
    const before = new AbortController();
    before.abort();
    for (const r of [
      fitLogisticRegression(big, { ...options, signal: before.signal }),
      await fitLogisticRegressionAsync(big, { ...options, signal: before.signal }),
    ])
      expect(r).toMatchObject({ ok: false, error: { code: 'aborted' } });
    const controller = new AbortController();
    const events: ScoringProgress[] = [];
    const r = fitLogisticRegression(big, {
      ...options,
      signal: controller.signal,
      onProgress: (p) => {
        events.push(p);
        if (p.phase === 'fit') controller.abort();
      },
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'aborted' } });
    expect('value' in r).toBe(false);
    expect(events.filter((e) => e.phase === 'fit')).toHaveLength(1); // nothing ran after the abort
  });

  it('the async twin returns promptly when aborted from a timer during the fit: no work after the abort', async () => {
    const controller = new AbortController();
    const events: ScoringProgress[] = [];
    let abortedAt = -1;
    const r = await fitLogisticRegressionAsync(big, {
      ...options,
      signal: controller.signal,
      onProgress: (p) => {
        events.push(p);
        if (p.phase === 'fit' && p.done === 1)
          setTimeout(() => {
            abortedAt = events.length;
            controller.abort();
          }, 0);
      },
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'aborted' } });
    expect(abortedAt).toBeGreaterThan(0);
    // The abort is seen at the next pause point (a block of rows): no report after it, and the fit did
    // not finish (its last report would have done === total).
    expect(events).toHaveLength(abortedAt);
    const last = events.at(-1)!;
    expect(last.phase === 'fit' && last.done === last.total).toBe(false);
  });
});

describe('predictProbability', () => {
  const model = fitted(ROWS, { features: ['visits', 'employees', 'industry'], target: 'won' });

  it('property: probabilities are in [0, 1] and never NaN for any finite row; a log-odds overflow is an error', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.string(),
        (v, e, ind) => {
          const p = predictProbability(model, { visits: v, employees: e, industry: ind });
          if (p.ok) {
            expect(Number.isFinite(p.value.logOdds)).toBe(true);
            expect(p.value.probability).toBeGreaterThanOrEqual(0);
            expect(p.value.probability).toBeLessThanOrEqual(1);
          } else expect(p.error.issues[0]!.code).toBe('invalid_number');
        },
      ),
    );
  });

  it('rejects a missing or non-finite feature with its name as path', () => {
    const m = fitted(ROWS, { features: ['visits', 'industry'], target: 'won' });
    const p = predictProbability(m, { visits: NaN });
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.error.issues.map((i) => i.path[0])).toEqual(['visits', 'industry']);
  });

  it('answers a model or row of the wrong shape with a Result, never a TypeError (issue 11 §1)', () => {
    for (const [m, row] of [
      [null, {}],
      [undefined, {}],
      [{ kind: 'logistic' }, {}],
      [{ ...model, features: [{ name: 'x', type: 'numeric', mean: 0, sd: 'x' }] }, { x: 1 }],
      [model, null],
      [model, 7],
    ] as const) {
      const r = predictProbability(m as never, row as never);
      expect(r).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    }
  });

  it('freezes its result but never the caller’s row or model (issue 12)', () => {
    const copy = JSON.parse(JSON.stringify(model)) as LogisticModel;
    const row = { visits: 3, employees: 100, industry: 'retail', nested: { tags: ['a'] } };
    const p = predictProbability(copy, row);
    if (!p.ok) throw p.error;
    expect(Object.isFrozen(p.value)).toBe(true);
    expect(Object.isFrozen(p.value.contributions[0])).toBe(true);
    expect(Object.isFrozen(row) || Object.isFrozen(row.nested) || Object.isFrozen(row.nested.tags)).toBe(false);
    expect(Object.isFrozen(copy) || Object.isFrozen(copy.features) || Object.isFrozen(copy.features[0])).toBe(false);
    row.nested.tags.push('b');
  });
});
