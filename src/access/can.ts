/**
 * Access decisions with their reasons.
 *
 * @module
 */
import type { EntityKind } from '../core/ids.js';
import { CrmError } from '../core/errors.js';
import { checkOptionKeys, invalidInput } from '../core/issues.js';
import { crmIssue } from '../core/issues.js';
import { evaluateCondition } from '../conditions/evaluate.js';
import { quoteValue } from '../_lib/show.js';
import { checkKind, compiledPolicy, type AccessPolicy, type Grant } from './defineAccessPolicy.js';
import { ACCESS_ACTIONS, type AccessAction, type AccessUser } from './types.js';
import { checkUser, shareTeam, type CheckedUser } from './_user.js';
import { sourcesFor, type Source } from './_grants.js';

/**
 * What allowed an action: a named level (`all`, `team`, `own`), a `condition` level, the role
 * `hierarchy`, a `sharing` rule — or `none`.
 *
 * @example
 * ```ts
 * const l: AccessDecisionLevel = 'hierarchy';
 * ```
 */
export type AccessDecisionLevel = 'all' | 'team' | 'own' | 'condition' | 'hierarchy' | 'sharing' | 'none';

/**
 * Why a decision came out as it did, as data:
 * - `source`: `default`, `role`, `hierarchy` or `sharingRule` for the source that allowed it (the most
 *   permissive one); for a refusal `noGrant` (no source allows it), `inactiveUser`, `invalidUser` (the user
 *   is not a user: no id, an unknown role, …), `otherTenant` (the user's `tenantId` is not the context's)
 *   or `invalidRecord` (the record is not an object);
 * - `role`: the role whose grant or hierarchy applied; `ruleId`: the sharing rule; `ownerRole`: the
 *   owner's role, for the hierarchy;
 * - `ownerUnknown`: a `team` level or the hierarchy could have granted it, but no owner information was
 *   given (`options.owner`), so they could not;
 * - `message`: the same in a sentence.
 *
 * @example
 * ```ts
 * const b: AccessBecause = { source: 'role', role: 'sales', ownerUnknown: false, message: "role sales allows read of its own deal records" };
 * ```
 */
export interface AccessBecause {
  readonly source:
    | 'default'
    | 'role'
    | 'hierarchy'
    | 'sharingRule'
    | 'noGrant'
    | 'inactiveUser'
    | 'invalidUser'
    | 'otherTenant'
    | 'invalidRecord';
  readonly role?: string;
  readonly ruleId?: string;
  readonly ownerRole?: string;
  readonly ownerUnknown: boolean;
  readonly message: string;
}

/**
 * The answer of {@link can}: frozen.
 *
 * @example
 * ```ts
 * const d: AccessDecision = { allowed: false, level: 'none', because: { source: 'noGrant', ownerUnknown: false, message: 'nothing allows it' } };
 * ```
 */
export interface AccessDecision {
  readonly allowed: boolean;
  readonly level: AccessDecisionLevel;
  readonly because: AccessBecause;
}

/**
 * Options of {@link can}:
 * - `owner`: the record's owner — a user, or a function from an owner id to the user (or `null` when
 *   unknown). Needed by `team` levels (does the owner share a team with the user?) and by the hierarchy
 *   (is the owner's role below the user's?); without it those grant only what `own` would.
 * - `tenantId`: the tenant of the context; a user whose `tenantId` differs gets nothing.
 *
 * @example
 * ```ts
 * const o: CanOptions = { owner: (id) => (id === 'user-2' ? { id: 'user-2', role: 'sales', teamIds: ['north'] } : null) };
 * ```
 */
export interface CanOptions {
  /**
   * The record's owner (a user), or a function from the owner's id to the user: what `team` and
   * hierarchy levels read (the owner's teams and role). Without it they cannot grant.
   */
  readonly owner?: AccessUser | ((ownerId: string) => AccessUser | null | undefined) | null;
  /** The tenant of the request: a user whose own `tenantId` differs is refused. */
  readonly tenantId?: string | null;
}

const RANK: Readonly<Record<AccessDecisionLevel, number>> = {
  all: 6,
  team: 5,
  own: 4,
  condition: 3,
  hierarchy: 2,
  sharing: 1,
  none: 0,
};

