// Issue 21, items 2 and 4: matching rules, blocking keys, findDuplicates, duplicateClusters.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  defineMatchingRule,
  duplicateClusters,
  findDuplicates,
  matchKeys,
  STANDARD_ACCOUNT_RULE,
  STANDARD_CONTACT_RULE,
  STANDARD_LEAD_RULE,
  type MatchingRule,
} from '../../src/quality/index.js';
import { unwrap } from '../../src/core/result.js';
import { CrmError } from '../../src/core/errors.js';

const ada = {
  id: 'l1',
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@example.com',
  phone: null,
  company: 'Analytical Engines Ltd',
};

describe('defineMatchingRule', () => {
  it('checks fields against the entity schema, with paths', () => {
    const r = defineMatchingRule({
      object: 'lead',
      groups: [[{ field: 'emial', method: 'exact' }], [{ field: 'lastName', method: 'jaroWinkler' }]],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.issues.map((i) => [i.path.join('.'), i.code])).toEqual([
        ['groups.0.0.field', 'unknown_field'],
        ['groups.1.0.threshold', 'invalid_value'],
      ]);
    }
  });
  it('refuses unknown keys, objects, methods, blanks and a where that needs a context', () => {
    const bad: unknown[] = [
      null,
      { object: 'deal', groups: [[{ field: 'name', method: 'exact' }]] },
      { object: 'lead', groups: [] },
      { object: 'lead', groups: [[]] },
      { object: 'lead', groups: [[{ field: 'email', method: 'soundex' }]] },
      { object: 'lead', groups: [[{ field: 'email', method: 'exact', threshold: 0.5 }]] },
      { object: 'lead', groups: [[{ field: 'email', method: 'exact' }]], blanks: 'maybe' },
      { object: 'lead', groups: [[{ field: 'email', method: 'exact' }]], extra: 1 },
      {
        object: 'lead',
        groups: [[{ field: 'email', method: 'exact' }]],
        where: { field: 'createdAt', op: 'gte', value: { $now: '-P1D' } },
      },
      {
        object: 'lead',
        groups: [[{ field: 'email', method: 'exact' }]],
        where: { field: 'stage', op: 'eq', value: 'x' },
      },
      { object: 'lead', groups: [[{ field: 'email', method: 'exact' }]], defaultRegion: 'XX' },
      { object: 'lead', groups: [[{ field: 'email', method: 'exact' }]], maxBlock: 1 },
      { object: 'lead', groups: [[{ field: 'score', method: 'exact' }]] },
    ];
    for (const spec of bad) {
      const r = defineMatchingRule(spec as never);
      expect(r.ok, JSON.stringify(spec)).toBe(false);
      if (!r.ok) expect(r.error).toBeInstanceOf(CrmError);
    }
  });
  it('never throws for input that cannot be read', () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('boom');
        },
        ownKeys: () => {
          throw new Error('boom');
        },
      },
    );
    expect(defineMatchingRule(hostile as never).ok).toBe(false);
  });
  it('limits matching with a condition of the one condition language', () => {
    const rule = unwrap(
      defineMatchingRule({
        object: 'lead',
        groups: [[{ field: 'email', method: 'normalized' }]],
        where: { field: 'status', op: 'neq', value: 'converted' },
      }),
    );
    const converted = { ...ada, id: 'l2', status: 'converted' };
    const r = unwrap(duplicateClusters(rule, [ada, converted, { ...ada, id: 'l3', status: 'new' }]));
    expect(r.clusters).toEqual([['l1', 'l3']]);
  });
  it('the presets are rules on their objects', () => {
    expect([STANDARD_LEAD_RULE, STANDARD_CONTACT_RULE, STANDARD_ACCOUNT_RULE].map((r) => r.object)).toEqual([
      'lead',
      'contact',
      'account',
    ]);
    expect(Object.isFrozen(STANDARD_LEAD_RULE.groups[0])).toBe(true);
  });
});

