/**
 * Private: what `transitionContactLifecycle` and `transitionLeadStatus` share — reading the options,
 * the time floor of the history, the check of a move (allowed by the machine, guards run, and
 * forward, unless forced), and the move itself with its history entry and event
 * ({@link moveWithHistory}).
 *
 * @module
 */
import { CrmError, type CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { fixedClock } from '../core/clock.js';
import type { DomainEvent } from '../core/events.js';
import type { EntityKind } from '../core/ids.js';
import { caught } from '../metrics/_guard.js';
import { contextIssues, type EntityContext } from '../entities/define.js';
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
 * The terminal states of a machine (churned, unqualified): a move out of one, when the machine has
 * it, is a re-entry — it starts a new cycle (a churned customer buying again, a lost lead
 * re-engaging), an ordinary event, not a correction, so it needs no `force` though it goes back in
 * the machine's order. Read defensively (a machine's definition is caller data): anything that is
 * not a list of states gives none.
 */
export function terminalStates(machine: StageMachine<string, unknown>): ReadonlySet<string> {
  const states: unknown = (machine as { readonly definition?: { readonly states?: unknown } }).definition?.states;
  const out = new Set<string>();
  if (!Array.isArray(states)) return out;
  for (const s of states as unknown[])
    if (typeof s === 'object' && s !== null) {
      const { id, terminal } = s as { readonly id?: unknown; readonly terminal?: unknown };
      if (typeof id === 'string' && terminal === true) out.add(id);
    }
  return out;
}

/**
 * Checks a move `from` → `to`: the same state is refused; unless `force`, the machine must allow it
 * (its guards run on `subject`) and it must go forward (a later state in the machine's order) or be
 * a re-entry (`from` among `terminals`, see {@link terminalStates}). Undefined when allowed.
 */
export function checkLifecycleMove<T>(
  fn: string,
  machine: StageMachine<string, T>,
  from: string,
  to: string,
  subject: T,
  o: MoveOptions,
  terminals: ReadonlySet<string>,
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
  if (terminals.has(from)) return undefined;
  const rank = (s: string): number => machine.states.indexOf(s);
  if (rank(to) < rank(from))
    return new CrmError(
      'invalid_transition',
      `${fn}: '${from}' → '${to}' goes backwards; moves are forward-only by default (pass force: true, with a reason, to make it on record)`,
      { issues: [crmIssue.of('transition_not_allowed', ['to'], `'${to}' comes before '${from}' in '${machine.id}'`)] },
    );
  return undefined;
}

/** One entry of a lifecycle history, as a move appends it. */
export interface MoveEntry {
  readonly from: string;
  readonly to: string;
  readonly at: Date;
  readonly by: string | null;
  readonly reason: string | null;
  readonly forced: boolean;
  /** Set on an unforced move out of a terminal state ({@link terminalStates}). */
  readonly reentry?: true;
}

/** A record with a history of moves (a Contact, a Lead). */
interface HistoryRecord {
  readonly id: string;
  readonly version: number;
  readonly createdAt: Date;
}

/**
 * What differs between the lifecycle transitions of two kinds of record: how to read the record and
 * its state, the states a move may target, the default machine, how the move changes the record, and
 * the event.
 */
export interface HistoryMoveSpec<R extends HistoryRecord, K extends EntityKind, T extends string, P> {
  /** The public function's name, for messages. */
  readonly fn: string;
  /** The record's kind (`contact`, `lead`): its issue path and the aggregate of the event. */
  readonly kind: K;
  /** The states `to` may name, and how the message describes one (`a lifecycle stage`). */
  readonly states: readonly string[];
  readonly stateLabel: string;
  readonly parse: (input: unknown) => Result<R>;
  readonly history: (record: R) => readonly { readonly at: Date }[];
  readonly state: (record: R) => string;
  readonly defaultMachine: StageMachine<string, R>;
  /** A refusal particular to the kind, checked before the machine (the lead's `converted`). */
  readonly refuse?: (from: string, to: string) => CrmError | undefined;
  /** Changes the draft: the new state and the history entry. */
  readonly apply: (draft: R, to: string, entry: MoveEntry) => void;
  readonly update: (record: R, recipe: (draft: R) => void, ctx: EntityContext) => Result<R>;
  readonly eventType: T;
  readonly payload: (from: string, to: string, o: MoveOptions) => P;
}

