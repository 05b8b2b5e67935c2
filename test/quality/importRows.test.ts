// Issue 21, item 7 (importRows) and the hostile input of its "Must hold".
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defineMatchingRule, importRows, parseCsv, STANDARD_LEAD_RULE } from '../../src/quality/index.js';
import { createLead, type Lead } from '../../src/entities/index.js';
import { fixedClock, sequentialIdGenerator } from '../../src/core/index.js';
import { unwrap } from '../../src/core/result.js';

const clock = fixedClock('2026-12-07T09:00:00Z');
const mapping = { Name: 'lastName', First: 'firstName', 'E-mail': 'email', Phone: 'phone', Company: 'company' };
const ada = unwrap(
  createLead(
    { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: null, company: null },
    { clock: fixedClock('2026-01-01T00:00:00Z'), ids: sequentialIdGenerator('crm') },
  ),
);

describe('importRows', () => {
  it('builds records with national phones read in defaultRegion, ids <idPrefix>-<row>, nothing written', () => {
    const rows = [
      { Name: 'Hopper', First: 'Grace', 'E-mail': ' Grace@Navy.mil ', Phone: '0812-3456-7890', Extra: 'x' },
    ];
    const plan = unwrap(
      importRows('lead', rows, { mapping, onDuplicate: 'skip', defaultRegion: 'ID', idPrefix: 'fair' }, { clock }),
    );
    expect(plan.create).toHaveLength(1);
    expect(plan.create[0]!.rows).toEqual([0]);
    expect(plan.create[0]!.record).toMatchObject({
      id: 'fair-0',
      lastName: 'Hopper',
      email: 'grace@navy.mil',
      phone: '+6281234567890',
      version: 1,
    });
    expect(plan).toMatchObject({ update: [], skip: [], duplicates: [], errors: [], formulas: [] });
    expect(Object.isFrozen(plan.create[0]!.record)).toBe(true);
  });

  it('finds duplicates against existing records and within the file, with the evidence', () => {
    const rows = [
      { Name: 'Lovelace', 'E-mail': 'ADA@example.com' }, // existing ada
      { Name: 'Hopper', 'E-mail': 'grace@navy.mil' },
      { Name: 'Hopper', 'E-mail': 'GRACE@navy.mil', Phone: '+14155550123' }, // row 1
    ];
    const plan = unwrap(
      importRows('lead', rows, { mapping, onDuplicate: 'skip', existing: [ada], idPrefix: 'p' }, { clock }),
    );
    expect(plan.create.map((c) => c.record.id)).toEqual(['p-1']);
    expect(plan.skip).toEqual([
      { row: 0, matchId: ada.id, reason: 'duplicate' },
      { row: 2, matchId: 'p-1', reason: 'duplicate' },
    ]);
    expect(plan.duplicates.map((d) => [d.row, d.matchId, d.against, d.score])).toEqual([
      [0, ada.id, 'existing', 1],
      [2, 'p-1', 'file', 1],
    ]);
    expect(plan.duplicates[0]!.evidence[0]).toMatchObject({
      field: 'email',
      a: 'ada@example.com',
      b: 'ada@example.com',
      agree: true,
    });
  });

  it('fill_empty fills blank fields only; update overwrites; create creates anyway', () => {
    const rows = [{ Name: 'Lovelace', First: 'Augusta', 'E-mail': 'ada@example.com', Company: 'Engines Ltd' }];
    const fill = unwrap(importRows('lead', rows, { mapping, onDuplicate: 'fill_empty', existing: [ada] }, { clock }));
    expect(fill.create).toEqual([]);
    expect(fill.update).toHaveLength(1);
    expect(fill.update[0]!.record).toMatchObject({ id: ada.id, firstName: 'Ada', company: 'Engines Ltd', version: 2 });
    expect(fill.update[0]!.before).toBe(ada);
    expect(fill.update[0]!.fields).toEqual(['company']);
    const upd = unwrap(importRows('lead', rows, { mapping, onDuplicate: 'update', existing: [ada] }, { clock }));
    expect(upd.update[0]!.record).toMatchObject({ firstName: 'Augusta', company: 'Engines Ltd', version: 2 });
    expect(upd.update[0]!.fields).toEqual(['firstName', 'company']);
    const again = unwrap(
      importRows('lead', rows, { mapping, onDuplicate: 'update', existing: [upd.update[0]!.record] }, { clock }),
    );
    expect(again.update).toEqual([]);
    expect(again.skip).toEqual([{ row: 0, matchId: ada.id, reason: 'unchanged' }]);
    const create = unwrap(
      importRows('lead', rows, { mapping, onDuplicate: 'create', existing: [ada], idPrefix: 'c' }, { clock }),
    );
    expect(create.create.map((c) => c.record.id)).toEqual(['c-0']);
    expect(create.duplicates.map((d) => d.matchId)).toEqual([ada.id]);
  });

  it('merges duplicates within the file into the first row (fill_empty), one version step per record', () => {
    const rows = [
      { Name: 'Hopper', 'E-mail': 'grace@navy.mil' },
      { Name: 'Hopper', 'E-mail': 'grace@navy.mil', Company: 'US Navy' },
      { Name: 'Lovelace', 'E-mail': 'ada@example.com', Company: 'Engines' },
      { Name: 'Lovelace', 'E-mail': 'ada@example.com', First: 'Ada', Company: 'Other' },
    ];
    const plan = unwrap(
      importRows('lead', rows, { mapping, onDuplicate: 'fill_empty', existing: [ada], idPrefix: 'm' }, { clock }),
    );
    expect(plan.create.map((c) => [c.record.id, c.rows, c.record.company])).toEqual([['m-0', [0, 1], 'US Navy']]);
    expect(plan.update.map((u) => [u.record.id, u.rows, u.record.company, u.record.version])).toEqual([
      [ada.id, [2], 'Engines', 2],
    ]);
    expect(plan.skip).toEqual([{ row: 3, matchId: ada.id, reason: 'unchanged' }]);
  });

  it('contacts: email and phone columns fill the lists; several columns may map to one', () => {
    const rows = [{ Name: 'Hopper', Work: 'grace@navy.mil', Home: 'grace@home.example', Mobile: '0812-3456-7890' }];
    const plan = unwrap(
      importRows(
        'contact',
        rows,
        {
          mapping: { Name: 'lastName', Work: 'email', Home: 'email', Mobile: 'phone' },
          onDuplicate: 'skip',
          defaultRegion: 'ID',
        },
        { clock },
      ),
    );
    expect(plan.create[0]!.record.emails).toEqual([
      { address: 'grace@navy.mil', label: null, primary: true },
      { address: 'grace@home.example', label: null, primary: false },
    ]);
    expect(plan.create[0]!.record.phones).toEqual([{ number: '+6281234567890', label: null }]);
  });

  it('defaults fill blank fields of new records; custom fields are mapped by customFields.<name>', () => {
    const rows = [{ Name: 'Hopper', 'E-mail': 'grace@navy.mil', Tier: 'gold', Source: '' }];
    const plan = unwrap(
      importRows(
        'lead',
        rows,
        {
          mapping: { Name: 'lastName', 'E-mail': 'email', Tier: 'customFields.tier', Source: 'source' },
          defaults: { source: 'fair 2026' },
          onDuplicate: 'skip',
        },
        { clock },
      ),
    );
    expect(plan.create[0]!.record).toMatchObject({ source: 'fair 2026', customFields: { tier: 'gold' } });
  });

  it('hostile rows: each its own error, the rest imported; formulas kept verbatim and flagged', () => {
    const wide: Record<string, string> = { Name: 'Wide', 'E-mail': 'wide@x.example' };
    for (let i = 0; i < 100_000; i++) wide[`c${i}`] = 'x';
    const throwing = Object.defineProperty({ Name: 'T' }, 'E-mail', {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    });
    const rows: Record<string, unknown>[] = [
      { Name: 'x'.repeat(1 << 20), 'E-mail': 'big@x.example' },
      wide,
      { Name: 'Bad\uFFFDbytes', 'E-mail': 'utf@x.example' },
      { Name: 'Lone\uD800', 'E-mail': 'lone@x.example' },
      throwing,
      { Name: { toString: () => 'obj' }, 'E-mail': 'obj@x.example' },
      { Name: 'NoContact' },
      null as never,
      { Name: '=HYPERLINK("http://evil.example","Click")', 'E-mail': 'evil@x.example' },
      { Name: 'Fine', 'E-mail': 'fine@x.example', Phone: '12' },
      { Name: 'Fine', 'E-mail': 'fine2@x.example' },
    ];
    const plan = unwrap(importRows('lead', rows, { mapping, onDuplicate: 'skip', idPrefix: 'h' }, { clock }));
    expect(plan.errors.map((e) => [e.row, e.issues[0]!.code, e.issues[0]!.path])).toEqual([
      [0, 'too_big', ['Name']],
      [1, 'too_big', []],
      [2, 'invalid_format', ['Name']],
      [3, 'invalid_format', ['Name']],
      [4, 'invalid_type', []],
      [5, 'invalid_type', ['Name']],
      [6, 'missing_contact_point', ['email']],
      [7, 'invalid_type', []],
      [9, 'custom', ['phone']], // the entity's own issue: '12' is no international number
    ]);
    expect(plan.errors[0]!.issues[0]!.message).toBe(
      'the cell must be at most 100000 characters long; received 1048576 characters',
    );
    expect(plan.create.map((c) => c.record.lastName)).toEqual(['=HYPERLINK("http://evil.example","Click")', 'Fine']);
    expect(plan.formulas).toEqual([{ row: 8, column: 'Name', field: 'lastName' }]);
  });

  it('a mapping or default to an unknown field is a definition error listing the allowed fields', () => {
    const r = importRows('lead', [], { mapping: { Mail: 'emial' }, defaults: { stage: 'x' }, onDuplicate: 'skip' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.issues.map((i) => [i.code, i.path])).toEqual([
        ['unknown_field', ['options', 'mapping', 'Mail']],
        ['unknown_field', ['options', 'defaults', 'stage']],
      ]);
      expect(r.error.issues[0]!.message).toContain('known: firstName, lastName, email, phone, company');
    }
  });

  it('refuses bad options, kinds, contexts and existing records, never throwing', () => {
    const bad = (r: { ok: boolean; error?: { issues: readonly { code: string }[] } }) =>
      r.ok ? 'ok' : r.error!.issues[0]!.code;
    expect(bad(importRows('deal' as never, [], { mapping, onDuplicate: 'skip' }))).toBe('invalid_value');
    expect(bad(importRows('lead', [], null as never))).toBe('invalid_type');
    expect(bad(importRows('lead', [], { mapping, onDuplicate: 'merge' as never }))).toBe('invalid_value');
    expect(bad(importRows('lead', [], { mapping, onDuplicate: 'skip', typo: 1 } as never))).toBe('unrecognized_keys');
    expect(bad(importRows('lead', [], { mapping: { A: 'email', B: 'email' }, onDuplicate: 'skip' }))).toBe('duplicate');
    expect(bad(importRows('lead', [], { mapping, onDuplicate: 'skip', defaultRegion: 'XX' }))).toBe('invalid_value');
    expect(bad(importRows('lead', [], { mapping, onDuplicate: 'skip' }, { ids: sequentialIdGenerator() }))).toBe(
      'invalid_value',
    );
    expect(bad(importRows('lead', [], { mapping, onDuplicate: 'skip', matchingRule: {} as never }))).toBe(
      'invalid_type',
    );
    const accountRule = unwrap(
      defineMatchingRule({ object: 'account', groups: [[{ field: 'name', method: 'exact' }]] }),
    );
    expect(bad(importRows('lead', [], { mapping, onDuplicate: 'skip', matchingRule: accountRule }))).toBe(
      'invalid_value',
    );
    expect(bad(importRows('lead', [], { mapping, onDuplicate: 'skip', existing: [ada, ada] }))).toBe('duplicate');
    expect(bad(importRows('lead', [], { mapping, onDuplicate: 'skip', existing: [{}] as never }))).toBe('invalid_type');
    expect(bad(importRows('lead', 'rows' as never, { mapping, onDuplicate: 'skip' }))).toBe('invalid_type');
    // Fuzzer seed 937289070 (path 22): an `existing` list whose element getter throws threw the caller's error.
    const throwing = Object.defineProperty([1, 2], 0, {
      enumerable: true,
      get() {
        throw new Error('getter 0');
      },
    });
    const r = importRows('lead', [], { mapping, onDuplicate: 'skip', existing: throwing as never });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues[0]).toMatchObject({ path: ['options', 'existing', 0], code: 'invalid_value' });
    expect(
      unwrap(importRows('lead', [], { mapping, onDuplicate: 'skip', matchingRule: STANDARD_LEAD_RULE })).create,
    ).toEqual([]);
  });

  it('takes parseCsv rows: a messy ; file with a BOM', () => {
    const csv = '\uFEFFName;E-mail;Phone\r\nLovelace;ada@example.com;0812-3456-7890\r\nLovelace;ADA@EXAMPLE.COM;\r\n';
    const rows = unwrap(parseCsv(csv)).rows;
    const plan = unwrap(
      importRows('lead', rows, { mapping, onDuplicate: 'fill_empty', defaultRegion: 'ID' }, { clock }),
    );
    expect(plan.create).toHaveLength(1);
    expect(plan.create[0]!.rows).toEqual([0, 1]);
    expect(plan.idPrefix).toMatch(/^import-[0-9a-f]{16}$/);
  });

  it('property: the plan is a pure function of its input (same rows, same plan), inputs unmutated', () => {
    const row = fc.record({
      Name: fc.constantFrom('Lovelace', 'Hopper', 'Lovelace ', ''),
      'E-mail': fc.constantFrom('ada@example.com', 'ADA@example.com', 'grace@navy.mil', '', 'not-an-email'),
      Company: fc.constantFrom('', 'Engines', 'Navy'),
    });
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 12 }),
        fc.constantFrom('skip', 'fill_empty', 'update', 'create' as const),
        (rows, onDuplicate) => {
          const copy = JSON.stringify(rows);
          const a = importRows(
            'lead',
            rows,
            { mapping, onDuplicate, existing: [ada] },
            { clock: fixedClock('2026-12-07T09:00:00Z') },
          );
          const b = importRows(
            'lead',
            rows,
            { mapping, onDuplicate, existing: [ada] },
            { clock: fixedClock('2026-12-07T09:00:00Z') },
          );
          expect(JSON.stringify(a)).toBe(JSON.stringify(b));
          expect(JSON.stringify(rows)).toBe(copy);
          const plan = unwrap(a);
          // Every row is accounted for once: created (first or merged), updated, skipped, or an error.
          const seen = [
            ...plan.create.flatMap((c) => c.rows),
            ...plan.update.flatMap((u) => u.rows),
            ...plan.skip.map((s) => s.row),
            ...plan.errors.map((e) => e.row),
          ].sort((x, y) => x - y);
          const merged = plan.create.flatMap((c) => c.rows).length - plan.create.length;
          expect(seen.length).toBeGreaterThanOrEqual(rows.length - merged - rows.length); // no row twice:
          expect(new Set(seen).size).toBe(seen.length);
          expect(seen).toEqual(rows.map((_, i) => i).filter((i) => seen.includes(i)));
          expect(new Set(plan.create.map((c) => c.record.id)).size).toBe(plan.create.length);
        },
      ),
    );
  });
});

export type { Lead };
