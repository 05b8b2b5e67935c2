/**
 * The value semantics every store shares: text order by code point, case folding, exact decimal order,
 * ISO 8601 durations for `$now`, and glob patterns. The memory evaluator uses these functions, and the
 * PostgreSQL compiler is written to give the same answers (see docs/conditions.md).
 *
 * @module
 */
import { Dec } from '../money/decimal.js';
import { CrmError } from '../core/errors.js';
import { quoteValue } from '../_lib/show.js';

/** The error of a value function given something that is not text (a call no type-correct program makes). */
function notText(fn: string, ...values: unknown[]): CrmError {
  return new CrmError(
    'validation_failed',
    `${fn} takes strings; received ${values.map((v) => quoteValue(v)).join(' and ')}`,
    {
      issues: [{ path: [], message: 'expected a string', code: 'invalid_type' }],
    },
  );
}

/**
 * Compares two strings by Unicode code point, as PostgreSQL's `COLLATE "C"` does on UTF-8 text (which
 * JavaScript's `<` does not: it compares UTF-16 code units, so U+FFFD sorts after U+1F600 there).
 *
 * @throws CrmError `validation_failed` when `a` or `b` is not a string.
 *
 * @example
 * ```ts
 * compareText('a', 'b'); //=> -1
 * compareText('\uFFFD', '😀'); //=> -1
 * ```
 */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  if (typeof a !== 'string' || typeof b !== 'string') throw notText('compareText', a, b);
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // Surrogates (code points above U+FFFF) sort after U+E000..U+FFFF in code point order.
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/**
 * Case folding for `contains`, `startsWith`, `matches` and list membership: each code point is mapped
 * to its simple lower case on its own (so a final sigma folds like any sigma, and `İ` folds to `i`),
 * which is what PostgreSQL's `lower()` does under a UTF-8 locale (`C.UTF-8`, `en_US.UTF-8`, ICU).
 *
 * @throws CrmError `validation_failed` when `text` is not a string.
 *
 * @example
 * ```ts
 * foldCase('ÜBER Straße'); //=> 'über straße'
 * foldCase('ΟΔΟΣ'); //=> 'οδοσ'
 * ```
 */
export function foldCase(text: string): string {
  if (typeof text !== 'string') throw notText('foldCase', text);
  let upper = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) return foldUnicode(text);
    if (c >= 65 && c <= 90) upper = true;
  }
  return upper ? text.toLowerCase() : text; // ASCII: toLowerCase maps A–Z only
}

function foldUnicode(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === '\u0130') {
      out += 'i';
      continue;
    }
    const lower = ch.toLowerCase();
    out += lower.length === ch.length ? lower : ch;
  }
  return out;
}

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;
/** A decimal in plain or exponent notation (`+1.5e3`, `.5`, `2.`): what compareDecimal takes besides the plain form. */
const DECIMAL_WITH_EXPONENT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Compares two decimal strings exactly (plain `-123.45` forms quickly, others — a leading `+`, an
 * exponent such as `1.5e3` — through decimal.js).
 *
 * @throws CrmError `validation_failed` when `a` or `b` is not a decimal string (`'NaN'`, `'Infinity'`,
 * hexadecimal text and exponents past decimal.js's range included).
 *
 * @example
 * ```ts
 * compareDecimal('9.50', '10'); //=> -1
 * compareDecimal('1.10', '1.1'); //=> 0
 * ```
 */
export function compareDecimal(a: string, b: string): number {
  if (a === b && typeof a === 'string') return 0;
  if (typeof a !== 'string' || typeof b !== 'string') throw notText('compareDecimal', a, b);
  if (!PLAIN_DECIMAL.test(a) || !PLAIN_DECIMAL.test(b)) {
    const notDecimal = () =>
      new CrmError(
        'validation_failed',
        `compareDecimal takes decimal strings; received ${quoteValue(a)} and ${quoteValue(b)}`,
        {
          issues: [{ path: [], message: 'expected decimal strings', code: 'invalid_amount' }],
        },
      );
    // Only decimal notation: decimal.js alone would also read 'NaN', 'Infinity' and hexadecimal text.
    if (!DECIMAL_WITH_EXPONENT.test(a) || !DECIMAL_WITH_EXPONENT.test(b)) throw notDecimal();
    let x: Dec, y: Dec;
    try {
      x = new Dec(a);
      y = new Dec(b);
    } catch {
      throw notDecimal();
    }
    if (!x.isFinite() || !y.isFinite()) throw notDecimal(); // an exponent past decimal.js's range
    return x.cmp(y);
  }
  const na = a.charCodeAt(0) === 45,
    nb = b.charCodeAt(0) === 45;
  const ua = na ? a.slice(1) : a,
    ub = nb ? b.slice(1) : b;
  const da = ua.indexOf('.'),
    db = ub.indexOf('.');
  const ia = trimLeadingZeros(da < 0 ? ua : ua.slice(0, da)),
    ib = trimLeadingZeros(db < 0 ? ub : ub.slice(0, db));
  const fa = trimTrailingZeros(da < 0 ? '' : ua.slice(da + 1)),
    fb = trimTrailingZeros(db < 0 ? '' : ub.slice(db + 1));
  const sa = ia === '' && fa === '' ? 0 : na ? -1 : 1,
    sb = ib === '' && fb === '' ? 0 : nb ? -1 : 1;
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  let mag: number;
  if (ia.length !== ib.length) mag = ia.length < ib.length ? -1 : 1;
  else if (ia !== ib) mag = ia < ib ? -1 : 1;
  else if (fa === fb) mag = 0;
  else mag = fa < fb ? -1 : 1; // same integer part: the shorter fraction (zeros trimmed) compares as text
  return sa < 0 ? -mag : mag;
}

function trimLeadingZeros(s: string): string {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === 48) i++;
  return i === 0 ? s : s.slice(i);
}

