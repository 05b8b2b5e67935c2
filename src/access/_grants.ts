/**
 * The grants that apply to a user (internal): what `can` and `accessCondition` both walk, so the two
 * agree by construction.
 *
 * @module
 */
import type { Condition } from '../conditions/define.js';
import type { CompiledPolicy, Grant } from './defineAccessPolicy.js';
import type { AccessAction } from './types.js';
import type { CheckedUser } from './_user.js';

/** One source of access for a user, kind and action. */
export type Source =
  | { readonly from: 'default'; readonly grant: Grant }
  | { readonly from: 'role'; readonly role: string; readonly grant: Grant }
  | { readonly from: 'hierarchy'; readonly role: string; readonly below: readonly string[] }
  | { readonly from: 'sharingRule'; readonly id: string; readonly condition: Condition };

/** True when a role (with the defaults) lets an owner act on their own records: `own`, `team` or `all`. */
export function ownsOwn(policy: CompiledPolicy, role: string, kind: string, action: AccessAction): boolean {
  const owns = (g: Grant | undefined) => g !== undefined && g.level !== 'condition';
  return owns(policy.defaults.get(kind)?.get(action)) || owns(policy.roles.get(role)?.get(kind)?.get(action));
}

/** Every source that may grant `action` on `kind` to `user`, in a fixed order. */
export function sourcesFor(policy: CompiledPolicy, user: CheckedUser, kind: string, action: AccessAction): Source[] {
  const out: Source[] = [];
  const d = policy.defaults.get(kind)?.get(action);
  if (d !== undefined) out.push({ from: 'default', grant: d });
  const r = policy.roles.get(user.role)?.get(kind)?.get(action);
  if (r !== undefined) out.push({ from: 'role', role: user.role, grant: r });
  const below = [...(policy.below.get(user.role) ?? [])].filter((b) => ownsOwn(policy, b, kind, action));
  if (below.length > 0) out.push({ from: 'hierarchy', role: user.role, below });
  for (const rule of policy.rules)
    if (
      rule.kind === kind &&
      rule.actions.has(action) &&
      (rule.role === user.role || (rule.team !== undefined && user.teamIds.includes(rule.team)))
    )
      out.push({ from: 'sharingRule', id: rule.id, condition: rule.condition });
  return out;
}
