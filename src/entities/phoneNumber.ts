/**
 * Phone numbers read with libphonenumber-js (the `max` metadata: the only build whose `isValid()` checks a
 * number's digits against each country's numbering plan; `min` checks the length only and takes `123456`
 * for a German number). Private to crmkit: `crmkit/quality` exports `normalizePhone` on top of it, and the
 * entities use it to read national numbers when a region is known.
 *
 * @module
 */
import {
  isSupportedCountry,
  ParseError,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
  type CountryCode,
} from 'libphonenumber-js/max';

/** What reading a phone number gave: its E.164 form, or why it is not a phone number. */
export type PhoneReading =
  | { readonly ok: true; readonly e164: string; readonly country: string | null }
  | { readonly ok: false; readonly reason: string };

/** The longest text read as a phone number (libphonenumber-js itself stops at 250). */
export const MAX_PHONE_TEXT = 250;

/** Whether `region` is an ISO 3166-1 alpha-2 code libphonenumber-js knows a numbering plan for. */
export function isPhoneRegion(region: unknown): region is string {
  return typeof region === 'string' && /^[A-Z]{2}$/.test(region) && isSupportedCountry(region);
}

const REASONS: Readonly<Record<string, string>> = {
  INVALID_COUNTRY: 'no country code, and no default region to read a national number',
  NOT_A_NUMBER: 'not a phone number',
  TOO_SHORT: 'too short',
  TOO_LONG: 'too long',
  INVALID_LENGTH: 'a length no number of that country has',
};

/**
 * Reads `raw` as a phone number: international (`+62 812…`, `0062 812…`) or, with a `region`, national
 * (`0812-3456-7890` in `ID`). Valid means valid for the numbering plan of its country (libphonenumber-js
 * `isValid()` with `max` metadata). Never throws.
 */
export function readPhone(raw: unknown, region?: string | null): PhoneReading {
  if (typeof raw !== 'string') return { ok: false, reason: 'not text' };
  if (raw.length > MAX_PHONE_TEXT) return { ok: false, reason: `longer than ${MAX_PHONE_TEXT} characters` };
  const text = raw.trim().replace(/^00(?=[1-9])/, '+');
  if (text === '') return { ok: false, reason: 'empty' };
  const defaultCountry = isPhoneRegion(region) ? (region as CountryCode) : undefined;
  try {
    const n = parsePhoneNumberWithError(text, defaultCountry === undefined ? {} : { defaultCountry });
    if (n.isValid()) return { ok: true, e164: n.number, country: n.country ?? null };
    const length = validatePhoneNumberLength(text, defaultCountry === undefined ? {} : { defaultCountry });
    const where = n.country ?? (defaultCountry === undefined ? `+${n.countryCallingCode}` : defaultCountry);
    return {
      ok: false,
      reason:
        length === undefined
          ? `not a valid number in ${where} (no such number range)`
          : `${REASONS[length] ?? 'not valid'} for ${where}`,
    };
  } catch (e) {
    const code = e instanceof ParseError ? e.message : 'NOT_A_NUMBER';
    return { ok: false, reason: REASONS[code] ?? 'not a phone number' };
  }
}