function trimTrailingZeros(s: string): string {
  let i = s.length;
  while (i > 0 && s.charCodeAt(i - 1) === 48) i--;
  return i === s.length ? s : s.slice(0, i);
}

/**
 * A canonical decimal string (no leading `+`, no exponent, no trailing fraction zeros, `-0` as `0`),
 * or `null` when `value` is not a decimal (a plain decimal string, or a safe integer).
 *
 * Never throws.
 *
 * @example
 * ```ts
 * canonicalDecimal('0012.500'); //=> '12.5'
 * canonicalDecimal(7); //=> '7'
 * canonicalDecimal('1e3'); //=> null
 * ```
 */
export function canonicalDecimal(value: unknown): string | null {
  let s: string;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) return null;
    s = String(value === 0 ? 0 : value);
  } else if (typeof value === 'string' && value.length <= 100 && PLAIN_DECIMAL.test(value)) s = value;
  else return null;
  const neg = s.startsWith('-');
  const u = neg ? s.slice(1) : s;
  const dot = u.indexOf('.');
  const int = trimLeadingZeros(dot < 0 ? u : u.slice(0, dot)) || '0';
  const frac = dot < 0 ? '' : trimTrailingZeros(u.slice(dot + 1));
  const body = frac === '' ? int : `${int}.${frac}`;
  return neg && body !== '0' ? `-${body}` : body;
}

/**
 * A calendar duration from ISO 8601 (`P1Y2M3W4DT5H6M7.5S`, with an optional leading `-`), as its parts.
 *
 * @example
 * ```ts
 * const d: IsoDuration = { sign: -1, years: 0, months: 0, days: 30, ms: 0 };
 * ```
 */
export interface IsoDuration {
  readonly sign: 1 | -1;
  readonly years: number;
  readonly months: number;
  /** Days, weeks included (7 days each). */
  readonly days: number;
  /** Hours, minutes and seconds, in milliseconds. */
  readonly ms: number;
}

const DURATION =
  /^([+-])?P(?:(\d{1,6})Y)?(?:(\d{1,6})M)?(?:(\d{1,6})W)?(?:(\d{1,7})D)?(?:T(?:(\d{1,8})H)?(?:(\d{1,9})M)?(?:(\d{1,10}(?:\.\d{1,3})?)S)?)?$/;

/**
 * Parses an ISO 8601 duration (years, months, weeks, days, hours, minutes, seconds with up to three
 * decimals; at least one part; a leading `-` to go back in time), or `null` when it is not one.
 *
 * Never throws. Anything that is not a duration gives `null`.
 *
 * @example
 * ```ts
 * parseIsoDuration('-P30D'); //=> { sign: -1, years: 0, months: 0, days: 30, ms: 0 }
 * parseIsoDuration('30 days'); //=> null
 * ```
 */
export function parseIsoDuration(text: unknown): IsoDuration | null {
  if (typeof text !== 'string' || text.length > 64) return null;
  const m = DURATION.exec(text);
  if (m === null) return null;
  const [, sign, y, mo, w, d, h, mi, s] = m;
  if ([y, mo, w, d, h, mi, s].every((p) => p === undefined)) return null;
  if (text.endsWith('T')) return null;
  const n = (p: string | undefined) => (p === undefined ? 0 : Number(p));
  return Object.freeze({
    sign: sign === '-' ? -1 : 1,
    years: n(y),
    months: n(mo),
    days: n(w) * 7 + n(d),
    ms: Math.round(n(h) * 3_600_000 + n(mi) * 60_000 + n(s) * 1000),
  });
}

