/**
 * What a guarded store knows of its acting user in one tenant: the user as stored, the users whose
 * records team levels and the hierarchy reach, and (lazily) the access condition of each kind and action.
 *
 * @module
 */
import type { EntityKind } from '../core/ids.js';
import { CrmError } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import type { Condition } from '../conditions/define.js';
import { compileCondition } from '../conditions/evaluate.js';
import type { ConditionJson } from '../conditions/types.js';
import type { Repositories, StoreContext } from '../repository/ports.js';
import { MAX_LIMIT } from '../repository/query.js';
import { quoteValue } from '../_lib/show.js';
import type { User } from '../entities/index.js';
import { compiledPolicy, type AccessPolicy } from './defineAccessPolicy.js';
import { accessCondition } from './accessCondition.js';
import { refusedFields, splitFields } from './_fieldRules.js';
import { checkUser, type CheckedUser } from './_user.js';
import type { AccessAction, AccessUser } from './types.js';

/** The acting user's access in one tenant. */
export interface Scope {
  readonly user: CheckedUser;
  /** The users team levels and the hierarchy may reach (a superset; `accessCondition` picks exactly). */
  readonly reach: ReadonlyMap<string, User>;
  /** The condition selecting the records of `kind` the user may do `action` on. */
  condition(kind: EntityKind, action: AccessAction): Result<Condition>;
  /** The same as a predicate on one record. */
  allows(kind: EntityKind, action: AccessAction, record: object): Result<boolean>;
  /** The fields of `kind` the user may not read: top-level names and custom-field keys. */
  unreadable(kind: EntityKind): { readonly top: ReadonlySet<string>; readonly custom: ReadonlySet<string> };
}

/** A `forbidden` error about the acting user itself. */
export function actorError(message: string): CrmError {
  return new CrmError('forbidden', `Access refused: ${message}`, {
    issues: [crmIssue.of('invalid_actor', ['user'], message)],
  });
}

function sameTeams(a: readonly string[], b: readonly string[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((t, i) => t === y[i]);
}

/**
 * Reads the acting user in the context's tenant and checks it against the user given to `withAccess`:
 * a user that is not a user, inactive, of another tenant, missing from the tenant's users, or whose
 * role, teams or active flag differ from the stored user's is refused with `forbidden`.
 */
export async function resolveScope(
  repos: Repositories,
  ctx: StoreContext,
  policy: AccessPolicy,
  given: AccessUser,
): Promise<Result<Scope>> {
  const checked = checkUser(given);
  if (typeof checked === 'string') return err(actorError(checked));
  if (!checked.active) return err(actorError(`user ${quoteValue(checked.id)} is inactive`));
  if (checked.tenantId !== undefined && checked.tenantId !== ctx.tenantId)
    return err(
      actorError(
        `the user belongs to tenant ${quoteValue(checked.tenantId)}, not to the context's tenant ${quoteValue(ctx.tenantId)}`,
      ),
    );
  if (ctx.actor !== undefined && ctx.actor !== checked.id)
    return err(
      actorError(`the context's actor ${quoteValue(ctx.actor)} is not the acting user ${quoteValue(checked.id)}`),
    );
  const found = await repos.users.get(ctx, checked.id as User['id']);
  if (!found.ok) return found;
  const stored = found.value;
  if (stored === null)
    return err(actorError(`user ${quoteValue(checked.id)} is not a user of tenant ${quoteValue(ctx.tenantId)}`));
  const differs: string[] = [];
  if (stored.role !== checked.role)
    differs.push(`role ${quoteValue(checked.role)} given, ${quoteValue(stored.role)} stored`);
  if (!sameTeams(stored.teamIds, checked.teamIds))
    differs.push(`teamIds ${quoteValue(checked.teamIds)} given, ${quoteValue(stored.teamIds)} stored`);
  if (!stored.active) differs.push('the stored user is inactive');
  if (differs.length > 0)
    return err(
      actorError(`the user given is not user ${quoteValue(stored.id)} as stored (${differs.join('; ')}): reload it`),
    );
  const me = checkUser({ ...stored, tenantId: ctx.tenantId }) as CheckedUser;
  const reach = await reachable(repos, ctx, policy, me);
  if (!reach.ok) return reach;
  return ok(scopeOf(policy, me, reach.value, ctx.tenantId));
}

/** The users who share a team with `me` or whose role is below `me`'s: the only owners team levels and the hierarchy reach. */
async function reachable(
  repos: Repositories,
  ctx: StoreContext,
  policy: AccessPolicy,
  me: CheckedUser,
): Promise<Result<ReadonlyMap<string, User>>> {
  const below = [...(compiledPolicy(policy, 'withAccess').below.get(me.role) ?? [])];
  const parts: ConditionJson<User>[] = me.teamIds.map((t) => ({ field: 'teamIds', op: 'contains', value: t }));
  if (below.length > 0) parts.push({ field: 'role', op: 'in', value: below });
  const out = new Map<string, User>();
  if (parts.length === 0) return ok(out);
  let cursor: string | null = null;
  do {
    const page = await repos.users.find(ctx, { where: { any: parts }, limit: MAX_LIMIT, cursor });
    if (!page.ok) return page;
    for (const u of page.value.items) if (u.id !== me.id) out.set(u.id, u);
    cursor = page.value.nextCursor;
  } while (cursor !== null);
  return ok(out);
}

function scopeOf(policy: AccessPolicy, me: CheckedUser, reach: ReadonlyMap<string, User>, tenantId: string): Scope {
  const users = [...reach.values()];
  const conditions = new Map<string, Result<Condition>>();
  const predicates = new Map<string, (record: object) => boolean>();
  const fields = new Map<string, { top: Set<string>; custom: Set<string> }>();
  const context = Object.freeze({ user: me.asConditionUser });
  const condition = (kind: EntityKind, action: AccessAction): Result<Condition> => {
    const key = `${kind}:${action}`;
    let c = conditions.get(key);
    if (c === undefined) {
      c = accessCondition(policy, me, kind, action, { users, tenantId });
      conditions.set(key, c);
    }
    return c;
  };
  return Object.freeze({
    user: me,
    reach,
    condition,
    allows(kind: EntityKind, action: AccessAction, record: object): Result<boolean> {
      const key = `${kind}:${action}`;
      let p = predicates.get(key);
      if (p === undefined) {
        const c = condition(kind, action);
        if (!c.ok) return c;
        p = compileCondition<object>(c.value, context);
        predicates.set(key, p);
      }
      return ok(p(record));
    },
    unreadable(kind: EntityKind) {
      let f = fields.get(kind);
      if (f === undefined) {
        f = splitFields(refusedFields(compiledPolicy(policy, 'withAccess'), me.role, kind, 'read'));
        fields.set(kind, f);
      }
      return f;
    },
  });
}