describe('methods', () => {
  const rule = (method: string, field: string, extra: object = {}): MatchingRule =>
    unwrap(defineMatchingRule({ object: 'lead', groups: [[{ field, method, ...extra } as never]] }));
  const pair = (r: MatchingRule, a: object, b: object) =>
    unwrap(findDuplicates(r, { id: 'a', ...a }, [{ id: 'b', ...b }], { maxBlock: 10 })).candidates.length === 1;

  it('exact and normalized', () => {
    expect(pair(rule('exact', 'lastName'), { lastName: 'Lovelace' }, { lastName: 'lovelace' })).toBe(false);
    expect(pair(rule('normalized', 'lastName'), { lastName: 'Lovelace' }, { lastName: ' lovelace' })).toBe(true);
    expect(pair(rule('normalized', 'company'), { company: 'PT Maju Jaya Tbk' }, { company: 'Maju Jaya' })).toBe(true);
  });
  it('emailDomain never matches on a free-mail domain', () => {
    const r = rule('emailDomain', 'email');
    expect(pair(r, { email: 'ada@acme.co.uk' }, { email: 'bob@mail.acme.co.uk' })).toBe(true);
    expect(pair(r, { email: 'ada@gmail.com' }, { email: 'bob@gmail.com' })).toBe(false);
  });
  it('phone reads national numbers in the record country or the rule region', () => {
    const r = rule('phone', 'phone');
    expect(pair(r, { phone: '0812-3456-7890', country: 'ID' }, { phone: '+62 812 3456 7890' })).toBe(true);
    const regional = unwrap(
      defineMatchingRule({ object: 'lead', groups: [[{ field: 'phone', method: 'phone' }]], defaultRegion: 'ID' }),
    );
    expect(pair(regional, { phone: '0812-3456-7890' }, { phone: '+6281234567890' })).toBe(true);
    expect(pair(r, { phone: '0812-3456-7890' }, { phone: '+6281234567890' })).toBe(false);
  });
  it('nameInitials: J and John, IBM and International Business Machines', () => {
    expect(pair(rule('nameInitials', 'firstName'), { firstName: 'J.' }, { firstName: 'John' })).toBe(true);
    expect(
      pair(rule('nameInitials', 'company'), { company: 'IBM' }, { company: 'International Business Machines' }),
    ).toBe(true);
    expect(pair(rule('nameInitials', 'firstName'), { firstName: 'K' }, { firstName: 'John' })).toBe(false);
  });
  it('blanks: no_match by default; match makes two blanks agree', () => {
    expect(pair(rule('exact', 'title'), {}, {})).toBe(false);
    expect(pair(rule('exact', 'title', { blank: 'match' }), {}, {})).toBe(true);
    expect(pair(rule('exact', 'title', { blank: 'match' }), { title: 'CEO' }, {})).toBe(false);
  });
});

