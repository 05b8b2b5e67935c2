// Issue 18 §4 for dedupe: duplicateClusters and trainMatchModel report progress and can be aborted, and their
// async twins give the event loop a turn at every pause point (same results as the synchronous calls).
import { describe, it, expect } from 'vitest';
import { CrmError } from '../../src/core/errors.js';
import { unwrap } from '../../src/core/result.js';
import {
  duplicateClusters,
  duplicateClustersAsync,
  STANDARD_LEAD_RULE,
  trainMatchModel,
  trainMatchModelAsync,
} from '../../src/quality/index.js';
import type { ScoringProgress } from '../../src/scoring/index.js';
import { generatePeople } from './_people.js';

const people = generatePeople(20_000, 11).records;
const small = generatePeople(300, 12).records;
const trainOptions = { seed: 5, randomPairs: 40_000 } as const;

/** Checks the reports: phases in the given order, `done` monotone within each, each ending at its total. */
function expectMonotone(seen: readonly ScoringProgress[], phases: readonly string[]): void {
  expect([...new Set(seen.map((p) => p.phase))]).toEqual(phases);
  for (const phase of phases) {
    const reports = seen.filter((p) => p.phase === phase);
    const total = reports[0]!.total;
    expect(reports.every((p) => p.total === total)).toBe(true);
    for (let i = 1; i < reports.length; i++) expect(reports[i]!.done).toBeGreaterThanOrEqual(reports[i - 1]!.done);
    expect(reports.every((p) => p.done >= 0 && p.done <= total)).toBe(true);
    expect(reports[reports.length - 1]!.done).toBe(total);
  }
}

describe('duplicateClusters: progress and cancellation', () => {
  it('reports read then cluster progress, monotone and reaching the totals, and clusters as without it', () => {
    const seen: ScoringProgress[] = [];
    const r = unwrap(duplicateClusters(STANDARD_LEAD_RULE, people, { onProgress: (p) => seen.push(p) }));
    expectMonotone(seen, ['read', 'cluster']);
    expect(seen.find((p) => p.phase === 'read')!.total).toBe(people.length);
    expect(seen.find((p) => p.phase === 'cluster')!.total).toBe(2 * people.length * STANDARD_LEAD_RULE.groups.length);
    expect(seen.filter((p) => p.phase === 'read').length).toBe(2); // one at 16,384, one at the end: a bounded rate
    expect(r).toEqual(unwrap(duplicateClusters(STANDARD_LEAD_RULE, people)));
    const none: ScoringProgress[] = [];
    expect(unwrap(duplicateClusters(STANDARD_LEAD_RULE, [], { onProgress: (p) => none.push(p) })).clusters).toEqual([]);
    expect(none.every((p) => p.done === 0 && p.total === 0)).toBe(true);
  });

  it('an abort from onProgress, or before the call, ends it with aborted and no partial result', () => {
    const controller = new AbortController();
    const seen: ScoringProgress[] = [];
    const r = duplicateClusters(STANDARD_LEAD_RULE, people, {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p);
        controller.abort(new Error('stop'));
      },
    });
    expect(r.ok || r.error.code).toBe('aborted');
    expect(seen).toEqual([{ phase: 'read', done: 16_384, total: people.length }]);
    const before = new AbortController();
    before.abort();
    const r2 = duplicateClusters(STANDARD_LEAD_RULE, small, { signal: before.signal });
    expect(r2.ok || r2.error.code).toBe('aborted');
  });

  it('duplicateClustersAsync gives the same clusters; an abort from a timer ends it with aborted', async () => {
    expect(unwrap(await duplicateClustersAsync(STANDARD_LEAD_RULE, small))).toEqual(
      unwrap(duplicateClusters(STANDARD_LEAD_RULE, small)),
    );
    const all: ScoringProgress[] = [];
    unwrap(await duplicateClustersAsync(STANDARD_LEAD_RULE, people, { onProgress: (p) => all.push(p) }));
    expectMonotone(all, ['read', 'cluster']);
    const controller = new AbortController();
    const seen: ScoringProgress[] = [];
    const pending = duplicateClustersAsync(STANDARD_LEAD_RULE, people, {
      signal: controller.signal,
      onProgress: (p) => seen.push(p),
    });
    setTimeout(() => controller.abort(), 1);
    const r = await pending;
    expect(r.ok || r.error.code).toBe('aborted');
    expect(seen.length).toBeLessThan(all.length);
  });

  it('refuses bad progress options with their paths; what onProgress throws propagates', async () => {
    const bad = duplicateClusters(STANDARD_LEAD_RULE, small, { onProgress: 3 as never, signal: 'x' as never });
    expect(bad.ok || bad.error.issues.map((i) => `${i.code} ${i.path.join('.')}`)).toEqual([
      'invalid_type options.onProgress',
      'invalid_type options.signal',
    ]);
    const boom = new CrmError('conflict', 'mine');
    const throwing = {
      onProgress: () => {
        throw boom;
      },
    };
    expect(() => duplicateClusters(STANDARD_LEAD_RULE, small, throwing)).toThrow(boom);
    await expect(duplicateClustersAsync(STANDARD_LEAD_RULE, small, throwing)).rejects.toBe(boom);
  });
});