/** Checks the arguments a type-correct program always gets right. @throws CrmError */
export function checkCall(fn: string, policy: unknown, action: unknown, kind: unknown) {
  const compiled = compiledPolicy(policy, fn);
  if (typeof action !== 'string' || !(ACCESS_ACTIONS as readonly string[]).includes(action))
    throw new CrmError('validation_failed', `${fn}: expected an action; received ${quoteValue(action)}`, {
      issues: [crmIssue.invalidValue(['action'], 'an action', action, ACCESS_ACTIONS)],
    });
  return { compiled, action: action as AccessAction, kind: checkKind(kind, fn) };
}

/** Refusal for a user whose context is wrong, or undefined when the user may be considered. */
export function refusal(user: CheckedUser | string, tenantId: unknown): AccessBecause | undefined {
  if (typeof user === 'string') return { source: 'invalidUser', ownerUnknown: false, message: `refused: ${user}` };
  if (!user.active)
    return { source: 'inactiveUser', ownerUnknown: false, message: `refused: user ${quoteValue(user.id)} is inactive` };
  if (typeof tenantId === 'string' && user.tenantId !== undefined && user.tenantId !== tenantId)
    return {
      source: 'otherTenant',
      ownerUnknown: false,
      message: `refused: the user belongs to tenant ${quoteValue(user.tenantId)}, not to the context's tenant ${quoteValue(tenantId)}`,
    };
  return undefined;
}

function ownerOf(option: CanOptions['owner'], ownerId: unknown): CheckedUser | undefined {
  if (option === undefined || option === null || typeof ownerId !== 'string') return undefined;
  try {
    const found = typeof option === 'function' ? option(ownerId) : option;
    const owner = found === undefined || found === null ? undefined : checkUser(found);
    return typeof owner === 'object' && owner.id === ownerId ? owner : undefined;
  } catch {
    return undefined;
  }
}

/**
 * May `user` do `action` on `record` of `kind`? Every source the policy has is tried — the defaults, the
 * user's role, the role hierarchy, the sharing rules that name the user's role or teams — and the most
 * permissive one that allows it decides (EspoCRM's merge; Salesforce's "nothing below the default"):
 * - `all`: any record; `own`: `record.ownerId` is the user's id; `team`: own, or the owner (from
 *   `options.owner`) shares a team (`User.teamIds`) with the user;
 * - a condition level: the condition holds for the record, with `$ref` values read from the user;
 * - the hierarchy: the owner's role is below the user's and lets the owner act on their own records;
 * - a sharing rule: its `where` holds for the record.
 *
 * The decision explains itself (`because`, see {@link AccessBecause}); the level reported is the most
 * permissive that allowed it (`all` > `team` > `own` > `condition` > `hierarchy` > `sharing`).
 *
 * Bad data never throws and never allows: a user that is not a user (no id, a role that is not a
 * `User.role`, teamIds not a list, …), an inactive user, a user of another tenant than
 * `options.tenantId`, or a record that is not an object get `allowed: false` with the reason; an owner
 * that is not a user, or whose id is not the record's `ownerId`, counts as unknown.
 *
 * @throws CrmError `validation_failed` for a call no type-correct program makes: a policy not made by
 * {@link defineAccessPolicy}, an unknown action or kind, options with unknown keys.
 *
 * @example
 * ```ts
 * const policy = unwrap(
 *   defineAccessPolicy({
 *     defaults: { deal: { read: 'none' } },
 *     roles: { sales: { deal: { read: 'own', edit: 'own' } }, manager: { deal: { read: 'team' } } },
 *   }),
 * );
 * const rep = { id: 'user-1', role: 'sales' as const, teamIds: ['north'], active: true };
 * can(policy, rep, 'read', 'deal', { id: 'd1', ownerId: 'user-1' }).allowed; //=> true
 * can(policy, rep, 'read', 'deal', { id: 'd2', ownerId: 'user-9' }).because.source; //=> 'noGrant'
 * ```
 */
