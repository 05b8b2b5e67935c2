/**
 * `scan` over any repository's `find`: keyset pages through `nextCursor`.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import { err, ok } from '../core/result.js';
import type { Repository, ScanOptions, ScanQuery, StoreContext } from './ports.js';
import type { Query } from './query.js';
import { checkScanOptions, checkScanQuery } from './checkScan.js';
import { scanPages } from './scanPages.js';

/**
 * A `scan` made of `find` calls: the pages of a cursor walk (`limit: pageSize`, then each page's
 * `nextCursor`), which is a keyset walk on every store that keeps the `find` rules (the memory store
 * and the PostgreSQL adapter run their own `scan`, with the same answers). A third-party adapter can
 * implement `scan` with it in one line:
 * `scan: (ctx, query, options) => scanWithFind(repository, ctx, query, options)`.
 *
 * Never throws; the iterator's `next()` rejects with a `CrmError`: `validation_failed` for bad options
 * or a query with `limit` or `cursor` (checked before the first page) and for what the first `find`
 * refuses (the context, the query), `aborted` when `options.signal` aborts (checked before every page
 * and every record, and while a page is read), and any other failed `Result` of `find`. Each
 * iteration starts from the first page.
 *
 * @throws {CrmError} `validation_failed` when `repository` has no `find` method (a call no type-correct
 * program makes).
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * const ctx = { tenantId: 'acme' };
 * let n = 0;
 * for await (const deal of scanWithFind(store.deals, ctx, { orderBy: [{ field: 'name' }] }, { pageSize: 100 })) n += deal.version > 0 ? 1 : 0;
 * n; //=> 0
 * ```
 */
export function scanWithFind<E extends { readonly id: string; readonly version: number }>(
  repository: Pick<Repository<E>, 'find'>,
  ctx: StoreContext,
  query?: ScanQuery<E> | null,
  options?: ScanOptions | null,
): AsyncIterable<E> {
  if (
    repository === null ||
    typeof repository !== 'object' ||
    typeof (repository as { find?: unknown }).find !== 'function'
  )
    throw invalidInput('scanWithFind', [
      crmIssue.invalidType(['repository'], 'a repository (with a find method)', repository),
    ]);
  return scanPages<E>('scan', () => {
    const o = checkScanOptions(options);
    if (!o.ok) return o;
    const q = checkScanQuery(query);
    if (!q.ok) return q;
    const base = q.value;
    let cursor: string | null = null;
    let done = false;
    return ok({
      signal: o.value.signal,
      source: {
        async next() {
          if (done) return ok(null);
          const page = await repository.find(ctx, { ...base, limit: o.value.pageSize, cursor } as Query<E>);
          if (!page.ok) return page;
          if (page.value === null || typeof page.value !== 'object' || !Array.isArray(page.value.items))
            return err(
              new CrmError('adapter_failure', 'scanWithFind: find did not return a page { items, nextCursor }'),
            );
          cursor = page.value.nextCursor;
          done = cursor === null;
          return ok(page.value.items);
        },
      },
    });
  });
}
