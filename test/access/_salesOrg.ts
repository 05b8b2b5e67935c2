// The sales org of issue 16, built fresh for each caller: reps see their own deals, managers their
// team's (and, through the hierarchy, every rep's), finance (role `viewer`) reads every deal and its amount
// but not its notes (`customFields.notes` plays the notes), support reads deals but never their amounts.
import { unwrap } from '../../src/core/result.js';
import { defineAccessPolicy, type AccessPolicySpec, type AccessUser } from '../../src/access/index.js';

export const salesOrgSpec = (): AccessPolicySpec => ({
  defaults: { deal: { read: 'none', edit: 'none', delete: 'none' } },
  roles: {
    admin: { deal: { read: 'all', edit: 'all', delete: 'all' } },
    sales: { deal: { read: 'own', edit: 'own', delete: 'none' } },
    manager: { deal: { read: 'team', edit: 'team', delete: 'own' } },
    viewer: { deal: { read: 'all' } },
    support: { deal: { read: 'all' } },
    marketing: { deal: { read: { field: 'customFields.region', op: 'in', value: { $ref: 'user.teamIds' } } } },
  },
  hierarchy: { admin: ['manager'], manager: ['sales'] },
  sharingRules: [
    {
      id: 'big-deals-to-emea',
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

export const salesOrg = () => unwrap(defineAccessPolicy(salesOrgSpec()));

export const users = () => {
  const ana: AccessUser = { id: 'ana', role: 'sales', teamIds: ['north'], active: true };
  const bo: AccessUser = { id: 'bo', role: 'sales', teamIds: ['north'], active: true };
  const cy: AccessUser = { id: 'cy', role: 'sales', teamIds: ['south'], active: true };
  const max: AccessUser = { id: 'max', role: 'manager', teamIds: ['north'], active: true };
  const fin: AccessUser = { id: 'fin', role: 'viewer', teamIds: ['finance'], active: true };
  const sup: AccessUser = { id: 'sup', role: 'support', teamIds: ['helpdesk'], active: true };
  const mia: AccessUser = { id: 'mia', role: 'marketing', teamIds: ['emea'], active: true };
  return { ana, bo, cy, max, fin, sup, mia };
};

export const deal = (id: string, ownerId: string, amount = '5000', extra: Record<string, unknown> = {}) => ({
  id,
  name: `Deal ${id}`,
  ownerId,
  stageId: 'proposal',
  amount: { amount, currency: 'EUR' },
  customFields: { region: 'emea', notes: 'call after lunch' },
  ...extra,
});
