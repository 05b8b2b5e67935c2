/**
 * Valid calls of crmkit/access (policies, decisions, access conditions, redaction, field edits), for the
 * fuzzer (test/fuzz/fuzz.test.ts). Every seed fills each option key, with the sales org of issue 16.
 */
import { unwrap } from '../../../src/core/result.js';
import { defineAccessPolicy, type AccessPolicySpec } from '../../../src/access/index.js';
import { createMemoryStore } from '../../../src/repository/memory.js';
import { seeds, type FuzzSpec, type SeedTable } from '../_spec.js';

const spec = (): AccessPolicySpec => ({
  defaults: { deal: { read: 'none', edit: 'none', delete: 'none' } },
  roles: {
    sales: { deal: { read: 'own', edit: 'own', delete: 'none' } },
    manager: { deal: { read: 'team', edit: 'team' } },
    marketing: { deal: { read: { field: 'customFields.region', op: 'in', value: { $ref: 'user.teamIds' } } } },
  },
  hierarchy: { manager: ['sales'] },
  sharingRules: [
    {
      id: 'big',
      object: 'deal',
      where: { field: 'amount', op: 'gte', value: '100000' },
      grant: { read: true },
      to: { team: 'emea' },
    },
  ],
  fields: {
    deal: {
      amount: { read: { support: false }, edit: { sales: false } },
      'customFields.notes': { read: { viewer: false } },
    },
  },
});
const policy = () => unwrap(defineAccessPolicy(spec()));
const rep = () => ({ id: 'ana', role: 'sales' as const, teamIds: ['north'], active: true, tenantId: 't1' });
const manager = () => ({ id: 'max', role: 'manager' as const, teamIds: ['north'], active: true, tenantId: 't1' });
const deal = () => ({
  id: 'd1',
  name: 'Acme',
  ownerId: 'ana',
  amount: { amount: '5000', currency: 'EUR' },
  customFields: { region: 'emea', notes: 'call back' },
});
const IMPOSSIBLE =
  'a policy not made by defineAccessPolicy, or an unknown kind or action: a call no type-correct program makes (@throws)';
const withThrows = (spec: FuzzSpec, args: readonly number[]): FuzzSpec => ({
  ...spec,
  throws: { args, reason: IMPOSSIBLE },
});

export const ACCESS_SEEDS: SeedTable = {
  defineAccessPolicy: seeds(() => [spec()]),
  isAccessPolicy: seeds(
    () => [policy()],
    () => [spec()],
  ),
  can: seeds(
    () => [policy(), manager(), 'read', 'deal', deal(), { owner: rep(), tenantId: 't1' }],
    () => [
      policy(),
      manager(),
      'edit',
      'deal',
      deal(),
      { owner: (id: string) => (id === 'ana' ? rep() : null), tenantId: 't1' },
    ],
  ),
  accessCondition: withThrows(
    seeds(() => [policy(), manager(), 'deal', 'read', { users: [rep(), manager()], tenantId: 't1' }]),
    [0, 2, 3],
  ),
  redact: {
    ...seeds(() => [policy(), { id: 'sup', role: 'support' as const, teamIds: [], active: true }, 'deal', deal()]),
    echoes: "a copy of the record's own fields (those the user may read): its values are the caller's",
  },
  withAccess: {
    ...seeds(() => [createMemoryStore(), policy(), { user: rep() }]),
    throws: {
      args: [0, 1, 2],
      reason:
        'a store that is not a Store, a policy not made by defineAccessPolicy, options without a user or with unknown keys: calls no type-correct program makes (@throws); a wrong user is data, refused by every call of the guarded store',
    },
    opaque: {
      is: (v: object) => typeof (v as { transaction?: unknown }).transaction === 'function',
      reason: "a guarded Store: functions over the caller's store, checked by runAccessContract",
    },
  },
  checkWritableFields: withThrows(
    seeds(() => [policy(), rep(), 'deal', deal(), { ...deal(), name: 'Acme GmbH' }]),
    [0, 2],
  ),
};
