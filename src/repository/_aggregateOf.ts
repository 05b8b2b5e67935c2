/**
 * Private: an aggregate of any repository — its own `aggregate` when it has the capability (in SQL
 * on PostgreSQL), else the reference evaluation folded over a `scan` (one page in memory).
 *
 * @module
 */
import { isCrmError } from '../core/errors.js';
import { err, type Result } from '../core/result.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import { createAggregation } from './aggregateRecords.js';
import { checkAggregate } from './checkAggregate.js';
import { isAggregateRepository } from './isAggregateRepository.js';
import type { AggregateQuery, AggregateRow, Repository, RepositoryName, StoreContext } from './ports.js';

export async function aggregateOf<E extends { readonly id: string; readonly version: number }>(
  repository: RepositoryName,
  repo: Repository<E>,
  ctx: StoreContext,
  query: AggregateQuery<E>,
): Promise<Result<readonly AggregateRow[]>> {
  if (isAggregateRepository(repo)) return repo.aggregate(ctx, query);
  if (repo === null || typeof repo !== 'object' || typeof (repo as { scan?: unknown }).scan !== 'function')
    return err(
      invalidInput('The store', [
        crmIssue.invalidType(
          ['store', repository],
          `a store with a ${repository} repository (scan or aggregate)`,
          repo,
        ),
      ]),
    );
  const checked = checkAggregate({ repository, ctx, query });
  if (!checked.ok) return checked;
  const agg = createAggregation(checked.value);
  try {
    const q = checked.value.query;
    for await (const e of repo.scan(ctx, { where: q.where, context: q.context } as never)) agg.add(e);
  } catch (e) {
    if (isCrmError(e)) return err(e);
    throw e;
  }
  return agg.rows();
}
