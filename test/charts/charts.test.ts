// Issue 18 §1: every chart compiles with vega-lite and renders with vega in Node (no warnings), and its
// marks carry the numbers of the result it was given; specs are deterministic and match snapshots;
// bad input is a Result error.
import { describe, it, expect } from 'vitest';
import * as charts from '../../src/charts/index.js';
import {
  calibrationChart,
  clvDistributionChart,
  cohortRetentionHeatmap,
  forecastChart,
  frequencyRecencyMatrix,
  funnelChart,
  kaplanMeierChart,
  liftChart,
  npsTrendChart,
  periodTransactionsChart,
  pipelineStageDurationsChart,
  probabilityAliveMatrix,
  rocChart,
  toMimeBundle,
  trackingChart,
  VEGA_LITE_MIME_TYPE,
  type VegaLiteSpec,
} from '../../src/charts/index.js';
import { CrmError } from '../../src/core/errors.js';
import { unwrap, type Result } from '../../src/core/result.js';
import { rocAuc } from '../../src/scoring/index.js';
import { b2bPipeline, forecast, stageFunnel } from '../../src/pipeline/index.js';
import { dealWith, day } from '../pipeline/_fixtures.js';
import { data, render } from './_render.js';
import * as f from './_fixtures.js';

const close = (a: number, b: number, rel = 1e-12) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

