// Properties of the access core over random policies, users and records (fast-check, fresh seeds on
// every run):
// - accessCondition ≡ can: evaluateCondition(accessCondition(…, { users }), record, { user }) equals
//   can(…, { owner: lookup in users }).allowed, for every action;
// - redact never returns a field the field rules forbid the user's role to read, and keeps the others;
// - merging is monotone: adding a sharing rule or a grant to a role that had none never removes access;
// - defaults are a floor: whatever the defaults alone allow, the whole policy allows;
// - an inactive user is never allowed anything.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  accessCondition,
  can,
  defineAccessPolicy,
  redact,
  ACCESS_ACTIONS,
  type AccessPolicySpec,
  type AccessRule,
  type AccessUser,
  type SharingRule,
} from '../../src/access/index.js';
import { evaluateCondition } from '../../src/conditions/index.js';
import { unwrap } from '../../src/core/result.js';
import { USER_ROLES, type UserRole } from '../../src/entities/enums.js';

const IDS = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'];
const TEAMS = ['t0', 't1', 't2'];
const CONDITIONS = [
  { field: 'stageId', op: 'eq', value: 'won' },
  { field: 'customFields.region', op: 'in', value: { $ref: 'user.teamIds' } },
  { field: 'ownerId', op: 'eq', value: { $ref: 'user.id' } },
  { field: 'amount', op: 'gte', value: '1000' },
  { not: { field: 'stageId', op: 'eq', value: 'lost' } },
  {
    any: [
      { field: 'ownerId', op: 'isNull', value: true },
      { field: 'name', op: 'startsWith', value: 'big' },
    ],
  },
] as const;

const conditionArb = fc.constantFrom(...CONDITIONS);
const ruleArb: fc.Arbitrary<AccessRule> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<AccessRule>('all', 'team', 'own', 'none') },
  { weight: 1, arbitrary: conditionArb as fc.Arbitrary<AccessRule> },
);
const grantsArb = fc.record({ read: ruleArb, edit: ruleArb, delete: ruleArb }, { requiredKeys: [] });
const roleArb = fc.constantFrom<UserRole>(...USER_ROLES);

const hierarchyArb = fc
  .tuple(
    fc.shuffledSubarray([...USER_ROLES], { minLength: 0 }),
    fc.array(fc.boolean(), { minLength: 15, maxLength: 15 }),
  )
  .map(([order, bits]) => {
    // Edges only from earlier to later roles in a random order: a DAG, never a cycle.
    const h: Partial<Record<UserRole, UserRole[]>> = {};
    let k = 0;
    for (let i = 0; i < order.length; i++)
      for (let j = i + 1; j < order.length; j++)
        if (bits[k++ % bits.length]) (h[order[i] as UserRole] ??= []).push(order[j] as UserRole);
    return h;
  });

const sharingArb: fc.Arbitrary<SharingRule> = fc.record({
  id: fc.constantFrom('r1', 'r2', 'r3', 'r4'),
  object: fc.constant('deal' as const),
  where: conditionArb,
  grant: fc.record({ read: fc.boolean(), edit: fc.boolean(), delete: fc.boolean() }, { requiredKeys: [] }),
  to: fc.oneof(fc.record({ role: roleArb }), fc.record({ team: fc.constantFrom(...TEAMS) })),
}) as fc.Arbitrary<SharingRule>;

