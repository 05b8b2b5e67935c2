/**
 * Well-formed Unicode text: a JavaScript string may hold a UTF-16 surrogate without its partner
 * (`'\uD800'`), which no UTF-8 encoding can represent. PostgreSQL (and every driver on the way to it)
 * turns such a string into U+FFFD, so `'a\uD800'`, `'a\uDC00'` and `'a\uFFFD'` become one string there.
 *
 * @module
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether a string holds a lone UTF-16 surrogate (is not well-formed Unicode text). Linear in the
 * length of the string.
 *
 * @example
 * ```ts
 * hasLoneSurrogate('a\uD800'); //=> true
 * hasLoneSurrogate('😀'); //=> false (a surrogate pair)
 * ```
 */
export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE.test(s);
}
