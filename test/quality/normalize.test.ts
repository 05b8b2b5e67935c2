// Issue 21, item 1: normalisers for matching. Known values: libphonenumber-js (Google's numbering plans),
// the Public Suffix List (through tldts), and hand-worked folds.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  normalizeCompanyName,
  normalizeEmail,
  normalizePersonName,
  normalizePhoneNumber,
  registrableDomain,
} from '../../src/quality/index.js';

const value = <T>(r: { ok: true; value: T } | { ok: false }): T | undefined => (r.ok ? r.value : undefined);

describe('normalizePhoneNumber', () => {
  it('reads the Indonesian mobile 0812-3456-7890 in ID as +6281234567890 (issue 21)', () => {
    expect(value(normalizePhoneNumber('0812-3456-7890', { region: 'ID' }))).toBe('+6281234567890');
  });
  it('reads international forms without a region', () => {
    expect(value(normalizePhoneNumber('+44 20 7946 0958'))).toBe('+442079460958');
    expect(value(normalizePhoneNumber('0049 30 1234567'))).toBe('+49301234567');
  });
  it('validates the digits, not only the length (max metadata): 123456 is no German number', () => {
    const r = normalizePhoneNumber('123456', { region: 'DE' });
    expect(r.ok).toBe(false);
  });
  it('gives the reason', () => {
    const short = normalizePhoneNumber('0812-34', { region: 'ID' });
    expect(!short.ok && short.error.issues[0]!.message).toContain('too short');
    const noRegion = normalizePhoneNumber('0812-3456-7890');
    expect(!noRegion.ok && noRegion.error.issues[0]!.message).toContain('no country code');
    const words = normalizePhoneNumber('call me', { region: 'ID' });
    expect(!words.ok && words.error.issues[0]!.code).toBe('invalid_format');
  });
  it('refuses bad input and options without throwing', () => {
    for (const bad of [undefined, null, 42, {}, 'x'.repeat(10_000)])
      expect(normalizePhoneNumber(bad as never).ok).toBe(false);
    expect(normalizePhoneNumber('+6281234567890', { region: 'id' }).ok).toBe(false);
    expect(normalizePhoneNumber('+6281234567890', { regoin: 'ID' } as never).ok).toBe(false);
    expect(normalizePhoneNumber('+6281234567890', null as never).ok).toBe(true);
  });
});

describe('normalizeEmail', () => {
  it('folds case, whitespace, mailto: and <…>', () => {
    expect(value(normalizeEmail(' <Ada.Lovelace@Example.COM> '))).toBe('ada.lovelace@example.com');
    expect(value(normalizeEmail('mailto:ADA@example.com'))).toBe('ada@example.com');
    expect(value(normalizeEmail('ada+crm@example.com'))).toBe('ada+crm@example.com');
  });
  it('refuses what is not an address', () => {
    for (const bad of [
      'ada@',
      '@example.com',
      'ada example.com',
      'ada@localhost',
      '',
      `${'a'.repeat(250)}@example.com`,
      7,
    ])
      expect(normalizeEmail(bad as never).ok, String(bad)).toBe(false);
  });
});

describe('normalizePersonName', () => {
  it('folds diacritics, case, punctuation and whitespace for matching', () => {
    expect(value(normalizePersonName('  José  Ñúñez '))).toBe('jose nunez');
    expect(value(normalizePersonName('Łukasz Strauß'))).toBe('lukasz strauss');
    expect(value(normalizePersonName("O'Brien-Smith"))).toBe('o brien smith');
    expect(value(normalizePersonName('ＡＤＡ'))).toBe('ada');
  });
  it('refuses text without a letter or digit', () => {
    expect(normalizePersonName('—').ok).toBe(false);
    expect(normalizePersonName(null as never).ok).toBe(false);
  });
});

describe('normalizeCompanyName', () => {
  it('removes legal forms (PT, Tbk, GmbH, Inc, Ltd, LLC, Pty, SA, AG, BV) for matching only', () => {
    const cases: [string, string][] = [
      ['PT Maju Jaya Tbk', 'maju jaya'],
      ['Acme, Inc.', 'acme'],
      ['Acme Holdings Pty. Ltd.', 'acme holdings'],
      ['Müller GmbH', 'muller'],
      ['Siemens AG', 'siemens'],
      ['Philips B.V.', 'philips'],
      ['Banco Santander S.A.', 'banco santander'],
      ['Acme LLC', 'acme'],
      ['AG', 'ag'],
    ];
    for (const [raw, folded] of cases) expect(value(normalizeCompanyName(raw)), raw).toBe(folded);
  });
});

describe('registrableDomain', () => {
  it('gives eTLD+1 by the public-suffix list', () => {
    expect(value(registrableDomain('https://shop.acme.co.uk/pricing'))).toBe('acme.co.uk');
    expect(value(registrableDomain('ada@mail.example.com'))).toBe('example.com');
    expect(value(registrableDomain('WWW.Example.COM:8080'))).toBe('example.com');
    expect(value(registrableDomain('tokopedia.co.id'))).toBe('tokopedia.co.id');
  });
  it('refuses IPs, bare suffixes and non-hosts', () => {
    for (const bad of ['192.168.0.1', 'co.uk', 'localhost', '', 'not a domain', 3])
      expect(registrableDomain(bad as never).ok).toBe(false);
  });
});

describe('normalisation is idempotent (property)', () => {
  const text = fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme' }),
    fc.constantFrom('PT Maju Jaya Tbk', 'José', 'Ada@Example.com'),
  );
  it('for names, companies, e-mails and domains', () => {
    fc.assert(
      fc.property(text, (s) => {
        for (const f of [normalizePersonName, normalizeCompanyName, normalizeEmail, registrableDomain]) {
          const once = f(s);
          if (once.ok) expect(value(f(once.value))).toBe(once.value);
        }
      }),
    );
  });
  it('for phones', () => {
    const phones = fc.tuple(fc.constantFrom('0812', '0813', '0821'), fc.stringMatching(/^\d{8}$/));
    fc.assert(
      fc.property(phones, ([prefix, rest]) => {
        const once = normalizePhoneNumber(`${prefix}-${rest}`, { region: 'ID' });
        if (once.ok) expect(value(normalizePhoneNumber(once.value))).toBe(once.value);
      }),
    );
  });
});
