/**
 * The blocking rules a match model uses unless told otherwise: one group per identifying value (e-mail,
 * phone, last name, first name at one company). Each is one EM training session (Splink's habit), which
 * learns the m of the fields it does not block on.
 *
 * @module
 */
import { unwrap } from '../core/result.js';
import { defineMatchingRule } from './defineMatchingRule.js';
import type { MatchingRule, MatchObject } from './types.js';

/** The default blocking rule of a model, per kind of record. */
export function standardBlocking(object: MatchObject): MatchingRule {
  switch (object) {
    case 'lead':
      return unwrap(
        defineMatchingRule({
          object,
          groups: [
            [{ field: 'email', method: 'normalized' }],
            [{ field: 'phone', method: 'phone' }],
            [{ field: 'lastName', method: 'normalized' }],
            [
              { field: 'firstName', method: 'normalized' },
              { field: 'company', method: 'normalized' },
            ],
          ],
        }),
      );
    case 'contact':
      return unwrap(
        defineMatchingRule({
          object,
          groups: [
            [{ field: 'emails', method: 'normalized' }],
            [{ field: 'phones', method: 'phone' }],
            [{ field: 'lastName', method: 'normalized' }],
            [
              { field: 'firstName', method: 'normalized' },
              { field: 'accountId', method: 'exact' },
            ],
          ],
        }),
      );
    default:
      return unwrap(
        defineMatchingRule({
          object,
          groups: [[{ field: 'domain', method: 'normalized' }], [{ field: 'name', method: 'normalized' }]],
        }),
      );
  }
}
