/**
 * The standard matching rules for leads, contacts and accounts.
 *
 * @module
 */
import { unwrap } from '../core/result.js';
import { defineMatchingRule } from './defineMatchingRule.js';
import type { MatchingRule } from './types.js';

/**
 * The standard rule for leads. Two leads are one person when:
 * 1. their e-mail addresses are equal (normalised); or
 * 2. their phones are the same number and their last names are alike (Jaro–Winkler ≥ 0.9); or
 * 3. they work at the same company (names normalised, legal forms removed) and their last (≥ 0.92) and
 *    first names (≥ 0.88) are alike; or
 * 4. their e-mail addresses share a company domain (never a free-mail one) and their names are alike as in 3.
 *
 * Built for precision: two records it matches should be one person (0.98 or better on the benchmark of
 * docs/benchmarks.md).
 *
 * @example
 * ```ts
 * STANDARD_LEAD_RULE.groups.length; //=> 4
 * ```
 */
export const STANDARD_LEAD_RULE: MatchingRule = /* @__PURE__ */ (() =>
  unwrap(
    defineMatchingRule({
      object: 'lead',
      groups: [
        [{ field: 'email', method: 'normalized' }],
        [
          { field: 'phone', method: 'phone' },
          { field: 'lastName', method: 'jaroWinkler', threshold: 0.9 },
        ],
        [
          { field: 'company', method: 'normalized' },
          { field: 'lastName', method: 'jaroWinkler', threshold: 0.92 },
          { field: 'firstName', method: 'jaroWinkler', threshold: 0.88 },
        ],
        [
          { field: 'email', method: 'emailDomain' },
          { field: 'lastName', method: 'jaroWinkler', threshold: 0.92 },
          { field: 'firstName', method: 'jaroWinkler', threshold: 0.88 },
        ],
      ],
    }),
  ))();

/**
 * The standard rule for contacts: as {@link STANDARD_LEAD_RULE}, on a contact's lists of e-mail addresses
 * and phones (any address or number in common), with the account in place of the company name:
 * 1. an e-mail address in common; or 2. a phone in common and last names alike (≥ 0.9); or 3. the same
 * account and names alike (last ≥ 0.92, first ≥ 0.88); or 4. a company e-mail domain in common and names
 * alike.
 *
 * @example
 * ```ts
 * STANDARD_CONTACT_RULE.object; //=> 'contact'
 * ```
 */
export const STANDARD_CONTACT_RULE: MatchingRule = /* @__PURE__ */ (() =>
  unwrap(
    defineMatchingRule({
      object: 'contact',
      groups: [
        [{ field: 'emails', method: 'normalized' }],
        [
          { field: 'phones', method: 'phone' },
          { field: 'lastName', method: 'jaroWinkler', threshold: 0.9 },
        ],
        [
          { field: 'accountId', method: 'exact' },
          { field: 'lastName', method: 'jaroWinkler', threshold: 0.92 },
          { field: 'firstName', method: 'jaroWinkler', threshold: 0.88 },
        ],
        [
          { field: 'emails', method: 'emailDomain' },
          { field: 'lastName', method: 'jaroWinkler', threshold: 0.92 },
          { field: 'firstName', method: 'jaroWinkler', threshold: 0.88 },
        ],
      ],
    }),
  ))();

/**
 * The standard rule for accounts: two accounts are one company when 1. their domains have the same
 * registrable domain (`www.acme.com` and `shop.acme.com`); or 2. their names are equal once folded and
 * stripped of legal forms (`Acme, Inc.` and `ACME`) and their countries are equal.
 *
 * @example
 * ```ts
 * STANDARD_ACCOUNT_RULE.groups.map((g) => g.map((i) => i.field)); //=> [['domain'], ['name', 'country']]
 * ```
 */
export const STANDARD_ACCOUNT_RULE: MatchingRule = /* @__PURE__ */ (() =>
  unwrap(
    defineMatchingRule({
      object: 'account',
      groups: [
        [{ field: 'domain', method: 'normalized' }],
        [
          { field: 'name', method: 'normalized' },
          { field: 'country', method: 'exact' },
        ],
      ],
    }),
  ))();
