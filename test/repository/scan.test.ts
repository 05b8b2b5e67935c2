// Issue 19, item 1: scan, scanWithFind, scanPages and collect. The 5,000,000-row test runs scan over
// a synthetic repository whose find makes each page on demand (nothing is stored), so the heap it
// measures is scan's own: it must stay flat, whatever the number of rows.
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  collect,
  createMemoryStore,
  CrmError,
  encodeCursor,
  decodeCursor,
  ok,
  fail,
  scanPages,
  scanWithFind,
  validateQuery,
  type Page,
  type Query,
  type Repository,
  type Result,
} from '../../src/repository/index.js';
import { createNpsAccumulator, nps } from '../../src/metrics/index.js';
import { unwrap } from '../../src/core/result.js';
import { createSurveyResponse, type SurveyResponse } from '../../src/entities/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

type Row = { readonly id: string; readonly version: number; readonly score: number };

/** A repository of `n` rows made on demand: find reads the cursor's id and makes the next page. */
function syntheticRepository(n: number): Pick<Repository<Row>, 'find'> & { pages: number } {
  const q = unwrap(validateQuery('surveyResponse', {}));
  const idOf = (i: number) => `r${String(i).padStart(8, '0')}`;
  const self = {
    pages: 0,
    async find(_ctx: unknown, query?: Query<Row>): Promise<Result<Page<Row>>> {
      self.pages++;
      const limit = query?.limit ?? 50;
      let start = 0;
      if (typeof query?.cursor === 'string') {
        const pos = decodeCursor(query.cursor, q.orderBy);
        if (!pos.ok) return pos;
        start = Number(pos.value.id.slice(1)) + 1;
      }
      const end = Math.min(n, start + limit);
      const items: Row[] = [];
      for (let i = start; i < end; i++) items.push({ id: idOf(i), version: 1, score: i % 11 });
      const nextCursor = end < n ? encodeCursor(q.orderBy, { values: [], id: idOf(end - 1) }) : null;
      return ok({ items, nextCursor });
    },
  };
  return self;
}

describe('scan over 5,000,000 rows keeps the heap bounded', () => {
  it('scanWithFind over a synthetic repository: 5,000,000 rows in pages of 1,000, heap growth under 16 MB, every row once and in order', async () => {
    const n = 5_000_000;
    const repo = syntheticRepository(n);
    const base = heapAfterGc();
    let peak = 0;
    let count = 0;
    let last = -1;
    let inOrder = true;
    let sum = 0;
    for await (const row of scanWithFind(repo, { tenantId: 'acme' }, null, { pageSize: 1000 })) {
      const i = Number(row.id.slice(1));
      if (i !== last + 1) inOrder = false;
      last = i;
      sum += row.score;
      if (++count % 500_000 === 0) peak = Math.max(peak, heapAfterGc() - base);
    }
    expect(count).toBe(n);
    expect(inOrder).toBe(true);
    expect(repo.pages).toBe(n / 1000);
    // Σ (i mod 11) over 0 … n−1.
    const full = Math.floor(n / 11);
    expect(sum).toBe(full * 55 + (((n % 11) - 1) * (n % 11)) / 2);
    // Holding the rows would take hundreds of MB; one page is about 100 kB.
    expect(peak).toBeLessThan(16 * 1024 * 1024);
  }, 300_000);
});

