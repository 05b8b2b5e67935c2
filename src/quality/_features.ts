/**
 * Reading the values of a record's field the way a matching method compares them: the stored text
 * (`raw`), the field's normaliser (`norm`), a registrable domain (`domain`) or an E.164 phone (`phone`).
 * Multi-valued fields (a contact's `emails` and `phones`) give every value.
 *
 * @module
 */
import { readPhone } from '../entities/phoneNumber.js';
import maxMetadata from 'libphonenumber-js/max/metadata';
import { foldText } from './_fold.js';
import { foldCompanyName } from './normalizeCompanyName.js';
import { domainOf } from './registrableDomain.js';
import type { MatchMethod, MatchObject } from './types.js';

/** How a method reads a field. */
export type Transform = 'raw' | 'norm' | 'domain' | 'phone';

/** The values of one field of one record as a transform reads them: one, several, or none (`null`). */
export type FeatureValue = string | readonly string[] | null;

/** What kind of value a field holds, which decides its normaliser. */
export type FieldClass = 'email' | 'phone' | 'person' | 'company' | 'domain' | 'text';

/** The transform of each method. */
export function transformOf(method: MatchMethod): Transform {
  switch (method) {
    case 'exact':
      return 'raw';
    case 'emailDomain':
      return 'domain';
    case 'phone':
      return 'phone';
    default:
      return 'norm';
  }
}

/** The class of a field of an object (its normaliser). */
export function fieldClass(object: MatchObject, field: string): FieldClass {
  if (field === 'email' || field === 'emails') return 'email';
  if (field === 'phone' || field === 'phones') return 'phone';
  if (field === 'firstName' || field === 'lastName') return 'person';
  if (field === 'company' || (object === 'account' && field === 'name')) return 'company';
  if (field === 'website' || field === 'domain') return 'domain';
  return 'text';
}

const E164 = /^\+[1-9]\d{6,14}$/;
const EMAIL_LIKE = /^[^\s@]+@[^\s@]+$/;

/** The stored strings of a field (a contact's e-mail addresses and phone numbers, or one text value). */
function rawValues(record: Record<string, unknown>, field: string): string[] {
  if (field.startsWith('customFields.')) {
    const cf = record['customFields'];
    if (cf === null || typeof cf !== 'object') return [];
    const v = (cf as Record<string, unknown>)[field.slice(13)];
    return typeof v === 'string' ? [v] : typeof v === 'number' && Number.isFinite(v) ? [String(v)] : [];
  }
  const v = record[field];
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v)) return [];
  const key = field === 'emails' ? 'address' : field === 'phones' ? 'number' : null;
  const out: string[] = [];
  for (let i = 0; i < v.length && i < 50; i++) {
    const x: unknown = v[i];
    if (typeof x === 'string') out.push(x);
    else if (key !== null && x !== null && typeof x === 'object') {
      const s = (x as Record<string, unknown>)[key];
      if (typeof s === 'string') out.push(s);
    }
  }
  return out;
}

/** One value through a transform, or `null` when nothing readable is left. */
function transformed(
  value: string,
  transform: Transform,
  cls: FieldClass,
  region: string | undefined,
  freeMail: ReadonlySet<string>,
): string | null {
  if (transform === 'raw') return value === '' ? null : value;
  if (transform === 'phone') {
    if (E164.test(value)) return value;
    const compact = value.replace(/[\s.\-()/]/g, '');
    if (E164.test(compact)) return compact; // stored by crmkit: already E.164
    const r = readPhone(value, region, maxMetadata);
    return r.ok ? r.e164 : null;
  }
  if (transform === 'domain') {
    const d = domainOf(value);
    return d === null || freeMail.has(d) ? null : d;
  }
  let s: string;
  switch (cls) {
    case 'email': {
      const t = value.trim().normalize('NFKC').toLowerCase();
      s = EMAIL_LIKE.test(t) ? t : '';
      break;
    }
    case 'phone':
      return transformed(value, 'phone', cls, region, freeMail);
    case 'company':
      s = foldCompanyName(value);
      break;
    case 'domain':
      s = domainOf(value) ?? '';
      break;
    default:
      s = foldText(value);
  }
  return s === '' ? null : s;
}

/**
 * The values of `field` of `record` through `transform`: `null` when there are none, one string, or
 * several (distinct, in order).
 */
export function readFeature(
  record: Record<string, unknown>,
  object: MatchObject,
  field: string,
  transform: Transform,
  region: string | undefined,
  freeMail: ReadonlySet<string>,
  cache?: Map<string, string | null>,
): FeatureValue {
  const raw = rawValues(record, field);
  if (raw.length === 0) return null;
  const cls = fieldClass(object, field);
  const read = (value: string): string | null => {
    if (cache === undefined || transform === 'raw') return transformed(value, transform, cls, region, freeMail);
    // Names, companies and domains repeat across records: each distinct value is folded once per call.
    const key = `${transform}\u0000${cls}\u0000${region ?? ''}\u0000${value}`;
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit ?? null;
    const t = transformed(value, transform, cls, region, freeMail);
    if (cache.size < 5_000_000) cache.set(key, t);
    return t;
  };
  if (raw.length === 1) return read(raw[0]!);
  const out: string[] = [];
  for (const r of raw) {
    const t = read(r);
    if (t !== null && !out.includes(t)) out.push(t);
  }
  return out.length === 0 ? null : out.length === 1 ? out[0]! : out;
}

/** The values of a feature as a list. */
export function valuesOf(v: FeatureValue): readonly string[] {
  return v === null ? [] : typeof v === 'string' ? [v] : v;
}