function deals() {
  return [
    dealWith(
      'a',
      [
        ['prospecting', 0],
        ['negotiation', 10],
      ],
      { amount: '48000.00', expectedCloseDate: day(78) },
    ),
    dealWith(
      'b',
      [
        ['prospecting', 0],
        ['proposal', 20],
      ],
      { amount: '12500.50', expectedCloseDate: day(40) },
    ),
    dealWith(
      'c',
      [
        ['prospecting', 0],
        ['closed_won', 30],
      ],
      { amount: '9000.00', closedAt: day(30) },
    ),
    dealWith('d', [['prospecting', 5]], { amount: '6000.00', expectedCloseDate: day(100) }),
    dealWith(
      'e',
      [
        ['prospecting', 0],
        ['closed_lost', 9],
      ],
      { amount: '30000.00', closedAt: day(9), lostReason: 'x' },
    ),
  ];
}
const H1 = { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-07-01T00:00:00Z') };

/** One valid call of every chart (small inputs), for the checks every chart shares. */
const calls: Record<string, () => Result<VegaLiteSpec>> = {
  kaplanMeierChart: () =>
    kaplanMeierChart([
      { name: 'Maintained', result: f.amlMaintained() },
      { name: 'Not maintained', result: f.amlNotMaintained() },
    ]),
  cohortRetentionHeatmap: () => cohortRetentionHeatmap(f.cohortTable()),
  funnelChart: () => funnelChart(f.funnelSteps()),
  rocChart: () => rocChart(f.rocPoints()),
  liftChart: () => liftChart(f.liftRows()),
  calibrationChart: () => calibrationChart(f.calibration()),
  frequencyRecencyMatrix: () => frequencyRecencyMatrix(f.bgNbdCdnow, { maxFrequency: 4, maxRecency: 5 }),
  probabilityAliveMatrix: () => probabilityAliveMatrix(f.paretoCdnow, { maxFrequency: 4, maxRecency: 5 }),
  periodTransactionsChart: () =>
    periodTransactionsChart(f.bgNbdCdnow, [
      { frequency: 0, recency: 0, T: 38.86, weight: 1411 },
      { frequency: 2, recency: 30.43, T: 38.86, weight: 946 },
    ]),
  trackingChart: () =>
    trackingChart(
      f.bgNbdCdnow,
      [
        { frequency: 2, recency: 30.43, T: 38.86 },
        { frequency: 0, recency: 0, T: 32 },
      ],
      [0, 0, 1, 0, 1, 0, 0, 1],
      {
        periodLength: 10,
      },
    ),
  clvDistributionChart: () => clvDistributionChart([12.5, 40, 41.2, 180, 33], { bins: 4 }),
  forecastChart: () =>
    forecastChart(unwrap(forecast(b2bPipeline, deals(), { period: H1, by: 'quarter', currency: 'EUR' }))),
  npsTrendChart: () => npsTrendChart(f.npsGroups()),
  pipelineStageDurationsChart: () => pipelineStageDurationsChart(f.stageDurationRows()),
};

describe('every chart', () => {
  it('is a value export of crmkit/charts with a call here', () => {
    const names = Object.entries(charts)
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => k)
      .filter((k) => k !== 'toMimeBundle')
      .sort();
    expect(names).toEqual(Object.keys(calls).sort());
  });

  for (const [name, call] of Object.entries(calls)) {
    it(`${name}: compiles and renders with no warning, deterministically, and matches its snapshot`, async () => {
      const spec = unwrap(call());
      expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
      const out = await render(spec);
      expect(out.warnings).toEqual([]);
      expect(out.marks.length).toBeGreaterThan(0);
      expect(out.svg).toMatch(/^<svg/);
      expect(JSON.stringify(unwrap(call()))).toBe(JSON.stringify(spec));
      expect(JSON.stringify(spec, null, 1)).toMatchSnapshot();
      expect(JSON.stringify(JSON.parse(JSON.stringify(spec)))).toBe(JSON.stringify(spec)); // plain JSON
      expect(Object.isFrozen(spec)).toBe(true);
    });

    it(`${name}: refuses unknown option keys and bad options; null options mean none`, () => {
      const bad = (call as () => Result<VegaLiteSpec>).toString(); // the call, with an extra key
      expect(bad.length).toBeGreaterThan(0);
      const fn = (charts as unknown as Record<string, (...a: unknown[]) => Result<VegaLiteSpec>>)[name]!;
      const r = fn(...argsOf(name), { colour: 'red' });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('validation_failed');
        expect(r.error.issues[0]!.code).toBe('unrecognized_keys');
        expect(r.error.issues[0]!.message).toMatch(
          /unknown key 'colour'; allowed: title, width, height, colors, locale/,
        );
      }
      for (const o of [{ width: 10 }, { colors: ['not a colour!'] }, { locale: 'xx-XX' }, { title: 7 }, 'options']) {
        const e = fn(...argsOf(name), o);
        expect(e.ok, JSON.stringify(o)).toBe(false);
      }
      const needsOptions = name === 'frequencyRecencyMatrix' || name === 'probabilityAliveMatrix';
      expect(fn(...argsOf(name), null).ok).toBe(!needsOptions);
    });

    it(`${name}: bad data is a validation_failed Result, never a throw`, () => {
      const fn = (charts as unknown as Record<string, (...a: unknown[]) => Result<VegaLiteSpec>>)[name]!;
      const hostile = new Proxy(
        {},
        {
          get() {
            throw new Error('boom');
          },
          ownKeys() {
            throw new Error('boom');
          },
        },
      );
      const bad = [undefined, null, 42, 'x', {}, [{}], [null], hostile, [hostile]];
      for (const [i, v] of bad.entries()) {
        const args = argsOf(name);
        args[0] = v;
        const r = fn(...args);
        expect(r.ok, `${name}(bad value ${i})`).toBe(false);
        if (!r.ok) expect(r.error).toBeInstanceOf(CrmError);
      }
    });
  }
});

/** Valid arguments (without options) of a chart, fresh. */
function argsOf(name: string): unknown[] {
  switch (name) {
    case 'kaplanMeierChart':
      return [f.amlMaintained()];
    case 'cohortRetentionHeatmap':
      return [f.cohortTable()];
    case 'funnelChart':
      return [f.funnelSteps()];
    case 'rocChart':
      return [f.rocPoints()];
    case 'liftChart':
      return [f.liftRows()];
    case 'calibrationChart':
      return [f.calibration()];
    case 'frequencyRecencyMatrix':
    case 'probabilityAliveMatrix':
      return [f.bgNbdCdnow];
    case 'periodTransactionsChart':
      return [f.bgNbdCdnow, [{ frequency: 1, recency: 2, T: 5 }]];
    case 'trackingChart':
      return [f.bgNbdCdnow, [{ frequency: 1, recency: 2, T: 5 }], [1, 0, 2]];
    case 'clvDistributionChart':
      return [[1, 2, 3]];
    case 'forecastChart':
      return [unwrap(forecast(b2bPipeline, deals(), { period: H1, by: 'month', currency: 'EUR' }))];
    case 'npsTrendChart':
      return [f.npsGroups()];
    case 'pipelineStageDurationsChart':
      return [f.stageDurationRows()];
  }
  throw new Error(name);
}

