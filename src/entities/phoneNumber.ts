/**
 * Phone numbers read with libphonenumber-js through its `core` API, with the metadata passed in:
 * - the entities use the `min` metadata (about 29 KiB gzipped): a number is checked for a length its
 *   country's numbers have, and a national number is turned into E.164 with its region's calling code;
 * - `crmkit/quality` passes the `max` metadata (about 77 KiB), whose `isValid()` also checks the digits
 *   against each country's number ranges (`min` takes `123456` for a German number; `max` does not).
 *
 * So every entity entry point does not carry the full numbering plans; an app that validates digits
 * imports crmkit/quality.
 *
 * @module
 */
import {
  isSupportedCountry,
  ParseError,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
  type CountryCode,
  type MetadataJson,
} from 'libphonenumber-js/core';
import minMetadata from 'libphonenumber-js/min/metadata';

export type { MetadataJson };

/** What reading a phone number gave: its E.164 form, or why it is not a phone number. */
export type PhoneReading =
  | { readonly ok: true; readonly e164: string; readonly country: string | null }
  | { readonly ok: false; readonly reason: string };

/** The longest text read as a phone number (libphonenumber-js itself stops at 250). */
export const MAX_PHONE_TEXT = 250;

/** Whether `region` is an ISO 3166-1 alpha-2 code libphonenumber-js knows a numbering plan for. */
export function isPhoneRegion(region: unknown, metadata: MetadataJson = minMetadata): region is string {
  return typeof region === 'string' && /^[A-Z]{2}$/.test(region) && isSupportedCountry(region as CountryCode, metadata);
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
 * (`0812-3456-7890` in `ID`). Valid means what libphonenumber-js `isValid()` says with `metadata`: a possible
 * length with the `min` metadata (the default), valid digits with `max`. Never throws.
 */
export function readPhone(raw: unknown, region?: string | null, metadata: MetadataJson = minMetadata): PhoneReading {
  if (typeof raw !== 'string') return { ok: false, reason: 'not text' };
  if (raw.length > MAX_PHONE_TEXT) return { ok: false, reason: `longer than ${MAX_PHONE_TEXT} characters` };
  const text = raw.trim().replace(/^00(?=[1-9])/, '+');
  if (text === '') return { ok: false, reason: 'empty' };
  const defaultCountry = isPhoneRegion(region, metadata) ? (region as CountryCode) : undefined;
  try {
    const n = parsePhoneNumberWithError(text, defaultCountry === undefined ? {} : { defaultCountry }, metadata);
    if (n.isValid()) return { ok: true, e164: n.number, country: n.country ?? null };
    const length = validatePhoneNumberLength(text, defaultCountry === undefined ? {} : { defaultCountry }, metadata);
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
