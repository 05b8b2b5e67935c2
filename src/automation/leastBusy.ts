/**
 * Least-busy assignment, pure: the user with the fewest open items.
 *
 * @module
 */
import { argumentError } from '../core/errors.js';
import { userIds } from './roundRobin.js';

/**
 * Picks the user with the fewest open items (`openCounts[userId]`, 0 when missing); ties go to the
 * smallest id (by Unicode code point), so the answer never depends on the order of the list. An empty
 * list picks no one (`userId: null`). Inputs are not touched.
 *
 * @param users - The user ids to choose from (repeats are ignored).
 * @param openCounts - Open items per user id (non-negative finite numbers).
 * @returns The user chosen.
 * @throws CrmError `validation_failed` when `users` is not a list of texts or a count is not a
 * non-negative finite number (a call no type-correct program makes).
 * @example
 * ```ts
 * leastBusy(['u1', 'u2', 'u3'], { u1: 4, u2: 1, u3: 1 }); //=> { userId: 'u2' }
 * leastBusy(['u1', 'u2'], {}).userId; //=> 'u1'
 * ```
 */
export function leastBusy(
  users: readonly string[],
  openCounts: Readonly<Record<string, number>>,
): { readonly userId: string | null } {
  const ids = userIds('leastBusy', users);
  if (typeof openCounts !== 'object' || openCounts === null || Array.isArray(openCounts))
    throw argumentError('leastBusy', ['openCounts'], 'open items per user id (an object)', openCounts);
  let best: string | null = null;
  let bestCount = Infinity;
  for (const id of ids) {
    const n = Object.hasOwn(openCounts, id) ? openCounts[id] : 0;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0)
      throw argumentError('leastBusy', ['openCounts', id], 'a non-negative finite number of open items', n);
    if (n < bestCount) {
      best = id;
      bestCount = n;
    }
  }
  return Object.freeze({ userId: best });
}
