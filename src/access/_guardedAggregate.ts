/**
 * The `aggregate` of a guarded repository: the filter ANDed with the access condition, and no group or
 * measure on a field the user may not read.
 *
 * @module
 */
import type { EntityKind } from '../core/ids.js';
import { CrmError, type CrmIssue, type PathSegment } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { err, type Result } from '../core/result.js';
import type {
  AggregateMeasure,
  AggregateQuery,
  AggregateRepository,
  AggregateRow,
  Repository,
  RepositoryName,
  StoreContext,
} from '../repository/ports.js';
import { REPOSITORY_KINDS } from '../repository/ports.js';
import { checkAggregate } from '../repository/checkAggregate.js';
import { isAggregateRepository } from '../repository/isAggregateRepository.js';
import { fieldsOf, guardedQuery, readable, type Guard } from './_guardedRepository.js';

type Entity = { readonly id: string; readonly version: number };

/**
 * `guarded` with an `aggregate` when `inner` has one: the call is checked as the store checks it, a
 * group, measure or condition on a field the user may not read is refused (`forbidden`, an
 * `access_denied` issue at its path: the values would show through the groups and the measures), and
 * the store aggregates the readable records only (its filter ANDed with the access condition).
 */
export function withGuardedAggregate<E extends Entity>(
  name: RepositoryName,
  inner: Repository<E>,
  guard: Guard,
  guarded: Repository<E>,
): Repository<E> {
  if (!isAggregateRepository(inner)) return guarded;
  const kind = REPOSITORY_KINDS[name] as EntityKind;
  const aggregateInner = inner;
  const aggregate: AggregateRepository<E> = {
    async aggregate(ctx: StoreContext, query: AggregateQuery<E>): Promise<Result<readonly AggregateRow[]>> {
      const s = await guard.scope(ctx);
      if (!s.ok) return s;
      const { scope } = s.value;
      const checked = checkAggregate({ repository: name, ctx: s.value.ctx, query });
      if (!checked.ok) return checked;
      const a = checked.value;
      const used: { field: string; path: PathSegment[] }[] = [];
      a.groupBy.forEach((g, i) => used.push({ field: g.field, path: ['groupBy', i] }));
      for (const m of a.measures) {
        if (m.fn === 'countIf') fieldsOf(m.query.where?.json, ['measures', m.name, 'where'], used);
        else if (m.fn !== 'count') used.push({ field: m.field, path: ['measures', m.name, 'field'] });
      }
      const issues: CrmIssue[] = used
        .filter((u) => !readable(scope, kind, u.field))
        .map((u) =>
          crmIssue.of(
            'access_denied',
            u.path,
            `role ${scope.user.role} may not read field ${u.field} of a ${kind}, so may not aggregate it`,
          ),
        );
      if (issues.length > 0)
        return err(new CrmError('forbidden', `Read refused: ${issues.map((i) => i.message).join('; ')}`, { issues }));
      const g = guardedQuery(scope, kind, { ...a.query, orderBy: [] }, a.query.context);
      if (!g.ok) return g;
      const measures: Record<string, AggregateMeasure<E>> = {};
      for (const m of a.measures)
        Object.defineProperty(measures, m.name, {
          value:
            m.fn === 'count'
              ? { fn: 'count' }
              : m.fn === 'countIf'
                ? { fn: 'countIf', where: m.query.where }
                : { fn: m.fn, field: m.field },
          enumerable: true,
        });
      const where = g.value.nothing ? { any: [] } : g.value.where;
      return aggregateInner.aggregate(s.value.ctx, {
        ...(where === null ? {} : { where }),
        context: g.value.context,
        groupBy: a.groupBy.map((f) => f.field),
        measures,
      } as AggregateQuery<E>);
    },
  };
  return Object.freeze({ ...guarded, ...aggregate });
}
