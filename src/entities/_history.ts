/**
 * Private: the state history a Contact (`lifecycleHistory`) and a Lead (`statusHistory`) keep, as a
 * Deal keeps `stageHistory` and a Ticket `statusHistory`: one entry per move, filled at creation,
 * in time order, each starting where the previous ended, the last ending in the current value.
 *
 * @module
 */
import * as z from 'zod';
import type { PathSegment } from '../core/errors.js';
import { instantSchema, optionalText } from './fields.js';

/** The schema of one history entry over the states `states`. */
export function historyEntrySchema<const S extends readonly [string, ...string[]]>(states: S) {
  const state = z.enum(states);
  return z.strictObject({
    from: state.nullable(),
    to: state,
    at: instantSchema,
    by: optionalText(200),
    reason: optionalText(2000),
    /** True when the move was made with `force`: outside the machine, or backwards. */
    forced: z.boolean().default(false),
    /**
     * Present (`true`) on a re-entry: a move out of a terminal state the machine allows (a churned
     * customer buying again, an unqualified lead re-engaging), made without force. Absent otherwise.
     */
    reentry: z.literal(true).optional(),
  });
}

/** One entry as the checks read it. */
interface Entry {
  readonly from: string | null;
  readonly to: string;
  readonly at: Date;
  readonly forced?: boolean;
  readonly reentry?: true;
}

/**
 * Reports what is wrong with a history: not in time order, an entry not starting where the previous
 * ended, a first entry before the record's creation, a last entry not ending in `current`
 * (`transition` names the function that changes it), a re-entry that is forced or first.
 */
export function historyIssues(
  history: readonly Entry[],
  field: string,
  current: string,
  createdAt: Date,
  what: string,
  transition: string,
  issue: (path: PathSegment[], message: string, code?: string) => void,
): void {
  const last = history[history.length - 1];
  if (last !== undefined && last.to !== current)
    issue(
      [field, history.length - 1, 'to'],
      `The last history entry moves to '${last.to}' but the ${what} is '${current}' (change it with ${transition})`,
      'inconsistent_history',
    );
  const first = history[0];
  if (first !== undefined && first.at.getTime() < createdAt.getTime())
    issue([field, 0, 'at'], `The history cannot precede the ${what}'s creation`, 'before_creation');
  history.forEach((e, i) => {
    if (e.reentry === true && (e.forced === true || e.from === null))
      issue(
        [field, i, 'reentry'],
        e.from === null
          ? 'The first entry of a history is no re-entry'
          : 'A re-entry is a move the machine allows, never a forced one',
        'inconsistent_history',
      );
  });
  for (let i = 1; i < history.length; i++) {
    const prev = history[i - 1]!;
    const cur = history[i]!;
    if (cur.at.getTime() < prev.at.getTime())
      issue([field, i, 'at'], 'The history must be in time order', 'out_of_order');
    if (cur.from !== prev.to)
      issue(
        [field, i, 'from'],
        `Entry ${i} moves from '${cur.from ?? 'null'}' but entry ${i - 1} ended in '${prev.to}'`,
        'inconsistent_history',
      );
  }
}

/** The first history entry of a new record: into `state` at its creation. */
export function firstEntry(state: unknown, at: unknown, actor: string | undefined): Record<string, unknown> {
  return { from: null, to: state, at, by: actor ?? null, reason: null, forced: false };
}