export function can(
  policy: AccessPolicy,
  user: AccessUser,
  action: AccessAction,
  kind: EntityKind,
  record: unknown,
  options?: CanOptions | null,
): AccessDecision {
  const call = checkCall('can', policy, action, kind);
  const bad = checkOptionKeys(options, ['owner', 'tenantId'], ['options']);
  if (bad.length > 0) throw invalidInput('can options', bad);
  const u = checkUser(user);
  const refused = refusal(u, options?.tenantId);
  if (refused !== undefined) return decision(false, 'none', refused);
  const me = u as CheckedUser;
  if (typeof record !== 'object' || record === null || Array.isArray(record))
    return decision(false, 'none', {
      source: 'invalidRecord',
      ownerUnknown: false,
      message: `refused: the record is not an object (${quoteValue(record)})`,
    });
  let ownerId: unknown;
  try {
    ownerId = (record as { ownerId?: unknown }).ownerId;
  } catch {
    ownerId = undefined;
  }
  let owner: CheckedUser | undefined | null = null; // null: not looked up yet
  const getOwner = () => (owner === null ? (owner = ownerOf(options?.owner, ownerId)) : owner);
  let ownerUnknown = false;
  let best: { level: AccessDecisionLevel; because: Omit<AccessBecause, 'ownerUnknown'> } | undefined;
  const what = `${call.action} of`;
  for (const s of sourcesFor(call.compiled, me, call.kind, call.action)) {
    let level: AccessDecisionLevel | undefined;
    let because: Omit<AccessBecause, 'ownerUnknown'> | undefined;
    if (s.from === 'default' || s.from === 'role') {
      level = grantLevel(s.grant, me, record, ownerId, getOwner, () => (ownerUnknown = true));
      if (level !== undefined) {
        const who = s.from === 'default' ? 'the default' : `role ${s.role}`;
        because = {
          source: s.from,
          ...(s.from === 'role' ? { role: s.role } : {}),
          message: `${who} allows ${what} ${phrase(level, call.kind)}`,
        };
      }
    } else if (s.from === 'hierarchy') {
      if (ownerId === me.id) continue; // own records are not the hierarchy's
      const o = getOwner();
      if (o === undefined) ownerUnknown = true;
      else if (s.below.includes(o.role)) {
        level = 'hierarchy';
        because = {
          source: 'hierarchy',
          role: s.role,
          ownerRole: o.role,
          message: `role ${s.role} is above role ${o.role} of the owner, who may ${call.action} their own ${call.kind} records`,
        };
      }
    } else if (holds(s, record, me)) {
      level = 'sharing';
      because = {
        source: 'sharingRule',
        ruleId: s.id,
        message: `sharing rule ${quoteValue(s.id)} grants ${call.action} of this ${call.kind}`,
      };
    }
    if (level !== undefined && because !== undefined && (best === undefined || RANK[level] > RANK[best.level]))
      best = { level, because };
  }
  if (best !== undefined) return decision(true, best.level, { ...best.because, ownerUnknown });
  const note = ownerUnknown ? ' (a team level or the hierarchy could apply, but the owner is unknown)' : '';
  return decision(false, 'none', {
    source: 'noGrant',
    ownerUnknown,
    message: `no default, role, hierarchy or sharing rule allows ${call.action} of this ${call.kind} for role ${me.role}${note}`,
  });
}

function holds(s: Extract<Source, { from: 'sharingRule' }>, record: object, me: CheckedUser): boolean {
  try {
    return evaluateCondition(s.condition, record, { user: me.asConditionUser });
  } catch {
    return false;
  }
}

function grantLevel(
  grant: Grant,
  me: CheckedUser,
  record: object,
  ownerId: unknown,
  owner: () => CheckedUser | undefined,
  unknown: () => void,
): AccessDecisionLevel | undefined {
  switch (grant.level) {
    case 'all':
      return 'all';
    case 'own':
      return ownerId === me.id ? 'own' : undefined;
    case 'team': {
      if (ownerId === me.id) return 'team';
      if (typeof ownerId !== 'string') return undefined;
      const o = owner();
      if (o === undefined) {
        unknown();
        return undefined;
      }
      return shareTeam(me.teamIds, o.teamIds) ? 'team' : undefined;
    }
    case 'condition':
      try {
        return evaluateCondition(grant.condition, record, { user: me.asConditionUser }) ? 'condition' : undefined;
      } catch {
        return undefined;
      }
  }
}

function phrase(level: AccessDecisionLevel, kind: string): string {
  switch (level) {
    case 'all':
      return `every ${kind} record`;
    case 'team':
      return `the ${kind} records of the user's teams`;
    case 'own':
      return `the user's own ${kind} records`;
    default:
      return `the ${kind} records its condition selects`;
  }
}

function decision(allowed: boolean, level: AccessDecisionLevel, because: AccessBecause): AccessDecision {
  return Object.freeze({ allowed, level, because: Object.freeze(because) });
}
