// can: the sales org of issue 16, case by case (the expected answers are what the sentences say:
// "reps see their own deals, managers their team's, finance reads amounts but not notes, support never
// sees deal amounts"), plus hostile users and options.
import { describe, expect, it } from 'vitest';
import { can, defineAccessPolicy } from '../../src/access/index.js';
import { isCrmError } from '../../src/core/errors.js';
import { unwrap } from '../../src/core/result.js';
import { deal, salesOrg, users } from './_salesOrg.js';

const u = users();
const admin = { id: 'root', role: 'admin' as const, teamIds: [], active: true };
const all = Object.values(u);
const owner = (id: string) => all.find((x) => x.id === id) ?? null;

describe('can: the sales org', () => {
  const p = salesOrg();
  it('reps read and edit their own deals, and nobody else’s', () => {
    expect(can(p, u.ana, 'read', 'deal', deal('d1', 'ana'), { owner })).toMatchObject({
      allowed: true,
      level: 'own',
      because: { source: 'role', role: 'sales', ownerUnknown: false },
    });
    expect(can(p, u.ana, 'edit', 'deal', deal('d1', 'ana'), { owner }).allowed).toBe(true);
    expect(can(p, u.ana, 'delete', 'deal', deal('d1', 'ana'), { owner }).allowed).toBe(false);
    const other = can(p, u.ana, 'read', 'deal', deal('d2', 'bo'), { owner });
    expect(other).toMatchObject({ allowed: false, level: 'none', because: { source: 'noGrant' } });
    expect(other.because.message).toContain('role sales');
  });

  it("managers read their team's deals, and through the hierarchy every rep's", () => {
    expect(can(p, u.max, 'read', 'deal', deal('d2', 'bo'), { owner })).toMatchObject({
      allowed: true,
      level: 'team',
      because: { source: 'role', role: 'manager' },
    });
    // cy is in team south: not max's team, but a rep (role sales, below manager) who may read own deals.
    expect(can(p, u.max, 'read', 'deal', deal('d3', 'cy'), { owner })).toMatchObject({
      allowed: true,
      level: 'hierarchy',
      because: { source: 'hierarchy', role: 'manager', ownerRole: 'sales' },
    });
    // sales may not delete their own deals, so the hierarchy gives no delete either.
    expect(can(p, u.max, 'delete', 'deal', deal('d3', 'cy'), { owner }).allowed).toBe(false);
    // fin is not below manager, and shares no team with max.
    expect(can(p, u.max, 'read', 'deal', deal('d4', 'fin'), { owner }).allowed).toBe(false);
  });

  it('without owner information, team and hierarchy cannot grant, and the reason says so', () => {
    const d = can(p, u.max, 'read', 'deal', deal('d2', 'bo'));
    expect(d).toMatchObject({ allowed: false, because: { source: 'noGrant', ownerUnknown: true } });
    expect(d.because.message).toContain('owner is unknown');
    expect(can(p, u.max, 'read', 'deal', deal('d5', 'max')).allowed).toBe(true); // own records need no owner
  });

  it('finance and support read every deal; marketing reads its regions; a sharing rule grants big deals to emea', () => {
    expect(can(p, u.fin, 'read', 'deal', deal('d1', 'ana'))).toMatchObject({ allowed: true, level: 'all' });
    expect(can(p, u.fin, 'edit', 'deal', deal('d1', 'ana')).allowed).toBe(false);
    expect(can(p, u.sup, 'read', 'deal', deal('d1', 'ana')).allowed).toBe(true);
    expect(can(p, u.mia, 'read', 'deal', deal('d1', 'ana'))).toMatchObject({ allowed: true, level: 'condition' });
    const west = deal('d6', 'ana', '5000', { customFields: { region: 'west' } });
    expect(can(p, u.mia, 'read', 'deal', west).allowed).toBe(false);
    const bigWest = deal('d7', 'ana', '250000', { customFields: { region: 'west' } });
    expect(can(p, u.mia, 'read', 'deal', bigWest)).toMatchObject({
      allowed: true,
      level: 'sharing',
      because: { source: 'sharingRule', ruleId: 'big-deals-to-emea' },
    });
  });

  it('merges to the most permissive source and reports it', () => {
    // mia is also a member of north: a manager-like team level is not hers, but the condition and the
    // rule both match a big emea deal; the condition ranks above the rule.
    const big = deal('d8', 'ana', '250000');
    expect(can(p, u.mia, 'read', 'deal', big).level).toBe('condition');
  });

  it('defaults are the floor: a role cannot go below them', () => {
    const q = unwrap(
      defineAccessPolicy({ defaults: { deal: { read: 'own' } }, roles: { sales: { deal: { read: 'none' } } } }),
    );
    expect(can(q, u.ana, 'read', 'deal', deal('d1', 'ana'))).toMatchObject({
      allowed: true,
      level: 'own',
      because: { source: 'default' },
    });
  });
});

