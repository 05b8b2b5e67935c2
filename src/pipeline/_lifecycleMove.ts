/**
 * Private: what `transitionContactLifecycle` and `transitionLeadStatus` share — reading the options,
 * the time floor of the history, and the check of a move: allowed by the machine (guards run) and
 * forward, unless forced.
 *
 * @module
 */
import { CrmError, type CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue } from '../core/issues.js';
import { quoteValue } from '../_lib/show.js';
import { checkMove, isStageMachine, type StageMachine } from './machine.js';

/** The option keys of a lifecycle transition. */
export const LIFECYCLE_MOVE_KEYS = ['at', 'by', 'reason', 'force', 'machine'] as const;
const BY_MAX = 200;
const REASON_MAX = 2000;

/** The checked options of a move. */
export interface MoveOptions {
  readonly at: Date;
  readonly by: string | null;
  readonly reason: string | null;
  readonly force: boolean;
}

/** The issues of the options (paths under `options`); never throws for plain data. */
export function moveOptionIssues(options: unknown): CrmIssue[] {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    return [crmIssue.invalidType(['options'], 'an object with at (a Date)', options)];
  const issues = checkOptionKeys(options, LIFECYCLE_MOVE_KEYS, ['options']);
  const o = options as Record<string, unknown>;
  const at = o['at'];
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) issues.push(crmIssue.invalidDate(['options', 'at'], at));
  for (const [key, max] of [
    ['by', BY_MAX],
    ['reason', REASON_MAX],
  ] as const) {
    const v = o[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') issues.push(crmIssue.invalidType(['options', key], 'text or null', v));
    else if (v.length > max) issues.push(crmIssue.tooBig(['options', key], 'text', max, true, v.length));
  }
  const force = o['force'];
  if (force !== undefined && force !== null && typeof force !== 'boolean')
    issues.push(crmIssue.invalidType(['options', 'force'], 'a boolean', force));
  const machine = o['machine'];
  if (machine !== undefined && machine !== null && !isStageMachine(machine))
    issues.push(crmIssue.invalidType(['options', 'machine'], 'a StageMachine made by defineStageMachine', machine));
  return issues;
}

/** The options read once (after {@link moveOptionIssues} found nothing). */
export function readMoveOptions(o: {
  readonly at: Date;
  readonly by?: string | null;
  readonly reason?: string | null;
  readonly force?: boolean | null;
}): MoveOptions {
  return {
    at: new Date(o.at.getTime()),
    by: o.by ?? null,
    reason: o.reason?.trim() || null,
    force: o.force === true,
  };
}

/** The refusal of a move before the last history entry (or the creation); undefined when in order. */
export function timeOrderError(
  fn: string,
  what: string,
  at: Date,
  last: { readonly at: Date } | undefined,
  createdAt: Date,
): CrmError | undefined {
  const floor = last === undefined ? createdAt : last.at;
  if (at.getTime() >= floor.getTime()) return undefined;
  return new CrmError(
    'validation_failed',
    `${fn}: the change at ${at.toISOString()} is before the ${what}'s ${last === undefined ? 'creation' : 'last change'} (${floor.toISOString()}); history must stay in time order`,
    {
      issues: [
        crmIssue.of(
          last === undefined ? 'before_creation' : 'out_of_order',
          ['options', 'at'],
          `must be at or after ${floor.toISOString()}`,
        ),
      ],
    },
  );
}

/**
 * Checks a move `from` → `to`: the same state is refused; unless `force`, the machine must allow it
 * (its guards run on `subject`) and it must go forward (a later state in the machine's order).
 * Undefined when allowed.
 */
export function checkLifecycleMove<T>(
  fn: string,
  machine: StageMachine<string, T>,
  from: string,
  to: string,
  subject: T,
  o: MoveOptions,
): CrmError | undefined {
  if (from === to)
    return new CrmError('invalid_transition', `${fn}: already in ${quoteValue(to)}`, {
      issues: [crmIssue.of('transition_not_allowed', ['to'], `already in ${quoteValue(to)}`)],
    });
  if (o.force) return undefined;
  const refused = checkMove(machine, from, to, subject, {
    from,
    to,
    at: o.at,
    by: o.by,
    reason: o.reason,
    lostReason: null,
  });
  if (refused !== undefined) return refused;
  const rank = (s: string): number => machine.states.indexOf(s);
  if (rank(to) < rank(from))
    return new CrmError(
      'invalid_transition',
      `${fn}: '${from}' → '${to}' goes backwards; moves are forward-only by default (pass force: true, with a reason, to make it on record)`,
      { issues: [crmIssue.of('transition_not_allowed', ['to'], `'${to}' comes before '${from}' in '${machine.id}'`)] },
    );
  return undefined;
}
