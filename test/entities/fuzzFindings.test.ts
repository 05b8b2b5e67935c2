/**
 * Defects the public-API fuzzer (test/fuzz, issue 12) found in crmkit/entities, each pinned as the
 * fixed call that showed it: a function that returns a `Result` never throws for its input (a
 * context's custom-field sets included), and no NaN, Infinity or invalid Date comes back.
 */
import { describe, expect, it } from 'vitest';
import { CrmError, fixedClock, sequentialIdGenerator, unwrap, type Result } from '../../src/core/index.js';
import {
  convertLead,
  createCampaign,
  createLead,
  defineCustomFields,
  parseAccount,
  parseDeal,
  parseUser,
  validateCustomFields,
  type CustomFieldSet,
  type EntityContext,
} from '../../src/entities/index.js';

const getterAt0 = (): unknown[] =>
  Object.defineProperty([1, 2], 0, {
    enumerable: true,
    get() {
      throw new Error('getter 0');
    },
  });
const throwingToString = () => ({
  toString() {
    throw new Error('toString');
  },
});
const ctx = (extra: Partial<EntityContext> = {}): EntityContext => ({
  clock: fixedClock('2026-01-01T00:00:00Z', 1000),
  ids: sequentialIdGenerator(),
  ...extra,
});
const set = (kind: 'account' | 'campaign' | 'deal' | 'lead'): CustomFieldSet =>
  unwrap(
    defineCustomFields(kind, [
      { key: 'employees', type: 'number', min: 0 },
      { key: 'tier', type: 'enum', options: ['gold', 'silver'] },
      { key: 'note', type: 'string' },
    ]),
  );
/** A thawed copy of a set, with `change` applied to its fields: what a caller might hand in. */
const changed = (s: CustomFieldSet, change: (fields: unknown[]) => void): CustomFieldSet => {
  const fields: unknown[] = s.fields.map((f) => ({ ...f }));
  change(fields);
  return { kind: s.kind, fields } as CustomFieldSet;
};

/** Calls `f` and expects a validation_failed error Result whose issues include `path` (not a throw). */
function refusedAt(f: () => Result<unknown>, path: readonly (string | number)[]): void {
  let r: Result<unknown> | undefined;
  expect(() => {
    r = f();
  }).not.toThrow();
  expect(r?.ok).toBe(false);
  if (r !== undefined && !r.ok) {
    expect(r.error).toBeInstanceOf(CrmError);
    expect(r.error.code).toBe('validation_failed');
    expect(r.error.issues.some((i) => path.every((p, k) => i.path[k] === p))).toBe(true);
  }
}

describe('fuzz findings in crmkit/entities', () => {
  it('parseAccount(…, ctx with customFields.account.fields[0] = a hole): an error Result, not a TypeError', () => {
    const bad = changed(set('account'), (fields) => delete fields[0]);
    refusedAt(
      () => parseAccount({ name: 'Acme' }, ctx({ customFields: { account: bad } })),
      ['ctx', 'customFields', 'account', 'fields', 0],
    );
  });

  it("createCampaign(…, ctx with a field key whose toString throws): an error Result, not the key's exception", () => {
    const bad = changed(set('campaign'), (fields) => {
      (fields[0] as Record<string, unknown>)['key'] = throwingToString();
    });
    refusedAt(
      () => createCampaign({ name: 'Launch', channel: 'web' }, ctx({ customFields: { campaign: bad } })),
      ['ctx', 'customFields', 'campaign'],
    );
  });

  it('parseDeal(…, ctx with customFields.deal.fields = an array whose getter throws): an error Result', () => {
    const bad = { kind: 'deal', fields: getterAt0() } as unknown as CustomFieldSet;
    refusedAt(() => parseDeal({}, ctx({ customFields: { deal: bad } })), ['ctx', 'customFields', 'deal']);
  });

  it('a context refuses custom fields under an unknown kind or a set of another kind', () => {
    refusedAt(
      () =>
        createLead({ lastName: 'L', email: 'l@example.com' }, ctx({ customFields: { leads: set('lead') } as never })),
      ['ctx', 'customFields'],
    );
    refusedAt(
      () => createLead({ lastName: 'L', email: 'l@example.com' }, ctx({ customFields: { lead: set('deal') } })),
      ['ctx', 'customFields', 'lead', 'kind'],
    );
  });

  it('parseUser({ teamIds: an array whose getter throws }): an error Result, not the getter’s exception', () => {
    const input = { name: 'Linus', email: 'linus@example.com', teamIds: getterAt0() };
    refusedAt(() => parseUser(input), []);
  });

  it('validateCustomFields(values, a set whose field key is { toString: "x", valueOf: 1 }): issues, not a TypeError', () => {
    const bad = changed(set('lead'), (fields) => {
      (fields[2] as Record<string, unknown>)['key'] = { toString: 'x', valueOf: 1 };
    });
    let out: ReturnType<typeof validateCustomFields> | undefined;
    expect(() => {
      out = validateCustomFields({ employees: 3 }, bad);
    }).not.toThrow();
    expect(out?.value).toEqual({});
    expect(out?.issues[0]?.path.slice(0, 3)).toEqual(['set', 'fields', 2]);
  });

  it('validateCustomFields({ free: { nested: [Infinity] } }): the value holds null there, never Infinity', () => {
    const out = validateCustomFields({ free: { nested: [Infinity, 1] }, when: new Date(NaN) });
    expect(out.value).toEqual({ free: { nested: [null, 1] }, when: null });
    expect(out.issues.map((i) => i.path)).toEqual([
      ['customFields', 'free', 'nested', 0],
      ['customFields', 'when'],
    ]);
  });

  it('convertLead(lead, { contact: an object whose getter throws }): an error Result, not the getter’s exception', () => {
    const lead = unwrap(createLead({ lastName: 'Lovelace', email: 'ada@example.com', company: 'AE' }, ctx()));
    const contact = Object.defineProperty({}, 'x', {
      enumerable: true,
      get() {
        throw new Error('getter x');
      },
    });
    refusedAt(() => convertLead(lead, { contact }, ctx()), ['options']);
  });

  it('convertLead(lead, options, ctx whose clock.now() gives 1): an error Result, not a TypeError', () => {
    const lead = unwrap(createLead({ lastName: 'Lovelace', email: 'ada@example.com', company: 'AE' }, ctx()));
    const clock = { now: () => 1 as unknown as Date };
    refusedAt(() => convertLead(lead, {}, { clock, ids: sequentialIdGenerator() }), ['ctx', 'clock']);
  });
});

describe('an own __proto__ key (review of the fuzzer findings)', () => {
  it('createLead refuses an own __proto__ key as an unknown key instead of dropping it', () => {
    const input = JSON.parse(
      '{"__proto__":{"polluted":true},"lastName":"Lovelace","email":"ada@example.com"}',
    ) as never;
    const r = createLead(input, { clock: fixedClock('2026-01-01T00:00:00Z'), ids: sequentialIdGenerator('lead_') });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