describe('kaplanMeierChart', () => {
  it('steps at the survival values, band at the log-log interval, marks at every censoring (R: survfit on aml)', async () => {
    const km = f.amlMaintained();
    const out = await render(unwrap(kaplanMeierChart(km, { timeTitle: 'Weeks' })));
    const line = data(out, 'line');
    // (0, 1), every event row, then on to the last censoring (161).
    expect(line.map((d) => [d['time'], d['survival']])).toEqual([
      [0, 1],
      ...km.rows.map((r) => [r.time, r.survival]),
      [161, km.rows.at(-1)!.survival],
    ]);
    // R: summary(survfit(Surv(time, status) ~ 1, data = aml[aml$x == 'Maintained', ], conf.type = 'log-log'))
    expect(line.map((d) => d['survival'] as number).map((s) => Math.round(s * 1e4) / 1e4)).toEqual([
      1, 0.9091, 0.8182, 0.7159, 0.6136, 0.4909, 0.3682, 0.1841, 0.1841,
    ]);
    const y = out.view.scale('y') as (v: number) => number;
    const lineItems = out.marks.find((m) => m.marktype === 'line')!.items;
    lineItems.forEach((it) => expect(close(it.y!, y(it.datum['survival'] as number), 1e-9)).toBe(true));
    const band = data(out, 'area');
    expect(band.slice(1, -1).map((d) => [d['lower'], d['upper']])).toEqual(km.rows.map((r) => [r.lower, r.upper]));
    const ticks = data(out, 'symbol');
    expect(ticks.map((d) => [d['time'], d['censored'], d['survival']])).toEqual([
      [13, 1, km.survivalAt(13)],
      [28, 1, km.survivalAt(28)],
      [45, 1, km.survivalAt(45)],
      [161, 1, km.survivalAt(161)],
    ]);
  });

  it('draws one colour per group, in the order given, and refuses duplicate names', async () => {
    const spec = unwrap(
      kaplanMeierChart(
        [
          { name: 'A', result: f.amlMaintained() },
          { name: 'B', result: f.amlNotMaintained() },
        ],
        { colors: ['#111111', '#222222'], band: false, censorMarks: false },
      ),
    );
    const out = await render(spec);
    expect(out.marks.map((m) => m.marktype)).toEqual(['line', 'line']);
    expect(out.svg).toContain('#111111');
    expect(out.svg).toContain('#222222');
    const dup = kaplanMeierChart([
      { name: 'A', result: f.amlMaintained() },
      { name: 'A', result: f.amlNotMaintained() },
    ]);
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(dup.error.issues[0]).toMatchObject({ code: 'duplicate', path: [1, 'name'] });
  });

  it('marks censorings from the rows for a result without censorings (JSON of an older result)', () => {
    const km = f.amlNotMaintained();
    const plain = { rows: km.rows, total: km.total };
    const spec = unwrap(kaplanMeierChart(plain as never));
    const layer = spec['layer'] as { data: { values: { time: number }[] } }[];
    expect(layer[2]!.data.values).toEqual([]);
    expect(kaplanMeierChart({ rows: [{ ...km.rows[0], survival: 2 }] } as never).ok).toBe(false);
  });
});

describe('rocChart', () => {
  it('joins rocCurve’s points in order, and names each curve with its AUC (rocAuc)', async () => {
    const points = f.rocPoints();
    const out = await render(unwrap(rocChart([{ name: 'm', points }])));
    const line = data(out, 'line').filter((d) => d['model'] !== undefined);
    expect(line.map((d) => [d['fpr'], d['tpr'], d['threshold']])).toEqual(
      points.map((p) => [p.fpr, p.tpr, p.threshold]),
    );
    const auc = unwrap(rocAuc(f.scores, [...f.labels]));
    expect(line[0]!['model']).toBe(`m (AUC ${auc.toFixed(3)})`);
    const de = unwrap(rocChart([{ name: 'm', points }], { locale: 'de-DE' }));
    expect(JSON.stringify(de)).toContain(`m (AUC ${auc.toFixed(3).replace('.', ',')})`);
  });

  it('refuses a curve that goes back', () => {
    const r = rocChart([
      { threshold: null, tp: 0, fp: 0, tpr: 0, fpr: 0.5 },
      { threshold: 1, tp: 0, fp: 0, tpr: 1, fpr: 0.2 },
    ]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues[0]).toMatchObject({ code: 'out_of_order', path: [1] });
  });
});

