/**
 * Branded ids per entity kind and the injectable id generator.
 *
 * @module
 */

import { CrmError } from './errors.js';
declare const brand: unique symbol;

/**
 * A string id branded with the kind of entity it names, so a `LeadId` cannot be passed where a
 * `DealId` is expected. Brands exist only in types; at run time an id is a plain string.
 *
 * @example
 * ```ts
 * const id = 'd-1' as Id<'deal'>;
 * ```
 */
export type Id<K extends string> = string & { readonly [brand]: K };

/**
 * The kinds of entity crmkit knows, each with its own id brand.
 *
 * @example
 * ```ts
 * ENTITY_KINDS.includes('deal'); //=> true
 * ```
 */
export const ENTITY_KINDS = [
  'account',
  'contact',
  'lead',
  'deal',
  'activity',
  'ticket',
  'campaign',
  'campaignMember',
  'surveyResponse',
  'subscription',
  'user',
  'team',
  'loyaltyTransaction',
  'referral',
] as const;

/**
 * One of {@link ENTITY_KINDS}.
 *
 * @example
 * ```ts
 * const kind: EntityKind = 'deal';
 * ```
 */
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** Id of an Account. @example `const id = 'a1' as AccountId;` */
export type AccountId = Id<'account'>;
/** Id of a Contact. @example `const id = 'c1' as ContactId;` */
export type ContactId = Id<'contact'>;
/** Id of a Lead. @example `const id = 'l1' as LeadId;` */
export type LeadId = Id<'lead'>;
/** Id of a Deal. @example `const id = 'd1' as DealId;` */
export type DealId = Id<'deal'>;
/** Id of an Activity. @example `const id = 'x1' as ActivityId;` */
export type ActivityId = Id<'activity'>;
/** Id of a Ticket. @example `const id = 't1' as TicketId;` */
export type TicketId = Id<'ticket'>;
/** Id of a Campaign. @example `const id = 'cp1' as CampaignId;` */
export type CampaignId = Id<'campaign'>;
/** Id of a CampaignMember. @example `const id = 'cm1' as CampaignMemberId;` */
export type CampaignMemberId = Id<'campaignMember'>;
/** Id of a SurveyResponse. @example `const id = 's1' as SurveyResponseId;` */
export type SurveyResponseId = Id<'surveyResponse'>;
/** Id of a Subscription. @example `const id = 'sub1' as SubscriptionId;` */
export type SubscriptionId = Id<'subscription'>;
/** Id of a User. @example `const id = 'u1' as UserId;` */
export type UserId = Id<'user'>;
/** Id of a Team. @example `const id = 'team1' as TeamId;` */
export type TeamId = Id<'team'>;
/** Id of a LoyaltyTransaction. @example `const id = 'lt1' as LoyaltyTransactionId;` */
export type LoyaltyTransactionId = Id<'loyaltyTransaction'>;
/** Id of a Referral. @example `const id = 'ref1' as ReferralId;` */
export type ReferralId = Id<'referral'>;

/**
 * Makes new ids. Inject one to get deterministic ids in tests; the default is
 * {@link randomIdGenerator} (`crypto.randomUUID`).
 *
 * @example
 * ```ts
 * const ids: IdGenerator = { next: (kind) => `${kind}-1` };
 * ```
 */
export interface IdGenerator {
  /** Returns a new, unique id for an entity of `kind`. */
  next(kind: EntityKind): string;
}

/**
 * The default {@link IdGenerator}: RFC 4122 version-4 UUIDs from the Web Crypto API
 * (`globalThis.crypto.randomUUID`), available in Node 20+ and every current browser.
 *
 * @throws CrmError `validation_failed` from `next()` when the runtime has no `crypto.randomUUID` (pass an
 * `IdGenerator` in the context then).
 *
 * @example
 * ```ts
 * randomIdGenerator().next('lead'); //=> a new random UUID, such as '3b241101-e2bb-4255-8caf-4136c566a962'
 * ```
 */
export function randomIdGenerator(): IdGenerator {
  return {
    next() {
      const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
      if (typeof c?.randomUUID !== 'function') {
        throw new CrmError(
          'validation_failed',
          'globalThis.crypto.randomUUID is not available in this runtime; pass an IdGenerator in the context',
          { issues: [{ path: ['ids'], message: 'no crypto.randomUUID', code: 'invalid_type' }] },
        );
      }
      return c.randomUUID();
    },
  };
}

/**
 * A deterministic {@link IdGenerator} for tests and reproducible examples: `prefix-kind-1`,
 * `prefix-kind-2`, … counting per kind.
 *
 * Never throws.
 *
 * @example
 * ```ts
 * const ids = sequentialIdGenerator();
 * ids.next('lead'); //=> 'lead-1'
 * ids.next('lead'); //=> 'lead-2'
 * ids.next('deal'); //=> 'deal-1'
 * ```
 */
export function sequentialIdGenerator(prefix = ''): IdGenerator {
  const counters = new Map<string, number>();
  return {
    next(kind) {
      const n = (counters.get(kind) ?? 0) + 1;
      counters.set(kind, n);
      return `${prefix}${prefix === '' ? '' : '-'}${kind}-${n}`;
    },
  };
}
