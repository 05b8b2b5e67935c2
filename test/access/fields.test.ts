// redact and checkWritableFields on the sales org: finance reads amounts but not notes
// (customFields.notes), support never sees deal amounts, reps may not edit amounts.
import { describe, expect, it } from 'vitest';
import { checkWritableFields, redact } from '../../src/access/index.js';
import { deal, salesOrg, users } from './_salesOrg.js';

const u = users();

describe('redact', () => {
  const p = salesOrg();
  it('support never sees the amount; finance sees it but not the notes; reps see everything', () => {
    const d = deal('d1', 'ana');
    const sup = redact(p, u.sup, 'deal', d);
    expect('amount' in sup).toBe(false);
    expect(sup.customFields).toEqual({ region: 'emea', notes: 'call after lunch' });
    const fin = redact(p, u.fin, 'deal', d);
    expect(fin.amount).toEqual({ amount: '5000', currency: 'EUR' });
    expect(fin.customFields).toEqual({ region: 'emea' });
    expect(redact(p, u.ana, 'deal', d)).toEqual(d);
  });

  it('is frozen, leaves the record as it was, and gives {} to a user that is not one', () => {
    const d = deal('d1', 'ana');
    const r = redact(p, u.fin, 'deal', d);
    expect(Object.isFrozen(r) && Object.isFrozen(r.customFields)).toBe(true);
    expect(Object.isFrozen(d)).toBe(false);
    expect(d.customFields.notes).toBe('call after lunch');
    expect(redact(p, { ...u.fin, active: false }, 'deal', d)).toEqual({});
    expect(redact(p, { id: 'x', role: 'finance' }, 'deal', d)).toEqual({});
  });

  it('throws a CrmError for impossible calls', () => {
    expect(() => redact(p, u.fin, 'deal', null as never)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
    expect(() => redact(p, u.fin, 'dael' as never, {})).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    expect(() => redact({} as never, u.fin, 'deal', {})).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });
});

describe('checkWritableFields', () => {
  const p = salesOrg();
  it('refuses a rep changing the amount, naming the field; lets other fields change', () => {
    const before = deal('d1', 'ana');
    const ok = checkWritableFields(p, u.ana, 'deal', before, { ...before, name: 'Renamed' });
    expect(ok).toEqual({ ok: true, value: ['amount'] });
    const r = checkWritableFields(p, u.ana, 'deal', before, { ...before, amount: { amount: '9000', currency: 'EUR' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('forbidden');
    expect(r.error.issues).toEqual([
      { path: ['amount'], code: 'immutable_field', message: 'role sales may not edit field amount of a deal' },
    ]);
    // The same amount written again (a new object, '5000' as before) is no change.
    expect(
      checkWritableFields(p, u.ana, 'deal', before, { ...before, amount: { amount: '5000', currency: 'EUR' } }).ok,
    ).toBe(true);
  });

  it('a field one may not read cannot be edited, custom keys compared one by one; removal is a change', () => {
    const before = deal('d1', 'ana');
    const notes = checkWritableFields(p, u.fin, 'deal', before, {
      ...before,
      customFields: { region: 'emea', notes: 'x' },
    });
    expect(!notes.ok && notes.error.issues.map((i) => i.path)).toEqual([['customFields', 'notes']]);
    expect(
      checkWritableFields(p, u.fin, 'deal', before, {
        ...before,
        customFields: { region: 'west', notes: 'call after lunch' },
      }).ok,
    ).toBe(true);
    const { amount: _drop, ...withoutAmount } = before;
    const removed = checkWritableFields(p, u.sup, 'deal', before, withoutAmount);
    expect(!removed.ok && removed.error.issues.map((i) => i.path)).toEqual([['amount']]);
  });

  it('bad data is a Result error, never a throw', () => {
    const before = deal('d1', 'ana');
    expect(checkWritableFields(p, { ...u.ana, active: false }, 'deal', before, before)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(checkWritableFields(p, { id: 'x', role: 'hacker' }, 'deal', before, before)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(checkWritableFields(p, u.ana, 'deal', null as never, before)).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    const cyclic: Record<string, unknown> = { ...before };
    cyclic['amount'] = cyclic;
    expect(checkWritableFields(p, u.ana, 'deal', before, cyclic).ok).toBe(false);
    const throwing = Object.defineProperty({ ...before }, 'amount', {
      get() {
        throw new Error('boom');
      },
      enumerable: true,
    });
    expect(checkWritableFields(p, u.ana, 'deal', before, throwing)).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
  });
});