describe('matchKeys, findDuplicates', () => {
  it('gives the keys of each group', () => {
    expect(unwrap(matchKeys(STANDARD_LEAD_RULE, ada))).toEqual([
      '0|ada@example.com',
      '2|analytical engines|l|a',
      '3|example.com|l|a',
    ]);
    expect(matchKeys(STANDARD_LEAD_RULE, { name: 'x' } as never).ok).toBe(false);
    expect(() => matchKeys({ kind: 'matching_rule' } as never, ada)).toThrow(CrmError);
  });
  it('ranks candidates with per-field evidence', () => {
    const existing = [
      { id: 'l2', firstName: 'Ada', lastName: 'Lovelace', email: 'ADA@example.com', company: null },
      { id: 'l3', firstName: 'Adah', lastName: 'Lovelace', email: 'a.l@example.com', company: 'Analytical Engines' },
      { id: 'l4', firstName: 'Grace', lastName: 'Hopper', email: 'grace@navy.mil' },
    ];
    const r = unwrap(findDuplicates(STANDARD_LEAD_RULE, ada, existing));
    expect(r.candidates.map((c) => [c.id, c.group])).toEqual([
      ['l2', 0],
      ['l3', 2],
    ]);
    expect(r.candidates[1]!.evidence.map((e) => [e.field, e.agree])).toEqual([
      ['company', true],
      ['lastName', true],
      ['firstName', true],
    ]);
    expect(r.candidates[1]!.score).toBeLessThan(1);
  });
  it('drops a key shared by more than maxBlock records and reports it', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({
      id: `x${i}`,
      lastName: 'Lovelace',
      firstName: 'Ada',
      company: 'Analytical Engines',
    }));
    const r = unwrap(findDuplicates(STANDARD_LEAD_RULE, ada, many, { maxBlock: 10 }));
    expect(r.droppedKeys).toEqual([{ key: '2|analytical engines|l|a', size: 20 }]);
    expect(r.candidates).toEqual([]);
    const c = unwrap(duplicateClusters(STANDARD_LEAD_RULE, [ada, ...many], { maxBlock: 10 }));
    expect(c.droppedKeys).toEqual([{ key: '2|analytical engines|l|a', size: 21 }]);
  });
  it('refuses bad records and options', () => {
    expect(findDuplicates(STANDARD_LEAD_RULE, ada, [ada, ada]).ok).toBe(false); // the same id twice
    expect(findDuplicates(STANDARD_LEAD_RULE, ada, 'x' as never).ok).toBe(false);
    expect(findDuplicates(STANDARD_LEAD_RULE, ada, [], { limit: 0 }).ok).toBe(false);
    expect(findDuplicates(STANDARD_LEAD_RULE, ada, [], { top: 1 } as never).ok).toBe(false);
    expect(duplicateClusters(STANDARD_LEAD_RULE, [null] as never).ok).toBe(false);
    expect(duplicateClusters(STANDARD_LEAD_RULE, [], { maxBlock: 1 }).ok).toBe(false);
    expect(unwrap(duplicateClusters(STANDARD_LEAD_RULE, [])).clusters).toEqual([]);
  });
});

