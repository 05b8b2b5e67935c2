// Issue 21, item 1: national phone numbers are read in the context's defaultRegion, or the record's country
// (libphonenumber-js with its max metadata). International numbers are read as before.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createContact, createLead, updateLead } from '../../src/entities/index.js';
import { unwrap } from '../../src/core/result.js';
import { testCtx } from './_ctx.js';

describe('defaultRegion', () => {
  it('reads the Indonesian mobile 0812-3456-7890 in region ID as +6281234567890 (the issue text)', () => {
    const r = createLead({ lastName: 'Santoso', phone: '0812-3456-7890' }, { ...testCtx(), defaultRegion: 'ID' });
    expect(r.ok && r.value.phone).toBe('+6281234567890');
  });

  it("falls back to the record's country", () => {
    const r = createLead({ lastName: 'Santoso', phone: '0812 3456 7890', country: 'id' }, testCtx());
    expect(r.ok && r.value.phone).toBe('+6281234567890');
  });

  it("the context's region wins over the record's country", () => {
    // 030 1234567 is a Berlin number in DE; in ID it is not a valid number.
    const r = createLead(
      { lastName: 'Weber', phone: '030 1234567', country: 'ID' },
      { ...testCtx(), defaultRegion: 'DE' },
    );
    expect(r.ok && r.value.phone).toBe('+49301234567');
  });

  it('an invalid national number is an issue with the reason, at its path', () => {
    const r = createLead({ lastName: 'Santoso', phone: '0812-34' }, { ...testCtx(), defaultRegion: 'ID' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.issues).toHaveLength(1);
      expect(r.error.issues[0]).toMatchObject({ path: ['phone'], code: 'invalid_format' });
      expect(r.error.issues[0]!.message).toContain('too short for ID');
    }
  });

  it('reads each number of a contact, and leaves the input list untouched', () => {
    const phones = [{ number: '030 1234567' }, { number: '+44 20 7946 0958' }];
    const input = { lastName: 'Weber', phones };
    const r = createContact(input, { ...testCtx(), defaultRegion: 'DE' });
    expect(r.ok && r.value.phones.map((p) => p.number)).toEqual(['+49301234567', '+442079460958']);
    expect(phones[0]!.number).toBe('030 1234567');
    expect(Object.isFrozen(phones)).toBe(false);
    const bad = createContact(
      { lastName: 'W', phones: [{ number: '+49301234567' }, { number: '12' }] },
      { defaultRegion: 'DE' },
    );
    expect(!bad.ok && bad.error.issues.map((i) => i.path)).toEqual([['phones', 1, 'number']]);
  });

  it('without a region a national number is refused as before, and the message says how to read it', () => {
    const r = createLead({ lastName: 'Santoso', phone: '0812-3456-7890' }, testCtx());
    expect(!r.ok && r.error.issues[0]!.message).toMatch(/defaultRegion/);
  });

  it('an update reads a national number in the region too', () => {
    const lead = unwrap(createLead({ lastName: 'Santoso', email: 'a@b.co', country: 'ID' }, testCtx()));
    const r = updateLead(lead, (d) => void (d.phone = '0812-3456-7890'), testCtx());
    expect(r.ok && r.value.phone).toBe('+6281234567890');
  });

  it('a region that is not an upper-case ISO code with a numbering plan is refused', () => {
    for (const region of ['id', 'XX', 'IDN', 7, null]) {
      const r = createLead({ lastName: 'S', phone: '+6281234567890' }, { defaultRegion: region } as never);
      expect(r.ok, String(region)).toBe(false);
      if (!r.ok) expect(r.error.issues[0]!.path).toEqual(['ctx', 'defaultRegion']);
    }
  });

  it('international numbers give the same record with or without a region (property)', () => {
    const intl = fc.constantFrom('+44 20 7946 0958', '+1 415 555 0123', '0049 30 1234567', '+62 812 3456 7890');
    fc.assert(
      fc.property(intl, fc.constantFrom('ID', 'DE', 'US', 'GB'), (phone, region) => {
        const a = createLead({ lastName: 'X', phone }, testCtx());
        const b = createLead({ lastName: 'X', phone }, { ...testCtx(), defaultRegion: region });
        expect(b).toEqual(a);
      }),
    );
  });
});