/**
 * Moves an instant by a duration in UTC: years and months first (the day of month clamped to the
 * month's length, as date-fns `add` does: Jan 31 + 1 month = Feb 28/29), then days (24 hours each, as
 * UTC has no daylight saving) and time. Returns epoch milliseconds.
 *
 * @throws CrmError `validation_failed` when `at` is not a finite number of epoch milliseconds within
 * the range of a `Date`, `d` is not an {@link IsoDuration} (`sign` 1 or -1, the other parts
 * non-negative safe integers), or the result is outside the range of a `Date` (`invalid_date`).
 *
 * @example
 * ```ts
 * new Date(shiftInstant(Date.UTC(2026, 0, 31), parseIsoDuration('P1M')!)).toISOString(); //=> '2026-02-28T00:00:00.000Z'
 * ```
 */
export function shiftInstant(at: number, d: IsoDuration): number {
  if (typeof at !== 'number' || !(Math.abs(at) <= MAX_DATE_MS))
    throw invalidShift('an instant in epoch milliseconds within the range of a Date', 'at', at);
  if (!isIsoDuration(d)) throw invalidShift('an IsoDuration { sign, years, months, days, ms }', 'd', d);
  const t = shiftInstantOrNaN(at, d);
  if (Number.isNaN(t))
    throw new CrmError(
      'validation_failed',
      `shiftInstant: ${quoteValue(at)} moved by the duration is outside the range of a Date`,
      {
        issues: [{ path: [], message: 'the result is outside the range of a Date', code: 'invalid_date' }],
      },
    );
  return t;
}

/** The largest epoch milliseconds of a `Date`, either side of 1970. */
const MAX_DATE_MS = 8.64e15;

function invalidShift(expected: string, name: string, received: unknown): CrmError {
  return new CrmError(
    'validation_failed',
    `shiftInstant: expected ${expected} as ${name}; received ${quoteValue(received)}`,
    {
      issues: [{ path: [name], message: `expected ${expected}`, code: 'invalid_type' }],
    },
  );
}

function isPart(v: unknown): boolean {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function isIsoDuration(d: unknown): d is IsoDuration {
  if (d === null || typeof d !== 'object') return false;
  const x = d as Record<string, unknown>;
  return (
    (x['sign'] === 1 || x['sign'] === -1) &&
    isPart(x['years']) &&
    isPart(x['months']) &&
    isPart(x['days']) &&
    isPart(x['ms'])
  );
}

/**
 * {@link shiftInstant} of a valid instant and duration, or `NaN` when the result is outside the
 * range of a `Date` (for callers that report that themselves, as `bindCondition` does).
 */
export function shiftInstantOrNaN(at: number, d: IsoDuration): number {
  let t = at;
  const months = d.sign * (d.years * 12 + d.months);
  if (months !== 0) {
    const date = new Date(t);
    const day = date.getUTCDate();
    date.setUTCDate(1);
    date.setUTCMonth(date.getUTCMonth() + months);
    const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    date.setUTCDate(Math.min(day, last));
    t = date.getTime();
  }
  t += d.sign * (d.days * 86_400_000 + d.ms);
  return Number.isFinite(t) && Math.abs(t) <= MAX_DATE_MS ? t : Number.NaN;
}

/**
 * Whole-text glob match: `*` is any run of characters (none included), `?` exactly one character (one
 * code point), everything else literal. Linear space, O(text × pattern) time at worst; no regular
 * expression, so no catastrophic backtracking. Case-sensitive: fold both sides first for a
 * case-insensitive match.
 *
 * @throws CrmError `validation_failed` when `text` or `pattern` is not a string.
 *
 * @example
 * ```ts
 * globMatch('ada@example.com', '*@example.???'); //=> true
 * globMatch('a.b', 'a?b'); //=> true
 * ```
 */
export function globMatch(text: string, pattern: string): boolean {
  if (typeof text !== 'string' || typeof pattern !== 'string') throw notText('globMatch', text, pattern);
  if (HAS_SURROGATE.test(text) || HAS_SURROGATE.test(pattern))
    return globMatchUnits(Array.from(text), Array.from(pattern));
  let ti = 0,
    pi = 0,
    star = -1,
    mark = 0;
  const tl = text.length,
    pl = pattern.length;
  while (ti < tl) {
    const pc = pi < pl ? pattern.charCodeAt(pi) : -1;
    if (pc === 63 /* ? */ || (pc === text.charCodeAt(ti) && pc !== 42)) {
      ti++;
      pi++;
    } else if (pc === 42 /* * */) {
      star = pi++;
      mark = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else return false;
  }
  while (pi < pl && pattern.charCodeAt(pi) === 42) pi++;
  return pi === pl;
}

const HAS_SURROGATE = /[\uD800-\uDFFF]/;

function globMatchUnits(text: readonly string[], pattern: readonly string[]): boolean {
  let ti = 0,
    pi = 0,
    star = -1,
    mark = 0;
  while (ti < text.length) {
    const pc = pattern[pi];
    if (pc === '?' || (pc !== undefined && pc !== '*' && pc === text[ti])) {
      ti++;
      pi++;
    } else if (pc === '*') {
      star = pi++;
      mark = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else return false;
  }
  while (pattern[pi] === '*') pi++;
  return pi === pattern.length;
}
