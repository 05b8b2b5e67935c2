/**
 * Company names folded for matching, legal forms removed.
 *
 * @module
 */
import { crmIssue } from '../core/issues.js';
import { ok, type Result } from '../core/result.js';
import { quoteValue } from '../_lib/show.js';
import { foldText } from './_fold.js';
import { LEGAL_SUFFIXES } from './legalSuffixes.js';
import { notText, refuse } from './_results.js';

/** Folds a company name and drops its legal-form words; `''` when nothing but punctuation is left. */
export function foldCompanyName(raw: string): string {
  // Dots go first, so that S.A., P.T. and Inc. fold to the words sa, pt and inc.
  const words = foldText(raw.replace(/\./g, '')).split(' ');
  const all = words.join(' ');
  let start = 0;
  let end = words.length;
  while (end - start > 1 && LEGAL_SUFFIXES.trailing.includes(words[end - 1]!)) end--;
  while (end - start > 1 && LEGAL_SUFFIXES.leading.includes(words[start]!)) start++;
  const kept = words.slice(start, end).join(' ');
  return kept === '' ? all : kept;
}

/**
 * A company's name as matching compares it (for matching only; the record keeps the name as written):
 * folded as {@link normalizePersonName} folds names, dots dropped, and the legal-form words of
 * {@link LEGAL_SUFFIXES} removed from its ends (`PT Maju Jaya Tbk` → `maju jaya`, `Müller GmbH` → `muller`,
 * `Acme Holdings Pty. Ltd.` → `acme holdings`). A name that is nothing but a legal form keeps it.
 *
 * Never throws. Not text, or text with no letter or digit: a `validation_failed` error.
 *
 * @example
 * ```ts
 * normalizeCompanyName('PT Maju Jaya Tbk'); //=> { ok: true, value: 'maju jaya' }
 * normalizeCompanyName('Acme, Inc.'); //=> { ok: true, value: 'acme' }
 * ```
 */
export function normalizeCompanyName(raw: string): Result<string> {
  if (typeof raw !== 'string') return refuse('Company name', [notText([], raw)]);
  const folded = foldCompanyName(raw);
  if (folded === '')
    return refuse('Company name', [crmIssue.of('invalid_format', [], `${quoteValue(raw)} has no letter or digit`)]);
  return ok(folded);
}
