/**
 * E-mail addresses folded for matching.
 *
 * @module
 */
import { crmIssue } from '../core/issues.js';
import { ok, type Result } from '../core/result.js';
import { quoteValue } from '../_lib/show.js';
import { notText, refuse } from './_results.js';

const ADDRESS = /^[^\s@"(),:;<>[\]\\]+@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * An e-mail address as matching compares it: trimmed, a `mailto:` prefix and enclosing `<…>` dropped, the
 * Unicode compatibility form (NFKC), lower case (RFC 5321 lets the local part be case-sensitive; no
 * provider in use treats it so). Sub-addresses (`+tag`) and dots are kept: they are one provider's habit,
 * not a rule of e-mail.
 *
 * Never throws. Not text, longer than 254 characters (RFC 5321's limit), or not of the form
 * `local@domain.tld`: a `validation_failed` error.
 *
 * @example
 * ```ts
 * normalizeEmail(' <Ada.Lovelace@Example.COM> '); //=> { ok: true, value: 'ada.lovelace@example.com' }
 * normalizeEmail('ada@').ok; //=> false
 * ```
 */
export function normalizeEmail(raw: string): Result<string> {
  if (typeof raw !== 'string') return refuse('E-mail address', [notText([], raw)]);
  if (raw.length > 1000) return refuse('E-mail address', [crmIssue.tooBig([], 'an e-mail address', 254, true, raw)]);
  let s = raw.trim().normalize('NFKC').toLowerCase();
  if (s.startsWith('mailto:')) s = s.slice(7);
  if (s.startsWith('<') && s.endsWith('>')) s = s.slice(1, -1).trim();
  if (s.length > 254) return refuse('E-mail address', [crmIssue.tooBig([], 'an e-mail address', 254, true, raw)]);
  if (!ADDRESS.test(s))
    return refuse('E-mail address', [
      crmIssue.of('invalid_format', [], `${quoteValue(raw)} is not an e-mail address; expected name@domain.tld`),
    ]);
  return ok(s);
}