describe('collect', () => {
  const at = new Date('2026-03-02T10:00:00Z');
  const responses = (scores: readonly number[]) =>
    scores.map((score, i) =>
      Object.freeze({ ...unwrap(createSurveyResponse({ kind: 'nps', score, answeredAt: at })), id: `sr-${i}` }),
    ) as SurveyResponse[];

  it('folds a store scan into an accumulator: the NPS of every response equals nps() of the array (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 25 }),
        async (scores, pageSize) => {
          const store = createMemoryStore();
          const ctx = { tenantId: 'acme' };
          const list = responses(scores);
          unwrap(await store.surveyResponses.insertMany(ctx, list));
          const r = await collect(createNpsAccumulator(), store.surveyResponses.scan(ctx, null, { pageSize }));
          expect(r).toEqual(nps(list));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('maps items before adding them, folds plain iterables too, and returns a failed stream as its Result', async () => {
    const mapped = await collect(createNpsAccumulator(), [{ s: 10 }, { s: 0 }], (x) => x.s);
    expect(unwrap(mapped).score).toBe(0);
    const aborted = new AbortController();
    aborted.abort();
    const store = createMemoryStore();
    const r = await collect(
      createNpsAccumulator(),
      store.surveyResponses.scan({ tenantId: 'acme' }, null, { signal: aborted.signal }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('aborted');
    const bad = await collect(
      createNpsAccumulator(),
      store.surveyResponses.scan({ tenantId: 'acme' }, null, { pageSize: -1 }),
    );
    expect(!bad.ok && bad.error.code).toBe('validation_failed');
    // The host's own exception (here from map) is re-thrown.
    await expect(
      collect(createNpsAccumulator(), [1], () => {
        throw new RangeError('host');
      }),
    ).rejects.toThrow(RangeError);
  });

  it('throws a CrmError for calls no type-correct program makes', () => {
    expect(() => collect({} as never, [])).toThrow(CrmError);
    expect(() => collect(createNpsAccumulator(), 5 as never)).toThrow(CrmError);
    expect(() => collect(createNpsAccumulator(), [], 'x' as never)).toThrow(CrmError);
  });
});

describe('scanPages and scanWithFind', () => {
  it('a failed page rejects next() with its CrmError after the earlier pages; an abort while a page is read ends the scan at once', async () => {
    let calls = 0;
    const failing = scanPages('numbers', () =>
      ok({
        signal: null,
        source: {
          next: async () => (++calls === 1 ? ok([1, 2]) : fail('adapter_failure', 'connection lost')),
        },
      }),
    );
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const n of failing) seen.push(n);
      })(),
    ).rejects.toMatchObject({ code: 'adapter_failure' });
    expect(seen).toEqual([1, 2]);

    const controller = new AbortController();
    const slow = scanPages('slow', () =>
      ok({
        signal: controller.signal,
        source: {
          next: () =>
            new Promise<Result<readonly number[] | null>>((resolve) => setTimeout(() => resolve(ok([1])), 5000)),
        },
      }),
    );
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);
    await expect(
      (async () => {
        for await (const _ of slow) void _;
      })(),
    ).rejects.toMatchObject({ code: 'aborted' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('scanWithFind refuses a repository without find, and reports a find that returns no page', async () => {
    expect(() => scanWithFind(null as never, { tenantId: 'acme' })).toThrow(CrmError);
    const broken = { find: async () => ok(null as never) };
    await expect(
      (async () => {
        for await (const _ of scanWithFind(broken, { tenantId: 'acme' })) void _;
      })(),
    ).rejects.toMatchObject({ code: 'adapter_failure' });
  });

  it('the memory store scans a snapshot as of the first page (sorted once, not one pass per page)', async () => {
    const store = createMemoryStore();
    const ctx = { tenantId: 'acme' };
    const list = Array.from({ length: 20_000 }, (_, i) =>
      Object.freeze({
        ...unwrap(
          createSurveyResponse({ kind: 'nps', score: i % 11, answeredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) }),
        ),
        id: `sr-${String(i).padStart(5, '0')}`,
      }),
    ) as SurveyResponse[];
    unwrap(await store.surveyResponses.insertMany(ctx, list));
    const ids: string[] = [];
    for await (const r of store.surveyResponses.scan(
      ctx,
      { orderBy: [{ field: 'answeredAt', direction: 'desc' }] },
      { pageSize: 10 },
    ))
      ids.push(r.id);
    expect(ids).toHaveLength(20_000);
    expect(ids[0]).toBe('sr-19999');
    expect(ids[19_999]).toBe('sr-00000');
  });
});