describe('the other charts carry their numbers', () => {
  it('cohortRetentionHeatmap: one cell per observable rate', async () => {
    const t = f.cohortTable();
    const out = await render(unwrap(cohortRetentionHeatmap(t)));
    const cells = data(out, 'rect');
    const expected = t.rows.flatMap((r) =>
      r.rates.flatMap((rate, k) => (rate === null ? [] : [[r.cohort.start.getTime(), k, rate]])),
    );
    expect(cells.map((c) => [c['cohort'], c['period'], c['rate']])).toEqual(expected);
    expect(out.svg).toContain('Jan 2026');
  });

  it('funnelChart: bar lengths are the counts, labels formatted in the locale (id-ID: 1.200)', async () => {
    const out = await render(unwrap(funnelChart(f.funnelSteps(), { locale: 'id-ID' })));
    expect(data(out, 'rect').map((d) => d['count'])).toEqual([1200, 80, 20]);
    expect(out.svg).toContain('1.200');
    const pipeline = unwrap(funnelChart(unwrap(stageFunnel(b2bPipeline, deals()))));
    expect((pipeline['data'] as { values: { stage: string }[] }).values.map((v) => v.stage)).not.toContain(
      'Closed Lost',
    );
  });

  it('liftChart: lift bars and the gains curve', async () => {
    const rows = f.liftRows();
    const out = await render(unwrap(liftChart(rows)));
    expect(data(out, 'rect').map((d) => d['lift'])).toEqual(rows.map((r) => r.lift));
    const gains = await render(unwrap(liftChart(rows, { kind: 'gains' })));
    const curve = data(gains, 'line').filter((d) => d['bin'] !== undefined);
    expect(curve.map((d) => d['gain'])).toEqual(rows.map((r) => r.gain));
  });

  it('calibrationChart: a point per non-empty bin, the ECE in the subtitle', async () => {
    const t = f.calibration();
    const out = await render(unwrap(calibrationChart(t)));
    const points = data(out, 'symbol');
    expect(points.map((d) => [d['meanPredicted'], d['observedRate']])).toEqual(
      t.rows.filter((r) => r.count > 0).map((r) => [r.meanPredicted, r.observedRate]),
    );
    expect(out.svg).toContain(`ECE ${t.ece.toFixed(3)}`);
  });

  it('clvDistributionChart: the bins hold every value; rules at the mean and the median', async () => {
    const values = [12.5, 40, 41.2, 180, 33];
    const out = await render(unwrap(clvDistributionChart(values, { bins: 4 })));
    const bins = data(out, 'rect');
    expect(bins.map((b) => b['count'])).toEqual([4, 0, 0, 1]);
    expect(data(out, 'rule').map((r) => [r['statistic'], r['value']])).toEqual([
      ['Mean', 61.34],
      ['Median', 40],
    ]);
    const money = unwrap(
      clvDistributionChart([
        { amount: '10.50', currency: 'USD' },
        { amount: '3', currency: 'USD' },
      ]),
    );
    expect(JSON.stringify(money)).toContain('Customer lifetime value (USD)');
    expect(
      clvDistributionChart([
        { amount: '1', currency: 'USD' },
        { amount: '1', currency: 'EUR' },
      ]).ok,
    ).toBe(false);
    expect(unwrap(clvDistributionChart([1e308, -1e308, 5]))).toBeDefined();
    expect((await render(unwrap(clvDistributionChart([])))).warnings).toEqual([]);
  });

  it('forecastChart: stacked in roll-up order; each bucket’s stack top is the roll-up’s bestCase plus pipeline', async () => {
    const fc = unwrap(forecast(b2bPipeline, deals(), { period: H1, by: 'month', currency: 'EUR' }));
    const out = await render(unwrap(forecastChart(fc, { locale: 'de-DE' })));
    const bars = data(out, 'rect');
    for (const b of fc.buckets) {
      const mine = bars.filter((d) => d['period'] === b.period.start.getTime());
      expect(mine.map((d) => d['label'])).toEqual(['Closed', 'Commit', 'Best case', 'Pipeline']);
      const top = mine.reduce((s, d) => s + (d['amount'] as number), 0);
      expect(top).toBeCloseTo(Number(b.rollup.bestCase.amount) + Number(b.categories.pipeline.amount.amount), 6);
    }
    expect(bars.find((d) => d['exact'] === '12500.50')).toBeDefined();
    expect(out.svg).toContain('Mrz 2026');
  });

  it('npsTrendChart: scores inside their intervals; a group without answers is left out', async () => {
    const groups = f.npsGroups();
    const out = await render(unwrap(npsTrendChart(groups)));
    expect(data(out, 'line').map((d) => [d['x'], d['score'], d['lower'], d['upper']])).toEqual(
      groups.slice(0, 2).map((g) => [g.key, g.nps.score, g.nps.interval!.lower, g.nps.interval!.upper]),
    );
    const periods = groups.slice(0, 2).map((g, m) => ({
      period: { start: new Date(Date.UTC(2026, m, 1)), end: new Date(Date.UTC(2026, m + 1, 1)) },
      nps: g.nps,
    }));
    const id = await render(unwrap(npsTrendChart(periods, { locale: 'id-ID', dateFormat: '%B %Y' })));
    expect(id.warnings).toEqual([]);
    expect(id.svg).toContain('Januari 2026');
    expect(npsTrendChart([groups[0]!, groups[0]!]).ok).toBe(false); // a key twice
  });

  it('pipelineStageDurationsChart: median bars, mean points, p90 ticks, with stage names', async () => {
    const out = await render(
      unwrap(pipelineStageDurationsChart(f.stageDurationRows(), { stageNames: { proposal: 'Proposal' } })),
    );
    expect(data(out, 'rect').map((d) => [d['stage'], d['statistic'], d['days']])).toEqual([
      ['qualified', 'Median', 5],
      ['Proposal', 'Median', 10],
      ['qualified', '90th percentile', 14],
      ['Proposal', '90th percentile', 28],
    ]);
    expect(data(out, 'symbol').map((d) => d['days'])).toEqual([6.5, 12.5]);
  });
});

