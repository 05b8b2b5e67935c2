/**
 * The fields an import may map columns to.
 *
 * @module
 */

/**
 * The kinds of record `importRows` builds.
 *
 * @example
 * ```ts
 * const k: ImportKind = 'contact';
 * ```
 */
export type ImportKind = 'lead' | 'contact' | 'account';

/**
 * The fields a column of an import may map to, per kind (besides `customFields.<name>`). A contact's
 * `email` and `phone` add an entry to its `emails` and `phones`. Histories, scores, conversion fields
 * and the system fields are not imported.
 *
 * @example
 * ```ts
 * IMPORT_FIELDS.account; //=> ['name', 'domain', 'industry', 'size', 'country', 'ownerId']
 * ```
 */
export const IMPORT_FIELDS: Readonly<Record<ImportKind, readonly string[]>> = /* @__PURE__ */ Object.freeze({
  lead: /* @__PURE__ */ Object.freeze([
    'firstName',
    'lastName',
    'email',
    'phone',
    'company',
    'title',
    'industry',
    'country',
    'website',
    'source',
    'status',
    'qualification',
    'campaignId',
    'ownerId',
  ]),
  contact: /* @__PURE__ */ Object.freeze([
    'firstName',
    'lastName',
    'title',
    'email',
    'phone',
    'accountId',
    'lifecycleStage',
    'ownerId',
  ]),
  account: /* @__PURE__ */ Object.freeze(['name', 'domain', 'industry', 'size', 'country', 'ownerId']),
});
