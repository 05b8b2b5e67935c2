/**
 * Field-level edit checks.
 *
 * @module
 */
import type { EntityKind } from '../core/ids.js';
import { CrmError, type CrmIssue } from '../core/errors.js';
import { crmIssue, invalidInput, MAX_ISSUES } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { quoteValue } from '../_lib/show.js';
import { checkKind, compiledPolicy, type AccessPolicy } from './defineAccessPolicy.js';
import type { AccessUser } from './types.js';
import { checkUser } from './_user.js';
import { refusedFields } from './_fieldRules.js';

const MAX_DEPTH = 64;

/** Structural equality of record values: Dates by instant, arrays and plain objects key by key. */
function same(a: unknown, b: unknown, depth: number): boolean {
  if (Object.is(a, b)) return true;
  if (depth > MAX_DEPTH) return false;
  if (a instanceof Date && b instanceof Date) return Object.is(a.getTime(), b.getTime());
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Date || b instanceof Date) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka)
    if (!Object.hasOwn(b, k) || !same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], depth + 1))
      return false;
  return true;
}

function read(record: unknown, field: string): unknown {
  const r = record as Record<string, unknown>;
  if (!field.startsWith('customFields.')) return Object.hasOwn(r, field) ? r[field] : undefined;
  const cf = Object.hasOwn(r, 'customFields') ? r['customFields'] : undefined;
  if (typeof cf !== 'object' || cf === null) return undefined;
  const key = field.slice('customFields.'.length);
  return Object.hasOwn(cf, key) ? (cf as Record<string, unknown>)[key] : undefined;
}

/**
 * Checks that an update from `before` to `after` changes no field `user` may not edit (a field listed
 * `false` for the user's role under `edit` or under `read`: a field one may not read cannot be edited).
 * A field counts as changed when its values differ structurally (Dates by instant, arrays and objects key
 * by key; a field added or removed is changed); `customFields.<key>` rules compare that key only.
 *
 * Gives the names of the restricted fields checked and left unchanged (`[]` when the role has no edit
 * restriction), or a `forbidden` error with one `immutable_field` issue per field changed, its path
 * the field's (`['amount']`, `['customFields', 'margin']`) and its message naming the role. Whether the
 * record may be edited at all is {@link can}'s question; this one is about fields only.
 *
 * Never throws for its data: a user that is not a user or an inactive user is `forbidden` (an
 * `invalid_actor` issue); `before` or `after` not an object, or unreadable, is `validation_failed`.
 *
 * @throws CrmError `validation_failed` for a call no type-correct program makes: a policy not made by
 * {@link defineAccessPolicy}, an unknown kind.
 *
 * @example
 * ```ts
 * const policy = unwrap(defineAccessPolicy({ defaults: { deal: { edit: 'all' } }, roles: {}, fields: { deal: { amount: { edit: { sales: false } } } } }));
 * const rep = { id: 'user-1', role: 'sales' as const };
 * const before = { id: 'd1', name: 'Acme', amount: { amount: '5000', currency: 'EUR' } };
 * checkWritableFields(policy, rep, 'deal', before, { ...before, name: 'Acme GmbH' }).ok; //=> true
 * const r = checkWritableFields(policy, rep, 'deal', before, { ...before, amount: { amount: '9000', currency: 'EUR' } });
 * if (!r.ok) r.error.issues[0]?.path; //=> ['amount']
 * ```
 */
export function checkWritableFields(
  policy: AccessPolicy,
  user: AccessUser,
  kind: EntityKind,
  before: object,
  after: object,
): Result<readonly string[]> {
  const compiled = compiledPolicy(policy, 'checkWritableFields');
  const k = checkKind(kind, 'checkWritableFields');
  try {
    const bad: CrmIssue[] = [];
    if (typeof before !== 'object' || before === null || Array.isArray(before))
      bad.push(crmIssue.invalidType(['before'], 'a record (an object)', before));
    if (typeof after !== 'object' || after === null || Array.isArray(after))
      bad.push(crmIssue.invalidType(['after'], 'a record (an object)', after));
    if (bad.length > 0) return err(invalidInput('checkWritableFields', bad));
    const u = checkUser(user);
    if (typeof u === 'string' || !u.active) {
      const why = typeof u === 'string' ? u : `user ${quoteValue(u.id)} is inactive`;
      return err(
        new CrmError('forbidden', `Update refused: ${why}`, { issues: [crmIssue.of('invalid_actor', ['user'], why)] }),
      );
    }
    const fields = refusedFields(compiled, u.role, k, 'edit');
    const issues: CrmIssue[] = [];
    for (const f of fields)
      if (!same(read(before, f), read(after, f), 0) && issues.length < MAX_ISSUES)
        issues.push(
          crmIssue.of(
            'immutable_field',
            f.startsWith('customFields.') ? ['customFields', f.slice('customFields.'.length)] : [f],
            `role ${u.role} may not edit field ${f} of a ${k}`,
          ),
        );
    if (issues.length > 0)
      return err(
        new CrmError(
          'forbidden',
          `Update refused: role ${u.role} may not edit ${issues.map((i) => i.path.join('.')).join(', ')} of a ${k}`,
          {
            issues,
          },
        ),
      );
    return ok(Object.freeze(fields));
  } catch (e) {
    return err(
      invalidInput('checkWritableFields', [
        crmIssue.of(
          'invalid_type',
          [],
          `the records could not be read: ${e instanceof Error ? e.message : quoteValue(e)}`,
        ),
      ]),
    );
  }
}
