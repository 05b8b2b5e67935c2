/**
 * Round-robin assignment, pure: the next user after the one chosen last.
 *
 * @module
 */
import { argumentError } from '../core/errors.js';
import { compareText } from '../conditions/values.js';
import type { RoundRobinState } from './workflow.js';

/** A sorted copy of user ids without repeats (by code point); throws for what is not a list of ids. */
export function userIds(fn: string, users: unknown): string[] {
  if (!Array.isArray(users)) throw argumentError(fn, ['users'], 'a list of user ids', users);
  for (let i = 0; i < users.length; i++)
    if (typeof users[i] !== 'string') throw argumentError(fn, ['users', i], 'a user id (text)', users[i]);
  return [...new Set(users as string[])].sort(compareText);
}

/**
 * Picks the next user in turn. Users are taken in the order of their ids (Unicode code points), so the
 * order of the list does not matter; the state remembers only the id chosen last, and the next pick is
 * the first id after it (wrapping around). That keeps the rotation stable when users come and go: a
 * user added joins the rotation at their place in id order, a user removed is skipped, and nobody who
 * was due is passed over. The first call (`state` undefined) picks the smallest id. An empty list picks
 * no one (`userId: null`, the state unchanged). Inputs are not touched; the state is frozen.
 *
 * @param users - The user ids to rotate over (repeats are ignored).
 * @param state - The state the previous call returned, or `undefined` on the first call.
 * @returns The user chosen and the state to pass next time.
 * @throws CrmError `validation_failed` when `users` is not a list of texts or `state` is neither
 * `undefined` nor a state `{ last }` (a call no type-correct program makes).
 * @example
 * ```ts
 * const first = roundRobin(['u2', 'u1', 'u3'], undefined); //=> { userId: 'u1', state: { last: 'u1' } }
 * roundRobin(['u1', 'u2', 'u3'], first.state).userId; //=> 'u2'
 * roundRobin(['u1', 'u3'], { last: 'u3' }).userId; //=> 'u1'
 * ```
 */
export function roundRobin(
  users: readonly string[],
  state: RoundRobinState | undefined,
): { readonly userId: string | null; readonly state: RoundRobinState | undefined } {
  const ids = userIds('roundRobin', users);
  if (
    state !== undefined &&
    (typeof state !== 'object' || state === null || typeof (state as { last?: unknown }).last !== 'string')
  )
    throw argumentError('roundRobin', ['state'], 'undefined or a state { last } from roundRobin', state);
  if (ids.length === 0) return Object.freeze({ userId: null, state });
  const last = state?.last;
  const userId = (last === undefined ? undefined : ids.find((id) => compareText(id, last) > 0)) ?? ids[0]!;
  return Object.freeze({ userId, state: Object.freeze({ last: userId }) });
}
