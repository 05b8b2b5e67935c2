/**
 * The condition a query is ANDed with so that it returns exactly what `can` allows.
 *
 * @module
 */
import type { EntityKind } from '../core/ids.js';
import { CrmError } from '../core/errors.js';
import { checkOptionKeys, crmIssue, invalidInput, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { conditionToJSON, defineCondition, MAX_LIST_VALUES, type Condition } from '../conditions/define.js';
import type { ConditionJson } from '../conditions/types.js';
import type { AccessPolicy } from './defineAccessPolicy.js';
import type { AccessAction, AccessUser } from './types.js';
import { checkCall, refusal } from './can.js';
import { checkUser, shareTeam, type CheckedUser } from './_user.js';
import { sourcesFor } from './_grants.js';

/**
 * Options of {@link accessCondition}:
 * - `users`: the users of the tenant (the acting user may be among them). A `team` level needs the ids
 *   of the users who share a team with the acting user, and the hierarchy the ids of the users whose
 *   roles are below it; without `users` those grant only what `own` would (as {@link can} without
 *   `owner`).
 * - `tenantId`: the tenant of the context; a user whose `tenantId` differs gets a condition that
 *   matches nothing.
 *
 * @example
 * ```ts
 * const o: AccessConditionOptions = { users: [{ id: 'user-2', role: 'sales', teamIds: ['north'] }] };
 * ```
 */
export interface AccessConditionOptions {
  readonly users?: readonly AccessUser[] | null;
  readonly tenantId?: string | null;
}

const NOTHING: ConditionJson = { any: [] };

/**
 * The condition (in the condition language, on `kind`'s fields) that selects exactly the records
 * {@link can} lets `user` do `action` on, given the same owner information: `can(…, { owner })` with
 * the owner found in `options.users` agrees with `evaluateCondition(accessCondition(…, { users }), record,
 * { user })` on every record. A store ANDs it with a query's `where` (and passes `context: { user }`,
 * which the policy's `$ref` values read), so a page of 50 records is computed in the database:
 * - `all` gives `{ all: [] }`; `own` `ownerId eq <user id>`; `team` `ownerId in [<user id>, <ids of the
 *   users sharing a team>]`; a condition level its condition;
 * - the hierarchy `ownerId in [<ids of the users whose role is below and may act on their own records>]`;
 * - each sharing rule that names the user's role or a team of the user its `where`;
 * - all of them in one `any` (lists of ids past {@link MAX_LIST_VALUES} are split); no grant at all
 *   gives `{ any: [] }`, which matches nothing.
 *
 * A user that is not a user, an inactive one, or one of another tenant than `options.tenantId` gets
 * `{ any: [] }` (an ok Result: nothing to see, as `can` refuses). `options.users` with an entry that is
 * not a user, or an id twice, is a `validation_failed` error; so is a combined condition past the
 * condition language's limits.
 *
 * @throws CrmError `validation_failed` for a call no type-correct program makes: a policy not made by
 * {@link defineAccessPolicy}, an unknown action or kind.
 *
 * @example
 * ```ts
 * const policy = unwrap(defineAccessPolicy({ defaults: {}, roles: { sales: { deal: { read: 'team' } } } }));
 * const me = { id: 'user-1', role: 'sales' as const, teamIds: ['north'] };
 * const users = [me, { id: 'user-2', role: 'sales' as const, teamIds: ['north'] }, { id: 'user-3', role: 'sales' as const, teamIds: ['south'] }];
 * const c = unwrap(accessCondition(policy, me, 'deal', 'read', { users }));
 * conditionToJSON(c); //=> { any: [{ field: 'ownerId', op: 'in', value: ['user-1', 'user-2'] }] }
 * ```
 */
export function accessCondition(
  policy: AccessPolicy,
  user: AccessUser,
  kind: EntityKind,
  action: AccessAction,
  options?: AccessConditionOptions | null,
): Result<Condition> {
  const call = checkCall('accessCondition', policy, action, kind);
  try {
    const bad = checkOptionKeys(options, ['users', 'tenantId'], ['options']);
    if (bad.length > 0) return err(invalidInput('accessCondition options', bad));
    const tenantId = options?.tenantId;
    if (tenantId !== undefined && tenantId !== null && typeof tenantId !== 'string')
      return err(
        invalidInput('accessCondition options', [
          crmIssue.invalidType(['options', 'tenantId'], 'a tenant id', tenantId),
        ]),
      );
    const users = checkUsers(options?.users);
    if (!Array.isArray(users)) return err(users);
    const u = checkUser(user);
    if (refusal(u, tenantId) !== undefined) return define(NOTHING, call.kind);
    const me = u as CheckedUser;
    const parts: ConditionJson[] = [];
    const ids = (list: readonly string[]) => {
      for (let i = 0; i < list.length; i += MAX_LIST_VALUES)
        parts.push({ field: 'ownerId', op: 'in', value: list.slice(i, i + MAX_LIST_VALUES) });
    };
    for (const s of sourcesFor(call.compiled, me, call.kind, call.action)) {
      if (s.from === 'default' || s.from === 'role') {
        const g = s.grant;
        if (g.level === 'all') return define({ all: [] }, call.kind);
        if (g.level === 'own') parts.push({ field: 'ownerId', op: 'eq', value: me.id });
        else if (g.level === 'team')
          ids([me.id, ...users.filter((o) => o.id !== me.id && shareTeam(me.teamIds, o.teamIds)).map((o) => o.id)]);
        else if (g.level === 'condition') parts.push(conditionToJSON(g.condition) as ConditionJson);
      } else if (s.from === 'hierarchy') {
        const below = users.filter((o) => o.id !== me.id && s.below.includes(o.role)).map((o) => o.id);
        if (below.length > 0) ids(below);
      } else parts.push(conditionToJSON(s.condition) as ConditionJson);
    }
    return define({ any: parts }, call.kind);
  } catch (e) {
    if (e instanceof CrmError) return err(e);
    return err(
      invalidInput('accessCondition', [
        crmIssue.of('invalid_type', [], `the input could not be read: ${e instanceof Error ? e.message : String(e)}`),
      ]),
    );
  }
}

function define(json: ConditionJson, kind: string): Result<Condition> {
  return defineCondition(json, { entity: kind });
}

function checkUsers(v: unknown): CheckedUser[] | CrmError {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v))
    return invalidInput('accessCondition options', [
      crmIssue.invalidType(['options', 'users'], 'an array of users', v),
    ]);
  const issues = new IssueList();
  const out: CheckedUser[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < v.length && !issues.full; i++) {
    const u = checkUser(v[i]);
    if (typeof u === 'string') {
      issues.push(crmIssue.of('invalid_actor', ['options', 'users', i], u));
      continue;
    }
    const first = seen.get(u.id);
    if (first !== undefined)
      issues.push(crmIssue.duplicate(['options', 'users', i], 'user id', u.id, ['options', 'users', first]));
    else seen.set(u.id, i);
    out.push(u);
  }
  return issues.count > 0 ? issues.error('accessCondition options') : out;
}
