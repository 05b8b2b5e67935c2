/**
 * Registers a rule's or model's duplicate finder with core, so that `convertLead` (entities) can check a
 * new contact or account for duplicates with it.
 *
 * @module
 */
import { registerDuplicateFinder } from '../core/duplicateFinders.js';
import { ok } from '../core/result.js';
import { findDuplicates } from './findDuplicates.js';
import type { Matcher } from './types.js';

/** Registers `findDuplicates` with this matcher as the matcher's finder. */
export function registerFinder(matcher: Matcher): void {
  registerDuplicateFinder(matcher, {
    object: matcher.object,
    find: (candidate, existing) => {
      const r = findDuplicates(matcher, candidate as { id: string }, existing as readonly { id: string }[]);
      return r.ok ? ok(r.value.candidates.map((c) => ({ id: c.id, score: c.score }))) : r;
    },
  });
}
