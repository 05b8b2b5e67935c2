/**
 * The comparisons a match model uses unless told otherwise, per kind of record.
 *
 * @module
 */
import { deepFreeze } from '../_lib/freeze.js';
import type { MatchComparisonSpec, MatchObject } from './types.js';

const PERSON_NAMES: readonly MatchComparisonSpec[] = [
  {
    field: 'firstName',
    levels: [{ method: 'normalized' }, { method: 'jaroWinkler', threshold: 0.88 }, { method: 'nameInitials' }],
  },
  {
    field: 'lastName',
    levels: [
      { method: 'normalized' },
      { method: 'jaroWinkler', threshold: 0.92 },
      { method: 'jaroWinkler', threshold: 0.8 },
    ],
  },
];

/**
 * The standard comparisons of {@link trainMatchModel} for each kind of record, most similar level first
 * (Splink's habit: an exact level, then fuzzy levels, then `else`):
 * - `lead`: e-mail (normalised), phone, first name (equal, Jaro–Winkler ≥ 0.88, initials), last name (equal,
 *   ≥ 0.92, ≥ 0.8), company (normalised, ≥ 0.9), country;
 * - `contact`: e-mails, phones, first and last name as for leads, account;
 * - `account`: registrable domain, name (normalised, ≥ 0.92), country.
 *
 * @example
 * ```ts
 * STANDARD_COMPARISONS.lead.map((c) => c.field); //=> ['email', 'phone', 'firstName', 'lastName', 'company', 'country']
 * ```
 */
export const STANDARD_COMPARISONS: Readonly<Record<MatchObject, readonly MatchComparisonSpec[]>> =
  /* @__PURE__ */ (() =>
    deepFreeze({
      lead: [
        { field: 'email', levels: [{ method: 'normalized' }] },
        { field: 'phone', levels: [{ method: 'phone' }] },
        ...PERSON_NAMES,
        { field: 'company', levels: [{ method: 'normalized' }, { method: 'jaroWinkler', threshold: 0.9 }] },
        { field: 'country', levels: [{ method: 'exact' }] },
      ],
      contact: [
        { field: 'emails', levels: [{ method: 'normalized' }] },
        { field: 'phones', levels: [{ method: 'phone' }] },
        ...PERSON_NAMES,
        { field: 'accountId', levels: [{ method: 'exact' }] },
      ],
      account: [
        { field: 'domain', levels: [{ method: 'normalized' }] },
        { field: 'name', levels: [{ method: 'normalized' }, { method: 'jaroWinkler', threshold: 0.92 }] },
        { field: 'country', levels: [{ method: 'exact' }] },
      ],
    }))();