/** The record after a move and its event. */
export interface HistoryMove<R, K extends EntityKind, T extends string, P> {
  readonly record: R;
  readonly event: DomainEvent<T, P> & { readonly aggregate: { readonly kind: K; readonly id: string } };
}

function readMove<R extends HistoryRecord, K extends EntityKind, T extends string, P>(
  spec: HistoryMoveSpec<R, K, T, P>,
  record: unknown,
  to: unknown,
  options: unknown,
  ctx: unknown,
): Result<{ r: R; o: MoveOptions; machine: StageMachine<string, R>; terminals: ReadonlySet<string> }> {
  const issues: CrmIssue[] = moveOptionIssues(options);
  if (typeof to !== 'string' || !spec.states.includes(to))
    issues.push(crmIssue.invalidValue(['to'], spec.stateLabel, to, spec.states));
  const parsed = spec.parse(record);
  if (!parsed.ok) issues.push(...parsed.error.issues.map((i) => ({ ...i, path: [spec.kind, ...i.path] })));
  issues.push(...contextIssues(ctx));
  if (issues.length > 0 || !parsed.ok) return err(invalidInput(spec.fn, issues));
  const opts = options as { readonly at: Date; readonly machine?: StageMachine<string, R> | null };
  const o = readMoveOptions(opts);
  const r = parsed.value;
  const late = timeOrderError(spec.fn, spec.kind, o.at, spec.history(r).at(-1), r.createdAt);
  if (late !== undefined) return err(late);
  const machine = opts.machine ?? spec.defaultMachine;
  return ok({ r, o, machine, terminals: terminalStates(machine) });
}

/**
 * The move of a record with a history, shared by `transitionContactLifecycle` and
 * `transitionLeadStatus`: reads the input (never throwing for it), checks the time order and the
 * move ({@link checkLifecycleMove}), appends the history entry through the kind's `update*` (the
 * clock at `at` unless the context has one), and makes the event `<id>@<new version>`.
 */
export function moveWithHistory<R extends HistoryRecord, K extends EntityKind, T extends string, P>(
  spec: HistoryMoveSpec<R, K, T, P>,
  record: unknown,
  to: string,
  options: unknown,
  ctx: EntityContext | undefined,
): Result<HistoryMove<R, K, T, P>> {
  let read: ReturnType<typeof readMove<R, K, T, P>>;
  try {
    read = readMove(spec, record, to, options, ctx);
  } catch (e) {
    return caught(spec.fn, e);
  }
  if (!read.ok) return read;
  const { r, o, machine, terminals } = read.value;
  const from = spec.state(r);
  const special = spec.refuse?.(from, to);
  if (special !== undefined) return err(special);
  const refused = checkLifecycleMove(spec.fn, machine, from, to, r, o, terminals);
  if (refused !== undefined) return err(refused);
  const entry: MoveEntry = {
    from,
    to,
    at: o.at,
    by: o.by,
    reason: o.reason,
    forced: o.force,
    ...(!o.force && terminals.has(from) ? { reentry: true as const } : {}),
  };
  const next = spec.update(r, (d) => spec.apply(d, to, entry), { ...ctx, clock: ctx?.clock ?? fixedClock(o.at) });
  if (!next.ok) return next;
  const out = next.value;
  const event = Object.freeze({
    id: `${out.id}@${out.version}`,
    type: spec.eventType,
    at: o.at,
    by: o.by,
    aggregate: Object.freeze({ kind: spec.kind, id: out.id }),
    payload: Object.freeze(spec.payload(from, to, o)),
  });
  return ok({ record: out, event });
}
