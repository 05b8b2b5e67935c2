// defineAccessPolicy: every problem at once, each with its path and typed code.
import { describe, expect, it } from 'vitest';
import { defineAccessPolicy, isAccessPolicy, type AccessPolicySpec } from '../../src/access/index.js';
import { formatPath } from '../../src/core/errors.js';
import { salesOrgSpec } from './_salesOrg.js';

const issuesOf = (spec: unknown) => {
  const r = defineAccessPolicy(spec as AccessPolicySpec);
  if (r.ok) throw new Error('expected an error');
  expect(r.error.code).toBe('validation_failed');
  return r.error.issues.map((i) => `${i.code} ${formatPath(i.path)}`);
};

describe('defineAccessPolicy', () => {
  it('accepts the sales org, frozen and branded, with a deep copy of the spec', () => {
    const spec = salesOrgSpec();
    const r = defineAccessPolicy(spec);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(isAccessPolicy(r.value)).toBe(true);
    expect(isAccessPolicy({ ...r.value })).toBe(false);
    expect(Object.isFrozen(r.value) && Object.isFrozen(r.value.roles) && Object.isFrozen(r.value.sharingRules[0])).toBe(
      true,
    );
    expect(r.value.roles.sales?.deal?.read).toBe('own');
    expect(Object.isFrozen(spec)).toBe(false);
    expect(Object.isFrozen(spec.roles)).toBe(false);
    expect(r.value.hierarchy).toEqual({ admin: ['manager'], manager: ['sales'] });
  });

  it('hierarchy, sharing rules and fields are optional', () => {
    const r = defineAccessPolicy({ defaults: {}, roles: {} });
    expect(r.ok && r.value.sharingRules.length === 0 && Object.keys(r.value.fields).length === 0).toBe(true);
  });

  it('reports every problem at once, with paths', () => {
    const issues = issuesOf({
      defaults: { deals: { read: 'all' }, deal: { read: 'everything', stream: 'all' } },
      roles: {
        boss: {},
        sales: { deal: { read: { field: 'stage', op: 'eq', value: 'won' }, edit: 7 } },
        support: { user: { read: 'own' } },
      },
      hierarchy: { manager: ['sales', 'sales', 'king'] },
      sharingRules: [
        { id: 'r1', object: 'deal', where: { all: [] }, grant: { read: 'yes', write: true }, to: { role: 'ceo' } },
        { id: 'r1', object: 'dael', where: { all: [] }, grant: { read: true }, to: { role: 'sales', team: 't' } },
      ],
      fields: {
        deal: { amonut: { read: { support: false } }, amount: { read: { support: 'no' }, write: {} }, id: {} },
      },
      extra: 1,
    });
    expect(issues).toEqual([
      'unrecognized_keys (root)',
      'invalid_value defaults.deals',
      'unrecognized_keys defaults.deal',
      'invalid_value defaults.deal.read',
      'invalid_value roles.boss',
      'unknown_field roles.sales.deal.read.field',
      'invalid_type roles.sales.deal.edit',
      'invalid_value roles.support.user.read',
      'duplicate hierarchy.manager[1]',
      'invalid_value hierarchy.manager[2]',
      'unrecognized_keys sharingRules[0].grant',
      'invalid_type sharingRules[0].grant.read',
      'invalid_value sharingRules[0].to.role',
      'duplicate sharingRules[1].id',
      'invalid_value sharingRules[1].object',
      'invalid_value sharingRules[1].to',
      'unknown_field fields.deal.amonut',
      'unrecognized_keys fields.deal.amount',
      'invalid_type fields.deal.amount.read.support',
      'unknown_field fields.deal.id',
    ]);
  });

  it('names each cycle in the hierarchy', () => {
    const r = defineAccessPolicy({
      defaults: {},
      roles: {},
      hierarchy: { admin: ['manager'], manager: ['sales'], sales: ['admin'], support: ['support'] },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.issues.map((i) => [formatPath(i.path), i.message])).toEqual([
      ['hierarchy.sales', 'the hierarchy has a cycle: admin → manager → sales → admin'],
      ['hierarchy.support', 'the hierarchy has a cycle: support → support'],
    ]);
  });

  it('refuses conditions reading the clock, and names with SQL in them', () => {
    const issues = issuesOf({
      defaults: { deal: { read: { field: 'updatedAt', op: 'gt', value: { $now: '-P30D' } } } },
      roles: {
        sales: { deal: { read: { field: "ownerId'; DROP TABLE deals; --", op: 'eq', value: 'x' } } },
        manager: { deal: { read: { field: 'customFields.region"||(select 1)', op: 'eq', value: 'x' } } },
      },
      sharingRules: [
        {
          id: 'r',
          object: 'deal',
          where: { field: 'name; DELETE', op: 'eq', value: 'x' },
          grant: { read: true },
          to: { team: 't' },
        },
      ],
      fields: { deal: { 'amount--': { read: { sales: false } }, 'customFields.a b': { read: { sales: false } } } },
    });
    expect(issues).toEqual([
      'invalid_value defaults.deal.read',
      'unknown_field roles.sales.deal.read.field',
      'unknown_field roles.manager.deal.read.field',
      'unknown_field sharingRules[0].where.field',
      'unknown_field fields.deal.amount--',
      'unknown_field fields.deal.customFields.a b',
    ]);
  });

  it("refuses 'own' and 'team' on kinds without an owner, and unknown $ref names", () => {
    expect(issuesOf({ defaults: { team: { read: 'team' } }, roles: {} })).toEqual(['invalid_value defaults.team.read']);
    expect(
      issuesOf({
        defaults: {},
        roles: { sales: { deal: { read: { field: 'ownerId', op: 'eq', value: { $ref: 'user.boss' } } } } },
      }),
    ).toEqual(['unknown_reference roles.sales.deal.read.value.$ref']);
  });

  it('never throws: wrong types, null, cycles, throwing getters, sparse arrays', () => {
    const cyclic: Record<string, unknown> = { field: 'name', op: 'eq' };
    cyclic['value'] = cyclic;
    const inputs: unknown[] = [
      null,
      undefined,
      'policy',
      [],
      { defaults: null, roles: null },
      { defaults: {}, roles: { sales: { deal: { read: cyclic } } } },
      { defaults: {}, roles: {}, sharingRules: new Array(3) },
      {
        defaults: {},
        get roles() {
          throw new Error('boom');
        },
      },
      { defaults: {}, roles: {}, hierarchy: { manager: 'sales' } },
    ];
    for (const i of inputs) {
      const r = defineAccessPolicy(i as AccessPolicySpec);
      expect(r.ok).toBe(false);
    }
  });
});

describe('defineAccessPolicy: fuzz findings', () => {
  // Found by the fuzzer: a Date (or any object that is not plain) has no keys and passed as an empty
  // object, so the policy held an invalid Date.
  it('refuses objects that are not plain where a plain object belongs', () => {
    for (const odd of [new Date(Number.NaN), new Map(), new (class Roles {})()]) {
      expect(defineAccessPolicy({ defaults: odd, roles: {} } as never).ok).toBe(false);
      expect(defineAccessPolicy({ defaults: {}, roles: odd } as never).ok).toBe(false);
      expect(defineAccessPolicy({ defaults: {}, roles: {}, fields: odd } as never).ok).toBe(false);
      expect(defineAccessPolicy({ defaults: {}, roles: {}, hierarchy: odd } as never).ok).toBe(false);
      expect(defineAccessPolicy({ defaults: { deal: odd }, roles: {} } as never).ok).toBe(false);
    }
  });
});

describe('defineAccessPolicy: conditions stay usable under accessCondition', () => {
  it('refuses a condition at the depth limit, which accessCondition could not wrap', () => {
    let deep: unknown = { field: 'name', op: 'eq', value: 'x' };
    for (let i = 0; i < 32; i++) deep = { not: deep };
    const r = defineAccessPolicy({ defaults: { deal: { read: deep as never } }, roles: {} });
    expect(!r.ok && r.error.issues.map((i) => i.code)).toEqual(['too_deep']);
    let ok: unknown = { field: 'name', op: 'eq', value: 'x' };
    for (let i = 0; i < 31; i++) ok = { not: ok };
    expect(defineAccessPolicy({ defaults: { deal: { read: ok as never } }, roles: {} }).ok).toBe(true);
  });
});