describe('can: hostile and bad input', () => {
  const p = salesOrg();
  it('an inactive user gets nothing', () => {
    const d = can(p, { ...u.ana, active: false }, 'read', 'deal', deal('d1', 'ana'));
    expect(d).toMatchObject({ allowed: false, level: 'none', because: { source: 'inactiveUser' } });
  });

  it('a user with extra roles gets only what its role gives; an unknown role gets nothing', () => {
    const forged = { ...u.ana, roles: ['admin'], isAdmin: true } as typeof u.ana;
    expect(can(p, forged, 'read', 'deal', deal('d2', 'bo')).allowed).toBe(false);
    for (const role of ['root', 'Admin', '', 'admin ', 'toString', '__proto__'])
      expect(can(p, { ...u.ana, role }, 'read', 'deal', deal('d1', 'ana')).because.source).toBe('invalidUser');
  });

  it('a user that is not a user is refused, never thrown at', () => {
    const bad: unknown[] = [
      null,
      undefined,
      42,
      'ana',
      [],
      {},
      { id: '', role: 'sales' },
      { id: 'x\u0000', role: 'sales' },
      { id: 'ana', role: 'sales', teamIds: 'north' },
      { id: 'ana', role: 'sales', teamIds: [1] },
      { id: 'ana', role: 'sales', active: 'yes' },
      { id: 'ana', role: 'sales', tenantId: 7 },
      Object.defineProperty({ role: 'sales' }, 'id', {
        get() {
          throw new Error('boom');
        },
        enumerable: true,
      }),
    ];
    for (const b of bad) {
      const d = can(p, b as typeof u.ana, 'read', 'deal', deal('d1', 'ana'));
      expect(d.allowed).toBe(false);
      expect(d.because.source).toBe('invalidUser');
    }
  });

  it("a forged tenantId on the user (not the context's) gets nothing", () => {
    const d = can(p, { ...admin, tenantId: 'tenant-b' }, 'read', 'deal', deal('d1', 'ana'), { tenantId: 'tenant-a' });
    expect(d).toMatchObject({ allowed: false, because: { source: 'otherTenant' } });
    expect(
      can(p, { ...admin, tenantId: 'tenant-a' }, 'read', 'deal', deal('d1', 'ana'), { tenantId: 'tenant-a' }).allowed,
    ).toBe(true);
  });

  it('a record that is not an object is refused; an owner that is not the owner counts as unknown', () => {
    for (const r of [null, 'd1', 3, [deal('d1', 'ana')]])
      expect(can(p, u.ana, 'read', 'deal', r).because.source).toBe('invalidRecord');
    // The owner lookup answers with someone else, or throws: unknown owner, never a grant.
    expect(can(p, u.max, 'read', 'deal', deal('d2', 'bo'), { owner: u.ana }).because.ownerUnknown).toBe(true);
    const throwing = () => {
      throw new Error('db down');
    };
    expect(can(p, u.max, 'read', 'deal', deal('d2', 'bo'), { owner: throwing }).allowed).toBe(false);
    // A record whose ownerId is a getter that throws: no owner.
    const tricky = Object.defineProperty({ id: 'd9' }, 'ownerId', {
      get() {
        throw new Error('boom');
      },
    });
    expect(can(p, u.ana, 'read', 'deal', tricky).allowed).toBe(false);
  });

  it('throws a CrmError for calls no type-correct program makes', () => {
    const bad = [
      () => can({} as never, u.ana, 'read', 'deal', {}),
      () => can(p, u.ana, 'stream' as never, 'deal', {}),
      () => can(p, u.ana, 'read', 'deals' as never, {}),
      () => can(p, u.ana, 'read', 'deal', {}, { owners: [] } as never),
    ];
    for (const f of bad) expect(() => f()).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    try {
      can(p, u.ana, 'read', 'deal', {}, { owners: [] } as never);
    } catch (e) {
      expect(isCrmError(e, 'validation_failed')).toBe(true);
      expect((e as Error).message).toContain('allowed: owner, tenantId');
    }
  });

  it('decisions are frozen and the inputs untouched', () => {
    const d = deal('d1', 'ana');
    const before = JSON.stringify(d);
    const r = can(p, u.ana, 'read', 'deal', d, { owner });
    expect(Object.isFrozen(r) && Object.isFrozen(r.because)).toBe(true);
    expect(JSON.stringify(d)).toBe(before);
    expect(Object.isFrozen(d)).toBe(false);
  });
});
