/**
 * Field schemas shared by the entity schemas: ids, instants, text, emails, phones, countries.
 * Normalisation happens here, at the boundary: strings are trimmed, emails lower-cased, phones
 * brought to E.164 when they can be, blank optional text becomes `null`.
 *
 * @module
 */
import * as z from 'zod';
import type { EntityKind, Id } from '../core/ids.js';
import { hasLoneSurrogate } from '../_lib/text.js';
import { quoteValue } from '../_lib/show.js';

/**
 * A schema for the branded id of an entity kind: a non-empty string of at most 200 characters,
 * without NUL characters, and well-formed Unicode text (no lone UTF-16 surrogate: PostgreSQL stores
 * one as U+FFFD, so `'a\uD800'` and `'a\uDC00'` would become one key there).
 *
 * @example
 * ```ts
 * idSchema('lead').parse('lead-1'); //=> 'lead-1' (typed LeadId)
 * ```
 */
export function idSchema<K extends EntityKind>(kind: K) {
  void kind;
  return z
    .string()
    .trim()
    .min(1, 'Id must not be empty')
    .max(200, 'Id must be at most 200 characters')
    .refine((s) => !s.includes('\u0000'), 'Id must not contain NUL characters')
    .refine((s) => !hasLoneSurrogate(s), {
      message: 'Id must be well-formed Unicode text (no lone UTF-16 surrogate)',
      params: { code: 'invalid_id' },
    })
    .transform((s) => s as Id<K>);
}

/**
 * A schema for an optional reference to another entity: its id or `null` (the default).
 *
 * @example
 * ```ts
 * refSchema('account').parse(undefined); //=> null
 * ```
 */
export function refSchema<K extends EntityKind>(kind: K) {
  return idSchema(kind).nullable().default(null);
}

/**
 * A UTC instant: a `Date`, or an ISO 8601 string with a time zone offset (`2026-01-01T09:00:00Z`)
 * or a calendar date (`2026-01-01`, read as midnight UTC). Output: a `Date`.
 *
 * @example
 * ```ts
 * instantSchema.parse('2026-01-01'); //=> Date 2026-01-01T00:00:00.000Z
 * ```
 */
export const instantSchema = /* @__PURE__ */ z
  .union([z.date({ error: 'Expected a valid date' }), z.iso.datetime({ offset: true }), z.iso.date()], {
    error: 'Expected a Date or an ISO 8601 date-time with offset (e.g. 2026-01-01T09:00:00Z) or date (2026-01-01)',
  })
  .transform((v) => new Date(v));

/**
 * An optional instant, `null` by default.
 *
 * @example
 * ```ts
 * optionalInstantSchema.parse(undefined); //=> null
 * ```
 */
export const optionalInstantSchema = /* @__PURE__ */ instantSchema.nullable().default(null);

const NUL = /\u0000/;
const noNul = (s: string): boolean => !NUL.test(s);
const NUL_MESSAGE = 'Text must not contain NUL (\\u0000) characters';

/**
 * Required text: trimmed, 1..`max` characters, no NUL characters.
 *
 * @example
 * ```ts
 * requiredText(100).parse('  Acme  '); //=> 'Acme'
 * ```
 */
export function requiredText(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'Must not be empty')
    .max(max, `Must be at most ${max} characters`)
    .refine(noNul, NUL_MESSAGE);
}

/**
 * Optional text: trimmed, at most `max` characters, no NUL characters; blank or missing gives `null`.
 *
 * @example
 * ```ts
 * optionalText(100).parse('   '); //=> null
 * ```
 */
export function optionalText(max: number) {
  return z
    .string()
    .trim()
    .max(max, `Must be at most ${max} characters`)
    .refine(noNul, NUL_MESSAGE)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .default(null);
}

/**
 * An email address, trimmed and lower-cased.
 *
 * @example
 * ```ts
 * emailSchema.parse(' Ada@Example.COM '); //=> 'ada@example.com'
 * ```
 */