describe('trainMatchModel: progress and cancellation', () => {
  it('reports read, sample, pairs and em progress, monotone and reaching the totals; the model is unchanged', () => {
    const seen: ScoringProgress[] = [];
    const m = unwrap(trainMatchModel(people, { ...trainOptions, onProgress: (p) => seen.push(p) }));
    expectMonotone(seen, ['read', 'sample', 'pairs', 'em']);
    expect(seen.find((p) => p.phase === 'sample')!.total).toBe(40_000);
    expect(seen.find((p) => p.phase === 'em')!.total).toBe((m.blocking.groups.length + 1) * 200);
    expect(JSON.stringify(m)).toBe(JSON.stringify(unwrap(trainMatchModel(people, trainOptions))));
    // Fewer pairs than randomPairs: every pair counted once, the sample total is the number of pairs.
    const few: ScoringProgress[] = [];
    unwrap(trainMatchModel(small, { ...trainOptions, randomPairs: 50_000, onProgress: (p) => few.push(p) }));
    expectMonotone(few, ['read', 'sample', 'pairs', 'em']);
    expect(few.find((p) => p.phase === 'sample')!.total).toBe((300 * 299) / 2);
  });

  it('an abort from onProgress ends it with aborted and no model', () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const r = trainMatchModel(people, {
      ...trainOptions,
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.phase);
        if (p.phase === 'em') controller.abort();
      },
    });
    expect(r.ok || r.error.code).toBe('aborted');
    expect(seen.filter((p) => p === 'em')).toEqual(['em']);
  });

  it('trainMatchModelAsync gives the same model; an abort from a timer ends it with aborted', async () => {
    expect(JSON.stringify(unwrap(await trainMatchModelAsync(small, trainOptions)))).toBe(
      JSON.stringify(unwrap(trainMatchModel(small, trainOptions))),
    );
    const controller = new AbortController();
    const seen: ScoringProgress[] = [];
    const pending = trainMatchModelAsync(people, {
      ...trainOptions,
      signal: controller.signal,
      onProgress: (p) => seen.push(p),
    });
    setTimeout(() => controller.abort(), 1);
    const r = await pending;
    expect(r.ok || r.error.code).toBe('aborted');
    expect(seen.some((p) => p.phase === 'em' && p.done === p.total)).toBe(false);
  });

  it('refuses bad progress options with their paths; what onProgress throws propagates', async () => {
    const bad = trainMatchModel(small, { ...trainOptions, onProgress: 'x' as never });
    expect(bad.ok || bad.error.issues.map((i) => `${i.code} ${i.path.join('.')}`)).toEqual([
      'invalid_type options.onProgress',
    ]);
    const boom = new Error('from the callback');
    const throwing = {
      ...trainOptions,
      onProgress: () => {
        throw boom;
      },
    };
    expect(() => trainMatchModel(small, throwing)).toThrow(boom);
    await expect(trainMatchModelAsync(small, throwing)).rejects.toBe(boom);
  });
});
