/**
 * Registrable domains, through the public-suffix list.
 *
 * @module
 */
import { parse } from 'tldts';
import { crmIssue } from '../core/issues.js';
import { ok, type Result } from '../core/result.js';
import { quoteValue } from '../_lib/show.js';
import { notText, refuse } from './_results.js';

/** The registrable domain of a host, URL or e-mail address, or `null`. Never throws. */
export function domainOf(raw: string): string | null {
  if (raw.length > 2000) return null;
  let s = raw.trim().toLowerCase();
  const at = s.lastIndexOf('@');
  if (at >= 0 && !s.includes('/')) s = s.slice(at + 1);
  try {
    const p = parse(s, { allowPrivateDomains: false });
    return p.isIp === true || p.domain === null || p.isIcann !== true ? null : p.domain;
  } catch {
    return null;
  }
}

/**
 * The registrable domain ("eTLD+1") of a host, URL or e-mail address, by the ICANN section of the Public
 * Suffix List (publicsuffix.org, through `tldts`): `https://shop.acme.co.uk/x` → `acme.co.uk`,
 * `ada@mail.example.com` → `example.com`. Two addresses of one company on different hosts share it.
 *
 * Never throws. Not text, an IP address, a bare public suffix (`co.uk`) or text that is not a host: a
 * `validation_failed` error.
 *
 * @example
 * ```ts
 * registrableDomain('https://shop.acme.co.uk/pricing'); //=> { ok: true, value: 'acme.co.uk' }
 * registrableDomain('ada@mail.example.com'); //=> { ok: true, value: 'example.com' }
 * registrableDomain('192.168.0.1').ok; //=> false
 * ```
 */
export function registrableDomain(raw: string): Result<string> {
  if (typeof raw !== 'string') return refuse('Domain', [notText([], raw)]);
  const d = domainOf(raw);
  if (d === null)
    return refuse('Domain', [
      crmIssue.of('invalid_format', [], `${quoteValue(raw)} has no registrable domain (e.g. acme.com, acme.co.uk)`),
    ]);
  return ok(d);
}
