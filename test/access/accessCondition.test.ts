// accessCondition: the condition of each level for the sales org, and its bad input.
import { describe, expect, it } from 'vitest';
import { accessCondition, can } from '../../src/access/index.js';
import { conditionToJSON, evaluateCondition } from '../../src/conditions/index.js';
import { unwrap } from '../../src/core/result.js';
import { deal, salesOrg, users } from './_salesOrg.js';

const u = users();
const all = Object.values(u);
const json = (r: ReturnType<typeof accessCondition>) => conditionToJSON(unwrap(r));

describe('accessCondition: the sales org', () => {
  const p = salesOrg();
  it('own, team + hierarchy, all, a condition and a sharing rule', () => {
    expect(json(accessCondition(p, u.ana, 'deal', 'read', { users: all }))).toEqual({
      any: [{ field: 'ownerId', op: 'eq', value: 'ana' }],
    });
    expect(json(accessCondition(p, u.max, 'deal', 'read', { users: all }))).toEqual({
      any: [
        { field: 'ownerId', op: 'in', value: ['max', 'ana', 'bo'] },
        { field: 'ownerId', op: 'in', value: ['ana', 'bo', 'cy'] },
      ],
    });
    expect(json(accessCondition(p, u.fin, 'deal', 'read'))).toEqual({ all: [] });
    expect(json(accessCondition(p, u.mia, 'deal', 'read'))).toEqual({
      any: [
        { field: 'customFields.region', op: 'in', value: { $ref: 'user.teamIds' } },
        { field: 'amount', op: 'gte', value: '100000' },
      ],
    });
    expect(json(accessCondition(p, u.ana, 'deal', 'delete'))).toEqual({ any: [] });
  });

  it('without users, team grants own records only and the hierarchy nothing (as can without owner)', () => {
    const c = unwrap(accessCondition(p, u.max, 'deal', 'read'));
    expect(conditionToJSON(c)).toEqual({ any: [{ field: 'ownerId', op: 'in', value: ['max'] }] });
    for (const d of [deal('a', 'max'), deal('b', 'bo'), deal('c', 'cy')])
      expect(evaluateCondition(c, d, { user: u.max })).toBe(can(p, u.max, 'read', 'deal', d).allowed);
  });

  it('splits long id lists at 1,000', () => {
    const many = Array.from({ length: 2500 }, (_, i) => ({
      id: `rep-${i}`,
      role: 'sales' as const,
      teamIds: ['north'],
    }));
    const c = json(accessCondition(p, u.ana, 'deal', 'read', { users: many }));
    expect(c).toEqual({ any: [{ field: 'ownerId', op: 'eq', value: 'ana' }] });
    const m = json(accessCondition(p, u.max, 'deal', 'read', { users: many })) as unknown as {
      any: { value: string[] }[];
    };
    expect(m.any.map((x) => x.value.length)).toEqual([1000, 1000, 501, 1000, 1000, 500]);
  });

  it('a user that may see nothing gets a condition matching nothing', () => {
    for (const user of [
      { ...u.ana, active: false },
      { ...u.ana, role: 'root' },
      { id: '', role: 'sales' },
    ])
      expect(json(accessCondition(p, user, 'deal', 'read', { users: all }))).toEqual({ any: [] });
    expect(json(accessCondition(p, { ...u.fin, tenantId: 't2' }, 'deal', 'read', { tenantId: 't1' }))).toEqual({
      any: [],
    });
  });

  it('bad options are a Result error; impossible calls throw', () => {
    const r1 = accessCondition(p, u.max, 'deal', 'read', { users: [u.ana, u.ana] });
    expect(!r1.ok && r1.error.issues.map((i) => [i.code, i.path])).toEqual([['duplicate', ['options', 'users', 1]]]);
    const r2 = accessCondition(p, u.max, 'deal', 'read', { users: [u.ana, { id: 'x', role: 'god' } as never] });
    expect(!r2.ok && r2.error.issues.map((i) => [i.code, i.path])).toEqual([
      ['invalid_actor', ['options', 'users', 1]],
    ]);
    expect(accessCondition(p, u.max, 'deal', 'read', { users: 'all' } as never).ok).toBe(false);
    expect(accessCondition(p, u.max, 'deal', 'read', { who: 1 } as never).ok).toBe(false);
    expect(accessCondition(p, u.max, 'deal', 'read', { tenantId: 5 } as never).ok).toBe(false);
    expect(() => accessCondition({} as never, u.max, 'deal', 'read')).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
    expect(() => accessCondition(p, u.max, 'deal', 'write' as never)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });
});
