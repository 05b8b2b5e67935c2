import { describe, it, expect } from 'vitest';
import { currencyMinorUnits, isCurrencyCode, listCurrencies } from '../../src/money/index.js';
import { isCrmError } from '../../src/core/index.js';

describe('ISO 4217 minor units', () => {
  // Source: ISO 4217 list one (SIX Financial Information), column "Minor unit".
  const known: Record<string, number> = {
    JPY: 0,
    USD: 2,
    EUR: 2,
    GBP: 2,
    KWD: 3,
    BHD: 3,
    JOD: 3,
    OMR: 3,
    TND: 3,
    CLF: 4,
    UYW: 4,
    ISK: 0,
    KRW: 0,
    CLP: 0,
    VND: 0,
    XOF: 0,
    HUF: 2,
    IDR: 2,
  };
  for (const [code, units] of Object.entries(known)) {
    it(`${code} has ${units} minor digits`, () => expect(currencyMinorUnits(code)).toBe(units));
  }

  it('knows every code it lists, as three upper-case letters, sorted', () => {
    const all = listCurrencies();
    expect(all.length).toBeGreaterThan(150);
    expect([...all].sort()).toEqual(all);
    expect(Object.isFrozen(all)).toBe(true);
    for (const c of all) {
      expect(c).toMatch(/^[A-Z]{3}$/);
      expect(isCurrencyCode(c)).toBe(true);
      expect([0, 2, 3, 4]).toContain(currencyMinorUnits(c));
    }
  });

  it('refuses unknown, lower-case and inherited names', () => {
    for (const c of ['usd', 'XXX', 'XAU', 'HRK', 'toString', '__proto__', 'constructor', '', null, 1]) {
      expect(isCurrencyCode(c)).toBe(false);
    }
    try {
      currencyMinorUnits('usd');
      expect.unreachable();
    } catch (e) {
      expect(isCrmError(e, 'validation_failed')).toBe(true);
      expect((e as Error).message).toMatch(/Unknown currency "usd"/);
    }
  });
});
