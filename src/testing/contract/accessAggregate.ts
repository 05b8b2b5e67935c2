/**
 * The access contract on aggregates: a guarded `aggregate` counts only the records the user may read,
 * and refuses a group, measure or condition on a field the user may not read.
 *
 * @module
 */
import { expect } from 'vitest';
import { unwrap } from '../../core/result.js';
import { isAggregateStore } from '../../repository/isAggregateRepository.js';
import type { AggregateStore } from '../../repository/ports.js';
import { withAccess } from '../../access/withAccess.js';
import { ORG, ORG_READS, salesOrgPolicy, seedOrg } from './accessOrg.js';
import type { AccessSuite } from './access.js';

export function accessAggregateRules(suite: AccessSuite): void {
  const policy = salesOrgPolicy();

  suite.test(
    'a guarded aggregate counts exactly the records the user may read (the access condition ANDed into where)',
    async (store) => {
      const { users, deals } = await seedOrg(store);
      if (!isAggregateStore(store)) return;
      for (const [name, expected] of Object.entries(ORG_READS)) {
        const g = withAccess(store as AggregateStore, policy, { user: users[name]! });
        expect(isAggregateStore(g), name).toBe(true);
        const rows = unwrap(
          await g.deals.aggregate(ORG, {
            groupBy: ['ownerId'],
            measures: { n: { fn: 'count' }, names: { fn: 'distinctCount', field: 'name' } },
          }),
        );
        const want = new Map<string, number>();
        for (const id of expected) {
          const owner = deals[id]!.ownerId ?? 'null';
          want.set(owner, (want.get(owner) ?? 0) + 1);
        }
        const got = new Map(rows.map((r) => [String(r.group['ownerId']), r.measures['n']]));
        expect(got, name).toEqual(want);
        const total = unwrap(await g.deals.aggregate(ORG, { measures: { n: { fn: 'count' } } }));
        expect(total, name).toEqual([{ group: {}, measures: { n: expected.length } }]);
      }
    },
  );

  suite.test(
    'a guarded aggregate refuses a group, a measure or a condition on a field the user may not read (forbidden, access_denied at its path)',
    async (store) => {
      const { users } = await seedOrg(store);
      if (!isAggregateStore(store)) return;
      const sup = withAccess(store as AggregateStore, policy, { user: users['sup']! });
      const refusals: [object, (string | number)[]][] = [
        [{ measures: { total: { fn: 'sum', field: 'amount' } } }, ['measures', 'total', 'field']],
        [
          { measures: { big: { fn: 'countIf', where: { field: 'amount', op: 'gt', value: '1' } } } },
          ['measures', 'big', 'where', 'field'],
        ],
        [{ where: { field: 'amount', op: 'gt', value: '1' }, measures: { n: { fn: 'count' } } }, ['where', 'field']],
      ];
      for (const [query, path] of refusals) {
        const r = await sup.deals.aggregate(ORG, query as never);
        expect(r.ok, JSON.stringify(query)).toBe(false);
        if (!r.ok) {
          expect(r.error.code).toBe('forbidden');
          expect(r.error.issues[0]?.code).toBe('access_denied');
          expect(r.error.issues[0]?.path).toEqual(path);
        }
      }
      const fin = withAccess(store as AggregateStore, policy, { user: users['fin']! });
      const notes = await fin.deals.aggregate(ORG, {
        measures: { n: { fn: 'countIf', where: { field: 'customFields.notes', op: 'isNull', value: false } } },
      });
      expect(notes.ok ? null : notes.error.code).toBe('forbidden');
      // The same user may aggregate what they may read.
      expect((await sup.deals.aggregate(ORG, { groupBy: ['stageId'], measures: { n: { fn: 'count' } } })).ok).toBe(
        true,
      );
      const forged = withAccess(store as AggregateStore, policy, { user: { ...users['ana']!, role: 'manager' } });
      const f = await forged.deals.aggregate(ORG, { measures: { n: { fn: 'count' } } });
      expect(f.ok ? null : f.error.code).toBe('forbidden');
    },
  );
}