const refusalsArb = fc.dictionary(roleArb, fc.boolean(), { maxKeys: 3 });
const specArb: fc.Arbitrary<AccessPolicySpec> = fc.record({
  defaults: fc.record({ deal: grantsArb }, { requiredKeys: [] }),
  roles: fc.dictionary(roleArb, fc.record({ deal: grantsArb }, { requiredKeys: [] }), { maxKeys: 4 }),
  hierarchy: hierarchyArb,
  sharingRules: fc.uniqueArray(sharingArb, { selector: (r) => r.id, maxLength: 3 }),
  fields: fc.record({
    deal: fc.record(
      {
        amount: fc.record({ read: refusalsArb, edit: refusalsArb }, { requiredKeys: [] }),
        'customFields.notes': fc.record({ read: refusalsArb }, { requiredKeys: [] }),
        stageId: fc.record({ read: refusalsArb }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    ),
  }),
}) as fc.Arbitrary<AccessPolicySpec>;

const userArb = (id: string): fc.Arbitrary<AccessUser> =>
  fc.record({
    id: fc.constant(id),
    role: roleArb,
    teamIds: fc.subarray(TEAMS),
    active: fc.boolean(),
  });
const usersArb = fc
  .tuple(...IDS.map((id) => fc.option(userArb(id), { nil: undefined, freq: 4 })))
  .map((us) => us.filter((u): u is AccessUser => u !== undefined));

const recordArb = fc.record({
  id: fc.constantFrom('d1', 'd2', 'd3'),
  name: fc.constantFrom('big one', 'small one'),
  ownerId: fc.option(fc.constantFrom(...IDS, 'nobody'), { nil: undefined }),
  stageId: fc.constantFrom('proposal', 'won', 'lost'),
  amount: fc.constantFrom('500', '1000', '5000').map((amount) => ({ amount, currency: 'EUR' })),
  customFields: fc.record({ region: fc.constantFrom(...TEAMS, 'elsewhere'), notes: fc.constant('secret') }),
});

const caseArb = fc.record({
  spec: specArb,
  users: usersArb,
  me: userArb('me'),
  useMe: fc.nat(IDS.length),
  records: fc.array(recordArb, { minLength: 1, maxLength: 8 }),
});

function pick(c: { users: AccessUser[]; me: AccessUser; useMe: number }): AccessUser {
  return c.users[c.useMe] ?? c.me; // the acting user: one of the users, or someone outside the list
}

describe('access properties', () => {
  it('accessCondition ≡ can, given the same owner information', () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), (c, withUsers) => {
        const policy = unwrap(defineAccessPolicy(c.spec));
        const user = pick(c);
        const users = withUsers ? c.users : undefined;
        const owner = withUsers ? (id: string) => c.users.find((u) => u.id === id) ?? null : undefined;
        for (const action of ACCESS_ACTIONS) {
          const cond = unwrap(accessCondition(policy, user, 'deal', action, { users }));
          for (const r of c.records) {
            const d = can(policy, user, action, 'deal', r, { owner });
            expect(evaluateCondition(cond, r, { user }), `${action} ${JSON.stringify(r)}`).toBe(d.allowed);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('redact drops exactly the fields the role may not read', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const policy = unwrap(defineAccessPolicy(c.spec));
        const user = { ...pick(c), active: true };
        const refused = (f: string) =>
          (c.spec.fields?.deal as Record<string, { read?: Record<string, boolean> }> | undefined)?.[f]?.read?.[
            user.role
          ] === false;
        for (const r of c.records) {
          const out = redact(policy, user, 'deal', r);
          expect(Object.isFrozen(out)).toBe(true);
          expect('amount' in out).toBe(!refused('amount'));
          expect('stageId' in out).toBe(!refused('stageId'));
          expect(out.customFields !== undefined && 'notes' in out.customFields).toBe(!refused('customFields.notes'));
          expect(out.id).toBe(r.id);
          expect(out.ownerId).toBe(r.ownerId);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is monotone: a new sharing rule, or a grant for a role that had none, never removes access', () => {
    fc.assert(
      fc.property(
        caseArb,
        sharingArb,
        roleArb,
        ruleArb,
        fc.constantFrom(...ACCESS_ACTIONS),
        (c, extra, role, rule, act) => {
          const policy = unwrap(defineAccessPolicy(c.spec));
          const rules = [...(c.spec.sharingRules ?? []).filter((r) => r.id !== 'extra'), { ...extra, id: 'extra' }];
          const roles = { ...c.spec.roles } as Record<string, { deal?: Record<string, AccessRule> }>;
          const had = roles[role]?.deal?.[act];
          if (had === undefined) roles[role] = { ...roles[role], deal: { ...roles[role]?.deal, [act]: rule } };
          const more = unwrap(defineAccessPolicy({ ...c.spec, sharingRules: rules, roles } as AccessPolicySpec));
          const user = pick(c);
          const owner = (id: string) => c.users.find((u) => u.id === id) ?? null;
          for (const action of ACCESS_ACTIONS)
            for (const r of c.records)
              if (can(policy, user, action, 'deal', r, { owner }).allowed)
                expect(can(more, user, action, 'deal', r, { owner }).allowed).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('defaults are a floor, and an inactive user gets nothing', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const policy = unwrap(defineAccessPolicy(c.spec));
        const floor = unwrap(defineAccessPolicy({ defaults: c.spec.defaults, roles: {} }));
        const user = pick(c);
        const owner = (id: string) => c.users.find((u) => u.id === id) ?? null;
        for (const action of ACCESS_ACTIONS)
          for (const r of c.records) {
            if (can(floor, user, action, 'deal', r, { owner }).allowed)
              expect(can(policy, user, action, 'deal', r, { owner }).allowed).toBe(true);
            expect(can(policy, { ...user, active: false }, action, 'deal', r, { owner }).allowed).toBe(false);
          }
      }),
      { numRuns: 300 },
    );
  });
});
