/**
 * The acting user and record owners, read defensively (internal).
 *
 * @module
 */
import { USER_ROLES } from '../entities/enums.js';
import type { ConditionUser } from '../conditions/types.js';
import { quoteValue } from '../_lib/show.js';

/** A user after the light check: what access reads. */
export interface CheckedUser {
  readonly id: string;
  readonly role: string;
  readonly teamIds: readonly string[];
  readonly active: boolean;
  readonly tenantId: string | undefined;
  /** The user as the condition language sees it (`$ref: 'user.…'`). */
  readonly asConditionUser: ConditionUser;
}

const ROLES: readonly string[] = USER_ROLES;

function isText(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && !/\u0000|\p{Cs}/u.test(v);
}

/**
 * Reads the fields access needs from a user: `id` (text), `role` (a `User.role` value), `teamIds` (text
 * list, missing = none), `active` (boolean, missing = active), `tenantId` (text, optional). Returns
 * why it is not a user instead of throwing (a getter that throws included).
 */
export function checkUser(user: unknown): CheckedUser | string {
  try {
    if (typeof user !== 'object' || user === null || Array.isArray(user))
      return `the user is not an object (${quoteValue(user)})`;
    const u = user as Record<string, unknown>;
    const id = u['id'];
    if (!isText(id)) return `the user's id is not an id (${quoteValue(id)})`;
    const role = u['role'];
    if (typeof role !== 'string' || !ROLES.includes(role)) return `the user's role ${quoteValue(role)} is not a role`;
    const raw = u['teamIds'];
    let teamIds: string[] = [];
    if (raw !== undefined && raw !== null) {
      if (!Array.isArray(raw) || raw.length > 10_000) return `the user's teamIds is not a list of ids`;
      teamIds = Array.from(raw as unknown[], (t) => t as string);
      if (!teamIds.every(isText)) return `the user's teamIds is not a list of ids`;
    }
    const active = u['active'];
    if (active !== undefined && typeof active !== 'boolean') return `the user's active flag is not a boolean`;
    const tenantId = u['tenantId'];
    if (tenantId !== undefined && !isText(tenantId)) return `the user's tenantId is not an id`;
    const email = u['email'];
    const frozenTeams = Object.freeze(teamIds);
    return Object.freeze({
      id,
      role,
      teamIds: frozenTeams,
      active: active !== false,
      tenantId: tenantId as string | undefined,
      asConditionUser: Object.freeze({
        id,
        role,
        email: typeof email === 'string' ? email : null,
        teamIds: frozenTeams,
      }),
    });
  } catch (e) {
    return `the user could not be read (${e instanceof Error ? e.message : quoteValue(e)})`;
  }
}

/** True when two team lists share a team. */
export function shareTeam(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  const set = new Set(a);
  return b.some((t) => set.has(t));
}
