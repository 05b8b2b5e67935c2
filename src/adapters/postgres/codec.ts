/**
 * The JSON document encoding of stored values: JSON plus two tags, so that what is read back
 * deep-equals what was written.
 *
 * - a `Date` becomes `{"$date": <epoch milliseconds>}`;
 * - `-0` becomes `{"$num": "-0"}` (JSON and PostgreSQL numbers have no negative zero);
 * - a string holding a lone UTF-16 surrogate (valid in JavaScript, not in PostgreSQL text, which is
 *   UTF-8) becomes `{"$s": "<escaped>"}`, with each lone surrogate written as `\` and four hex
 *   digits and each backslash doubled;
 * - an object key that starts with `$` gets one more `$` in front (`$x` → `$$x`), so data can never
 *   be mistaken for a tag; reading removes it again.
 *
 * @module
 */

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Encodes a value for storage as JSON (see the module comment). `undefined` object members are left out, as JSON does. */
export function encodeJson(value: unknown): Json {
  if (value === null) return null;
  if (value instanceof Date) return { $date: value.getTime() };
  switch (typeof value) {
    case 'string':
      return hasLoneSurrogate(value) ? { $s: escapeSurrogates(value) } : value;
    case 'boolean':
      return value;
    case 'number':
      return Object.is(value, -0) ? { $num: '-0' } : value;
    case 'object': {
      if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : encodeJson(v)));
      const out: { [key: string]: Json } = {};
      for (const key of Object.keys(value)) {
        const v = (value as Record<string, unknown>)[key];
        if (v === undefined) continue;
        define(out, key.startsWith('$') ? `$${key}` : key, encodeJson(v));
      }
      return out;
    }
    default:
      throw new TypeError(`crmkit/postgres: cannot store a ${typeof value} as JSON`);
  }
}

/** Sets an own, enumerable property, even one named `__proto__` (an assignment would set the prototype). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Reverses {@link encodeJson}. */
export function decodeJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeJson);
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1) {
    if (keys[0] === '$date' && typeof obj['$date'] === 'number') return new Date(obj['$date']);
    if (keys[0] === '$num' && obj['$num'] === '-0') return -0;
    if (keys[0] === '$s' && typeof obj['$s'] === 'string') return unescapeSurrogates(obj['$s']);
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) define(out, key.startsWith('$$') ? key.slice(1) : key, decodeJson(obj[key]));
  return out;
}

/**
 * Reads a JSON column: drivers return `jsonb` parsed or as text, depending on their type parsers,
 * so the adapter selects `column::text` and parses it here.
 */
export function readJsonColumn(raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  return decodeJson(typeof raw === 'string' ? JSON.parse(raw) : raw);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string holds a lone UTF-16 surrogate, which PostgreSQL text (UTF-8) cannot hold. */
export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

function escapeSurrogates(s: string): string {
  return s.replace(new RegExp(`\\\\|${LONE_SURROGATE.source}`, 'g'), (m) =>
    m === '\\' ? '\\\\' : `\\${m.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function unescapeSurrogates(s: string): string {
  return s.replace(/\\(\\|[0-9a-f]{4})/g, (_, x: string) => (x === '\\' ? '\\' : String.fromCharCode(parseInt(x, 16))));
}