export const emailSchema = /* @__PURE__ */ z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'An email address has at most 254 characters')
  .pipe(
    /* @__PURE__ */ z.email({ error: (i) => `Invalid email address ${quoteValue(i.input)}: expected name@domain.tld` }),
  );

/**
 * Normalises a phone number to E.164 (`+` and 8–15 digits) when it is written in international
 * form: spaces, dots, dashes and parentheses are dropped, a leading `00` becomes `+`. Returns
 * `null` when it cannot (no country code, letters, too short or too long, not text). Never throws.
 *
 * @example
 * ```ts
 * normalizePhone('+1 (415) 555-0123'); //=> '+14155550123'
 * normalizePhone('0044 20 7946 0958'); //=> '+442079460958'
 * normalizePhone('555-0123');          //=> null
 * ```
 */
export function normalizePhone(raw: string): string | null {
  if (typeof raw !== 'string' || raw.length > 100) return null;
  let s = raw.trim().replace(/[\s.\-()/]/g, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  return /^\+[1-9]\d{7,14}$/.test(s) ? s : null;
}

/**
 * A phone number normalised to E.164; a number that cannot be read in international form is an
 * issue saying so.
 *
 * @example
 * ```ts
 * phoneSchema.parse('+44 20 7946 0958'); //=> '+442079460958'
 * ```
 */
export const phoneSchema = /* @__PURE__ */ z.string().transform((raw, ctx) => {
  const e164 = normalizePhone(raw);
  if (e164 === null) {
    ctx.issues.push({
      code: 'custom',
      input: raw,
      message: `Phone ${quoteValue(raw)} is not an international number; expected E.164 form with a country code, e.g. +14155550123 or 0044 20 7946 0958 (a national number is read when the context has a defaultRegion or the record a country)`,
    });
    return z.NEVER;
  }
  return e164;
});

/**
 * An ISO 3166-1 alpha-2 country code, upper-cased (`'de'` → `'DE'`); `null` by default.
 *
 * @example
 * ```ts
 * countrySchema.parse('de'); //=> 'DE'
 * ```
 */
export const countrySchema = /* @__PURE__ */ z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'Expected an ISO 3166-1 alpha-2 country code such as US, DE or BR')
  .nullable()
  .default(null);

/**
 * A web domain (`acme.com`), lower-cased; a URL is reduced to its host (`https://www.Acme.com/x` →
 * `www.acme.com`). `null` by default.
 *
 * @example
 * ```ts
 * domainSchema.parse('https://www.Acme.com/about'); //=> 'www.acme.com'
 * ```
 */
export const domainSchema = /* @__PURE__ */ z
  .string()
  .transform((raw, ctx) => {
    const host = hostOf(raw);
    if (host === null) {
      ctx.issues.push({
        code: 'custom',
        input: raw,
        message: `${quoteValue(raw)} is not a domain or URL; expected e.g. acme.com`,
      });
      return z.NEVER;
    }
    return host;
  })
  .nullable()
  .default(null);

/**
 * The lower-cased host of a domain or URL, or `null` when it is not one (or not text). Never throws.
 *
 * @example
 * ```ts
 * hostOf('https://Acme.com/pricing'); //=> 'acme.com'
 * ```
 */
export function hostOf(raw: string): string | null {
  if (typeof raw !== 'string') return null;
  const s = raw.trim().toLowerCase();
  if (s === '') return null;
  const withoutScheme = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  const host = withoutScheme.split(/[/?#]/)[0]!.replace(/:\d+$/, '');
  return /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(host) ? host : null;
}

/**
 * A probability in [0, 1].
 *
 * @example
 * ```ts
 * probabilitySchema.parse(0.25); //=> 0.25
 * ```
 */
export const probabilitySchema = /* @__PURE__ */ z
  .number({ error: 'Expected a number between 0 and 1' })
  .min(0, 'Probability must be ≥ 0')
  .max(1, 'Probability must be ≤ 1');