describe('toMimeBundle', () => {
  it('is the Jupyter bundle of Vega-Lite v5', () => {
    const spec = unwrap(funnelChart(f.funnelSteps()));
    expect(toMimeBundle(spec)).toEqual({ 'application/vnd.vegalite.v5+json': spec });
    expect(VEGA_LITE_MIME_TYPE).toBe('application/vnd.vegalite.v5+json');
    expect(toMimeBundle(spec)[VEGA_LITE_MIME_TYPE]).toBe(spec);
  });

  it('throws a CrmError (never a TypeError) for what is not a spec', () => {
    for (const v of [null, undefined, 1, 'x', [], {}]) expect(() => toMimeBundle(v as never)).toThrow(CrmError);
  });
});

describe('specs', () => {
  it('leave the input alone and keep data rows open for Vega', () => {
    const km = f.amlMaintained();
    const groups = [{ name: 'A', result: km }];
    const spec = unwrap(kaplanMeierChart(groups));
    expect(Object.isFrozen(groups)).toBe(false);
    const layer = spec['layer'] as { data: { values: object[] } }[];
    expect(Object.isFrozen(layer[0]!)).toBe(true);
    expect(Object.isFrozen(layer[0]!.data.values[0]!)).toBe(false);
  });

  it('write the locale into config.locale', () => {
    const spec = unwrap(funnelChart(f.funnelSteps(), { locale: 'id-ID' }));
    expect((spec['config'] as { locale: unknown }).locale).toEqual(charts.CHART_LOCALES['id-ID']);
    const custom = {
      ...charts.CHART_LOCALES['en-US'],
      number: { ...charts.CHART_LOCALES['en-US'].number, decimal: '·' },
    };
    expect(unwrap(funnelChart(f.funnelSteps(), { locale: custom }))['config']).toEqual({ locale: custom });
    expect(funnelChart(f.funnelSteps(), { locale: { number: {}, time: {} } as never }).ok).toBe(false);
  });
});
