/**
 * Phone numbers in E.164 form, through libphonenumber-js.
 *
 * @module
 */
import { crmIssue, checkOptionKeys } from '../core/issues.js';
import { ok, type Result } from '../core/result.js';
import { quoteValue } from '../_lib/show.js';
import { isPhoneRegion, readPhone } from '../entities/phoneNumber.js';
import maxMetadata from 'libphonenumber-js/max/metadata';
import { notText, refuse } from './_results.js';

/**
 * Options of {@link normalizePhoneNumber}.
 *
 * @example
 * ```ts
 * const o: NormalizePhoneNumberOptions = { region: 'ID' };
 * ```
 */
export interface NormalizePhoneNumberOptions {
  /** The ISO 3166-1 alpha-2 region a number without a country code is read in (`'ID'`, `'DE'`). */
  readonly region?: string;
}

/**
 * A phone number in E.164 form (`+6281234567890`), read and validated by libphonenumber-js (Google's
 * numbering plans, `max` metadata: the digits are checked against the plan of the number's country, not
 * only its length). International forms (`+62 812-3456-7890`, `0062 812…`) are read anywhere; a national
 * form (`0812-3456-7890`) needs `region`.
 *
 * Never throws. Not text, a number that is not valid (with the reason: too short, too long, no such
 * number range, no country code and no region), or bad options: a `validation_failed` error.
 *
 * @example
 * ```ts
 * normalizePhoneNumber('0812-3456-7890', { region: 'ID' }); //=> { ok: true, value: '+6281234567890' }
 * normalizePhoneNumber('+44 20 7946 0958'); //=> { ok: true, value: '+442079460958' }
 * normalizePhoneNumber('0812-3456-7890').ok; //=> false (no country code and no region)
 * ```
 */
export function normalizePhoneNumber(raw: string, options?: NormalizePhoneNumberOptions): Result<string> {
  const optionIssues = checkOptionKeys(options, ['region'], ['options']);
  if (optionIssues.length > 0) return refuse('normalizePhoneNumber options', optionIssues);
  const region = (options ?? undefined)?.region;
  if (region !== undefined && !isPhoneRegion(region, maxMetadata))
    return refuse('normalizePhoneNumber options', [
      crmIssue.invalidValue(
        ['options', 'region'],
        'expected an upper-case ISO 3166-1 alpha-2 region with a phone numbering plan, e.g. ID, DE, US',
        region,
      ),
    ]);
  if (typeof raw !== 'string') return refuse('Phone number', [notText([], raw)]);
  const read = readPhone(raw, region, maxMetadata);
  if (read.ok) return ok(read.e164);
  return refuse('Phone number', [
    crmIssue.of('invalid_format', [], `${quoteValue(raw)} is not a valid phone number: ${read.reason}`),
  ]);
}
