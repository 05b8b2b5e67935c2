/**
 * Legal-form words removed from company names for matching.
 *
 * @module
 */

/**
 * Legal-form words that {@link normalizeCompanyName} removes from the ends of a company name for matching
 * (folded: lower case, dots dropped, so `S.A.`, `Pty.` and `GmbH` are `sa`, `pty`, `gmbh`). Trailing
 * words are forms such as `Inc`, `Ltd`, `LLC`, `GmbH`, `AG`, `BV`, `SA`, `Tbk`, `Pty`; leading words are
 * the forms written before the name (`PT`, `CV` in Indonesia; the article `the`). A hand-kept list of
 * the common abbreviations of the commonest jurisdictions (not exhaustive: the full register of legal
 * forms is ISO 20275's Entity Legal Forms list); it is data, and frozen.
 *
 * @example
 * ```ts
 * LEGAL_SUFFIXES.trailing.includes('gmbh'); //=> true
 * ```
 */
export const LEGAL_SUFFIXES: {
  /** Words removed from the end of a name (repeatedly: `Acme Holdings Pty Ltd` loses `pty` and `ltd`). */
  readonly trailing: readonly string[];
  /** Words removed from the start of a name (`PT Maju Jaya` → `maju jaya`). */
  readonly leading: readonly string[];
} = /* @__PURE__ */ Object.freeze({
  trailing: /* @__PURE__ */ Object.freeze([
    // English-speaking jurisdictions
    'inc',
    'incorporated',
    'corp',
    'corporation',
    'co',
    'company',
    'ltd',
    'limited',
    'llc',
    'llp',
    'lp',
    'plc',
    'pty',
    'pte',
    'pvt',
    'private',
    // Indonesia, Malaysia
    'tbk',
    'persero',
    'sdn',
    'bhd',
    'berhad',
    // German-speaking
    'gmbh',
    'ag',
    'kg',
    'kgaa',
    'ohg',
    'ug',
    'eg',
    'ev',
    // Romance languages
    'sa',
    'sas',
    'sasu',
    'sarl',
    'srl',
    'spa',
    'sl',
    'sau',
    'sca',
    'ltda',
    'eireli',
    'me',
    'epp',
    // Benelux, Nordics
    'bv',
    'nv',
    'vof',
    'cv',
    'ab',
    'as',
    'asa',
    'aps',
    'oy',
    'oyj',
    'hf',
    // Central and Eastern Europe
    'sro',
    'zrt',
    'kft',
    'doo',
    'ooo',
    'zao',
    'oao',
    'pao',
    // Asia
    'kk',
    'yk',
    'gk',
    'jsc',
  ]),
  leading: /* @__PURE__ */ Object.freeze(['pt', 'cv', 'the', 'ud', 'pd']),
});
