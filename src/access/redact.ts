/**
 * Field redaction.
 *
 * @module
 */
import type { EntityKind } from '../core/ids.js';
import { CrmError, argumentError } from '../core/errors.js';
import { checkKind, compiledPolicy, type AccessPolicy } from './defineAccessPolicy.js';
import type { AccessUser } from './types.js';
import { checkUser } from './_user.js';
import { refusedFields, splitFields } from './_fieldRules.js';

/**
 * A copy of `record` without the fields `user` may not read by the policy's field rules (a field listed
 * `false` for the user's role under `read`; `customFields.<key>` drops that key of `customFields`). The
 * copy is frozen (its top level and its `customFields`; other nested values are the record's own, not
 * copied), typed as a partial record. The record itself is never changed.
 *
 * A user that is not a user (see {@link can}) or an inactive user may read nothing: the result is `{}`.
 * Redaction says nothing of whether the record may be read at all: ask {@link can} first.
 *
 * @throws CrmError `validation_failed` for a call no type-correct program makes: a policy not made by
 * {@link defineAccessPolicy}, an unknown kind, a record that is not an object.
 *
 * @example
 * ```ts
 * const policy = unwrap(defineAccessPolicy({ defaults: { deal: { read: 'all' } }, roles: {}, fields: { deal: { amount: { read: { support: false } } } } }));
 * const deal = { id: 'd1', name: 'Acme', amount: { amount: '5000', currency: 'EUR' } };
 * redact(policy, { id: 'user-5', role: 'support' }, 'deal', deal); //=> { id: 'd1', name: 'Acme' }
 * ```
 */
export function redact<R extends object>(
  policy: AccessPolicy,
  user: AccessUser,
  kind: EntityKind,
  record: R,
): Readonly<Partial<R>> {
  const compiled = compiledPolicy(policy, 'redact');
  const k = checkKind(kind, 'redact');
  if (typeof record !== 'object' || record === null || Array.isArray(record))
    throw argumentError('redact', ['record'], 'a record (an object)', record);
  const u = checkUser(user);
  if (typeof u === 'string' || !u.active) return Object.freeze({}) as Readonly<Partial<R>>;
  const { top, custom } = splitFields(refusedFields(compiled, u.role, k, 'read'));
  try {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record)) {
      if (top.has(key)) continue;
      let value = (record as Record<string, unknown>)[key];
      if (
        key === 'customFields' &&
        custom.size > 0 &&
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value)
      ) {
        const cf: Record<string, unknown> = {};
        for (const c of Object.keys(value)) if (!custom.has(c)) cf[c] = (value as Record<string, unknown>)[c];
        value = Object.freeze(cf);
      }
      Object.defineProperty(out, key, { value, enumerable: true });
    }
    return Object.freeze(out) as Readonly<Partial<R>>;
  } catch (e) {
    throw new CrmError(
      'validation_failed',
      `redact: the record could not be read: ${e instanceof Error ? e.message : String(e)}`,
      {
        issues: [{ path: ['record'], message: 'the record could not be read', code: 'invalid_type' }],
      },
    );
  }
}