describe('duplicateClusters (properties)', () => {
  const person = fc.record({
    firstName: fc.constantFrom('Ada', 'Adah', 'Grace', 'J.', 'John', null),
    lastName: fc.constantFrom('Lovelace', 'Lovelase', 'Hopper', 'Smith'),
    email: fc.constantFrom('ada@example.com', 'ADA@example.com', 'g@navy.mil', 'x@gmail.com', null),
    phone: fc.constantFrom('+6281234567890', '0812-3456-7890', '+442079460958', null),
    company: fc.constantFrom('Acme Inc', 'ACME', 'Navy', null),
    country: fc.constantFrom('ID', 'GB', null),
  });
  const records = fc.array(person, { maxLength: 25 }).map((rs) => rs.map((r, i) => ({ id: `r${i}`, ...r })));

  it('clusters are disjoint sets of known ids, each of two or more, sorted', () => {
    fc.assert(
      fc.property(records, (rs) => {
        const { clusters } = unwrap(duplicateClusters(STANDARD_LEAD_RULE, rs));
        const all = clusters.flat();
        expect(new Set(all).size).toBe(all.length);
        for (const c of clusters) {
          expect(c.length).toBeGreaterThanOrEqual(2);
          expect([...c].sort()).toEqual(c);
        }
        expect(all.every((id) => rs.some((r) => r.id === id))).toBe(true);
      }),
    );
  });
  it('every pair findDuplicates finds is in one cluster (clusters close over matches)', () => {
    fc.assert(
      fc.property(records, (rs) => {
        const { clusters } = unwrap(duplicateClusters(STANDARD_LEAD_RULE, rs));
        const clusterOf = new Map(clusters.flatMap((c, i) => c.map((id) => [id, i] as const)));
        for (const r of rs)
          for (const d of unwrap(findDuplicates(STANDARD_LEAD_RULE, r, rs)).candidates)
            expect(clusterOf.get(d.id)).toBe(clusterOf.get(r.id));
      }),
    );
  });
  it('do not depend on the order of the records (seed 1351340807 once found comparedPairs 3 vs 4: now documented as order-dependent)', () => {
    fc.assert(
      fc.property(
        records.chain((rs) =>
          fc.tuple(fc.constant(rs), fc.shuffledSubarray(rs, { minLength: rs.length, maxLength: rs.length })),
        ),
        ([rs, shuffled]) => {
          // comparedPairs may vary with the order (pairs already in one cluster are skipped); the answer may not.
          const a = unwrap(duplicateClusters(STANDARD_LEAD_RULE, shuffled));
          const b = unwrap(duplicateClusters(STANDARD_LEAD_RULE, rs));
          expect([a.clusters, a.droppedKeys]).toEqual([b.clusters, b.droppedKeys]);
        },
      ),
    );
  });
  it('the records of seed 1351340807 cluster alike in both orders (their comparedPairs differ: 3 and 4)', () => {
    const rs = [
      {
        id: 'r0',
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'x@gmail.com',
        phone: '+442079460958',
        company: 'Acme Inc',
        country: 'ID',
      },
      {
        id: 'r1',
        firstName: 'J.',
        lastName: 'Lovelace',
        email: 'ada@example.com',
        phone: '+6281234567890',
        company: 'Acme Inc',
        country: 'ID',
      },
      {
        id: 'r2',
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada@example.com',
        phone: '+6281234567890',
        company: 'Acme Inc',
        country: 'ID',
      },
      {
        id: 'r3',
        firstName: 'John',
        lastName: 'Lovelace',
        email: 'x@gmail.com',
        phone: '0812-3456-7890',
        company: 'Acme Inc',
        country: 'GB',
      },
    ];
    const a = unwrap(duplicateClusters(STANDARD_LEAD_RULE, rs));
    const b = unwrap(duplicateClusters(STANDARD_LEAD_RULE, [rs[3]!, rs[0]!, rs[2]!, rs[1]!]));
    expect(b.clusters).toEqual(a.clusters);
    expect([a.comparedPairs, b.comparedPairs].sort()).toEqual([3, 4]);
  });
  it('matching is symmetric: a finds b exactly when b finds a, with the same score', () => {
    fc.assert(
      fc.property(person, person, (a, b) => {
        const x = unwrap(findDuplicates(STANDARD_LEAD_RULE, { id: 'a', ...a }, [{ id: 'b', ...b }]));
        const y = unwrap(findDuplicates(STANDARD_LEAD_RULE, { id: 'b', ...b }, [{ id: 'a', ...a }]));
        expect(x.candidates.map((c) => c.score)).toEqual(y.candidates.map((c) => c.score));
      }),
    );
  });
  it('leaves the input unchanged and unfrozen', () => {
    const rs = [{ ...ada }, { ...ada, id: 'l2' }];
    const copy = structuredClone(rs);
    unwrap(duplicateClusters(STANDARD_LEAD_RULE, rs));
    expect(rs).toEqual(copy);
    expect(Object.isFrozen(rs[0])).toBe(false);
  });
});

describe('contacts and accounts', () => {
  it('contacts match on any address or number in common', () => {
    const a = {
      id: 'c1',
      firstName: 'Ada',
      lastName: 'Lovelace',
      emails: [{ address: 'a@x.org', label: null, primary: true }],
      phones: [],
    };
    const b = {
      id: 'c2',
      firstName: 'A',
      lastName: 'Lovelace',
      emails: [
        { address: 'b@y.org', label: null, primary: false },
        { address: 'a@x.org', label: null, primary: false },
      ],
      phones: [],
    };
    expect(unwrap(duplicateClusters(STANDARD_CONTACT_RULE, [a, b])).clusters).toEqual([['c1', 'c2']]);
  });
  it('accounts match on the registrable domain, or on the folded name in one country', () => {
    const accounts = [
      { id: 'a1', name: 'Acme, Inc.', domain: 'www.acme.com', country: 'US' },
      { id: 'a2', name: 'ACME Holdings', domain: 'shop.acme.com', country: 'US' },
      { id: 'a3', name: 'PT Maju Jaya Tbk', domain: null, country: 'ID' },
      { id: 'a4', name: 'Maju Jaya', domain: null, country: 'ID' },
      { id: 'a5', name: 'Maju Jaya', domain: null, country: 'MY' },
    ];
    expect(unwrap(duplicateClusters(STANDARD_ACCOUNT_RULE, accounts)).clusters).toEqual([
      ['a1', 'a2'],
      ['a3', 'a4'],
    ]);
  });
});
