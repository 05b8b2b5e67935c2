/**
 * The generic stage machine under pipelines and the lead, ticket and customer lifecycles:
 * serializable states and transitions, guards referenced by name with params, implementations
 * registered alongside (the XState v5 `setup()` idea: configuration as data, behaviour by name).
 *
 * @module
 */
import { CrmError, type CrmIssue, type CrmIssueCode, type PathSegment } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { deepFreeze } from '../_lib/freeze.js';
import { showValue } from '../_lib/show.js';

/**
 * A guard as data: the name of a registered implementation and its parameters (JSON values).
 *
 * @example
 * ```ts
 * const g: GuardRef = { type: 'requiredFields', params: { fields: ['amount', 'expectedCloseDate'] } };
 * ```
 */
export interface GuardRef {
  /** Name of a registered guard implementation. */
  readonly type: string;
  /** Parameters handed to the implementation (serializable data). */
  readonly params?: Readonly<Record<string, unknown>>;
}

/**
 * What a guard is told about the move it is asked to allow.
 *
 * @example
 * ```ts
 * const c: GuardContext = { from: 'proposal', to: 'closed_lost', at: new Date('2026-03-01T00:00:00Z'), by: 'u1', reason: null, lostReason: null };
 * ```
 */
export interface GuardContext {
  /** The current state. */
  readonly from: string;
  /** The requested state. */
  readonly to: string;
  /** When the move happens. */
  readonly at: Date;
  /** Who moves (a user id), when known. */
  readonly by: string | null;
  /** The reason given for the move, if any. */
  readonly reason: string | null;
  /** The lost reason given with the move (pipelines), if any. */
  readonly lostReason: string | null;
}

/**
 * A guard's answer: `true` to allow, or a refusal saying why and which fields are missing.
 *
 * @example
 * ```ts
 * const no: GuardVerdict = { message: 'amount must be at least 1000.00', fields: ['amount'] };
 * ```
 */
export type GuardVerdict = true | { readonly message: string; readonly fields?: readonly string[] };

/**
 * A registered guard: `check` decides a move for a subject; `validateParams` (optional) reports
 * what is wrong with a definition's params, so bad params are definition errors, not runtime ones.
 *
 * @example
 * ```ts
 * const ownerRequired: GuardImplementation<{ ownerId: string | null }> = {
 *   check: (s) => (s.ownerId !== null ? true : { message: 'an owner is required', fields: ['ownerId'] }),
 * };
 * ```
 */
export interface GuardImplementation<T> {
  /** Allows (`true`) or refuses the move. Must be pure. */
  check(subject: T, params: Readonly<Record<string, unknown>>, ctx: GuardContext): GuardVerdict;
  /** Messages describing what is wrong with `params`; empty when they are fine. */
  validateParams?(params: Readonly<Record<string, unknown>>): readonly string[];
}

/**
 * Guard implementations by name.
 *
 * @example
 * ```ts
 * const guards: GuardRegistry<Deal> = { ownerRequired: { check: (d) => d.ownerId !== null || { message: 'owner required', fields: ['ownerId'] } } };
 * ```
 */
export type GuardRegistry<T> = Readonly<Record<string, GuardImplementation<T>>>;

/**
 * One rule of allowed moves: from a state (a list, or `'*'` for every non-terminal state) to a
 * state (or a list), with guards checked on the way.
 *
 * @example
 * ```ts
 * const t: TransitionRule<'open' | 'closed'> = { from: 'closed', to: 'open', guards: [{ type: 'reasonRequired' }] };
 * ```
 */
export interface TransitionRule<S extends string = string> {
  readonly from: S | readonly S[] | '*';
  readonly to: S | readonly S[];
  readonly guards?: readonly GuardRef[];
}

/**
 * A state of a stage machine. A terminal state has no moves out unless a rule names it in `from`.
 *
 * @example
 * ```ts
 * const s: StateDefinition<'closed'> = { id: 'closed', terminal: true };
 * ```
 */
export interface StateDefinition<S extends string = string> {
  readonly id: S;
  readonly terminal?: boolean;
  /** Guards checked on every move into this state. */
  readonly guards?: readonly GuardRef[];
}

/**
 * A stage machine as serializable data.
 *
 * @example
 * ```ts
 * const def: StageMachineDefinition<'todo' | 'done'> = {
 *   id: 'task', initial: 'todo', states: [{ id: 'todo' }, { id: 'done', terminal: true }],
 *   transitions: [{ from: 'todo', to: 'done' }, { from: 'done', to: 'todo' }],
 * };
 * ```
 */
export interface StageMachineDefinition<S extends string = string> {
  readonly id: string;
  readonly initial: NoInfer<S>;
  readonly states: readonly StateDefinition<S>[];
  readonly transitions: readonly TransitionRule<NoInfer<S>>[];
}

/**
 * A validated stage machine: its definition, and a lookup of the allowed moves. Frozen.
 *
 * @example
 * ```ts
 * const m = unwrap(defineStageMachine({ id: 'task', initial: 'todo', states: [{ id: 'todo' }, { id: 'done' }], transitions: [{ from: 'todo', to: 'done' }] }));
 * m.states; //=> ['todo', 'done']
 * ```
 */
export interface StageMachine<S extends string = string, T = unknown> {
  readonly id: string;
  readonly initial: S;
  /** State ids in definition order. */
  readonly states: readonly S[];
  /** The definition it was built from (deep-frozen). */
  readonly definition: StageMachineDefinition<S>;
  /** from → (to → guards on that move, rule guards then the target's guards). */
  readonly moves: ReadonlyMap<string, ReadonlyMap<string, readonly GuardRef[]>>;
  /** The registered guard implementations. */
  readonly guards: GuardRegistry<T>;
}

const asList = <S extends string>(v: S | readonly S[]): readonly S[] => (typeof v === 'string' ? [v] : v);

/**
 * Validates a definition and its guard names, returning every problem at once; used by
 * {@link defineStageMachine} and by `definePipeline`.
 */
export function buildMachine<S extends string, T>(
  def: StageMachineDefinition<S>,
  guards: GuardRegistry<T>,
  prefix: readonly PathSegment[] = [],
): { machine?: StageMachine<S, T>; issues: CrmIssue[] } {
  const issues: CrmIssue[] = [];
  const add = (path: PathSegment[], message: string, code: CrmIssueCode): void => {
    issues.push({ path: [...prefix, ...path], message, code });
  };
  if (def === null || typeof def !== 'object')
    return { issues: [{ path: [...prefix], message: 'Expected a definition object', code: 'invalid_type' }] };
  if (typeof def.id !== 'string' || def.id.trim() === '') add(['id'], 'id must be a non-empty string', 'invalid_type');
  if (!Array.isArray(def.states) || def.states.length === 0) {
    add(['states'], 'states must be a non-empty array', 'too_small');
    return { issues };
  }
  const byId = new Map<string, StateDefinition<S>>();
  def.states.forEach((s, i) => {
    if (s === null || typeof s !== 'object' || typeof s.id !== 'string' || s.id.trim() === '')
      add(['states', i, 'id'], 'state id must be a non-empty string', 'invalid_type');
    else if (byId.has(s.id)) add(['states', i, 'id'], `duplicate state id '${showValue(s.id)}'`, 'duplicate');
    else byId.set(s.id, s);
  });
  const checkGuards = (list: readonly GuardRef[] | undefined, path: PathSegment[]): void => {
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      add(path, 'guards must be an array of { type, params? }', 'invalid_type');
      return;
    }
    list.forEach((g, k) => {
      if (g === null || typeof g !== 'object' || typeof g.type !== 'string') {
        add([...path, k], 'a guard is { type: string, params?: object }', 'invalid_type');
        return;
      }
      const impl = Object.prototype.hasOwnProperty.call(guards, g.type) ? guards[g.type] : undefined;
      if (impl === undefined) {
        add(
          [...path, k, 'type'],
          `unknown guard '${g.type}'; registered guards: ${Object.keys(guards).join(', ') || '(none)'}`,
          'unknown_guard',
        );
        return;
      }
      for (const m of impl.validateParams?.(g.params ?? {}) ?? [])
        add([...path, k, 'params'], `guard '${showValue(g.type)}': ${m}`, 'invalid_value');
    });
  };
  def.states.forEach((s, i) => s !== null && typeof s === 'object' && checkGuards(s.guards, ['states', i, 'guards']));
  if (!byId.has(def.initial))
    add(['initial'], `initial state '${showValue(def.initial)}' is not one of the states`, 'unknown_state');

  const moves = new Map<string, Map<string, GuardRef[]>>();
  for (const id of byId.keys()) moves.set(id, new Map());
  if (!Array.isArray(def.transitions)) add(['transitions'], 'transitions must be an array', 'invalid_type');
  else {
    def.transitions.forEach((t, i) => {
      if (t === null || typeof t !== 'object') {
        add(['transitions', i], 'a transition is { from, to, guards? }', 'invalid_type');
        return;
      }
      const isIdList = (v: unknown): boolean =>
        typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
      let bad = false;
      if (!isIdList(t.from))
        ((bad = true),
          add(['transitions', i, 'from'], "from must be a state id, a list of them or '*'", 'invalid_type'));
      if (!isIdList(t.to))
        ((bad = true), add(['transitions', i, 'to'], 'to must be a state id or a list of them', 'invalid_type'));
      if (bad) return;
      const froms =
        t.from === '*' ? [...byId.values()].filter((s) => s.terminal !== true).map((s) => s.id) : asList(t.from);
      const tos = asList(t.to);
      for (const f of froms)
        if (!byId.has(f))
          ((bad = true),
            add(['transitions', i, 'from'], `transition names unknown state '${showValue(f)}'`, 'unknown_state'));
      for (const x of tos)
        if (!byId.has(x))
          ((bad = true),
            add(['transitions', i, 'to'], `transition names unknown state '${showValue(x)}'`, 'unknown_state'));
      checkGuards(t.guards, ['transitions', i, 'guards']);
      if (bad) return;
      for (const f of froms) {
        for (const x of tos) {
          if (f === x) continue;
          // Malformed guard lists were reported by checkGuards; the moves are still built for the other checks.
          const own = Array.isArray(t.guards) ? t.guards : [];
          const target = byId.get(x)?.guards;
          const list = [...own, ...(Array.isArray(target) ? target : [])];
          const existing = moves.get(f)!.get(x);
          moves.get(f)!.set(x, existing === undefined ? list : [...existing, ...own]);
        }
      }
    });
  }
  // Reachability from the initial state (breadth-first).
  if (byId.has(def.initial)) {
    const seen = new Set<string>([def.initial]);
    const queue: string[] = [def.initial];
    while (queue.length > 0) {
      const cur = queue.shift()!;
      for (const next of moves.get(cur)?.keys() ?? []) if (!seen.has(next)) (seen.add(next), queue.push(next));
    }
    def.states.forEach((s, i) => {
      if (s !== null && typeof s === 'object' && typeof s.id === 'string' && byId.get(s.id) === s && !seen.has(s.id)) {
        add(
          ['states', i],
          `state '${showValue(s.id)}' cannot be reached from the initial state '${showValue(def.initial)}'`,
          'unreachable_state',
        );
      }
    });
  }
  if (issues.length > 0) return { issues };
  const frozenMoves = new Map<string, ReadonlyMap<string, readonly GuardRef[]>>();
  for (const [f, m] of moves) frozenMoves.set(f, new Map([...m].map(([k, v]) => [k, Object.freeze(v)] as const)));
  const machine: StageMachine<S, T> = Object.freeze({
    id: def.id,
    initial: def.initial,
    states: Object.freeze(def.states.map((s) => s.id)),
    definition: deepFreeze(structuredClone(def)),
    moves: frozenMoves,
    guards: Object.freeze({ ...guards }),
  });
  return { machine, issues };
}

/**
 * Defines a stage machine from serializable data. Returns every definition error at once
 * (`validation_failed` with one issue per problem: duplicate ids, unknown states in transitions,
 * an unknown initial state, unknown guard names, bad guard params, states unreachable from the
 * initial one). State ids are inferred as a union, so moves are type-checked.
 *
 * @example
 * ```ts
 * const r = defineStageMachine({
 *   id: 'task', initial: 'todo',
 *   states: [{ id: 'todo' }, { id: 'doing' }, { id: 'done', terminal: true }],
 *   transitions: [{ from: 'todo', to: 'doing' }, { from: 'doing', to: ['todo', 'done'] }],
 * });
 * r.ok && canMove(r.value, 'todo', 'doing'); //=> true
 * ```
 */
export function defineStageMachine<const S extends string, T = unknown>(
  definition: StageMachineDefinition<S>,
  options: { readonly guards?: GuardRegistry<T> } = {},
): Result<StageMachine<S, T>> {
  const { machine, issues } = buildMachine(definition, options?.guards ?? {}); // options may be null from plain JavaScript
  if (machine === undefined) return definitionError(`stage machine '${showValue(definition?.id)}'`, issues);
  return ok(machine);
}

/** Builds the `validation_failed` result listing every definition problem. */
export function definitionError(what: string, issues: readonly CrmIssue[]): Result<never> {
  return err(
    new CrmError(
      'validation_failed',
      `${what} is invalid: ${issues.length} problem${issues.length === 1 ? '' : 's'}: ${issues.map((i) => i.message).join('; ')}`,
      { issues },
    ),
  );
}

/**
 * True when the machine has a move from `from` to `to` (guards are not checked).
 *
 * @example
 * ```ts
 * canMove(ticketLifecycle, 'resolved', 'open'); //=> true
 * canMove(ticketLifecycle, 'new', 'closed');    //=> false
 * ```
 */
export function canMove<S extends string>(
  machine: StageMachine<S, unknown>,
  from: NoInfer<S>,
  to: NoInfer<S>,
): boolean {
  return machine.moves.get(from)?.has(to) === true;
}

/**
 * The states reachable in one move from `from`, in definition order (guards not checked).
 *
 * @example
 * ```ts
 * nextStates(ticketLifecycle, 'pending'); //=> ['open', 'resolved']
 * ```
 */
export function nextStates<S extends string>(machine: StageMachine<S, unknown>, from: NoInfer<S>): readonly S[] {
  const m = machine.moves.get(from);
  if (m === undefined) return Object.freeze([]);
  return Object.freeze(machine.states.filter((s) => m.has(s)));
}

/**
 * Checks a move for `subject`: `ok(to)` when the machine allows it and every guard passes;
 * otherwise `invalid_transition` (unknown state or no such move, listing the allowed targets)
 * or `guard_rejected` (naming each refusing guard, with the missing fields as issue paths).
 *
 * @example
 * ```ts
 * const r = moveState(leadLifecycle, 'new', 'converted', lead, { at, by: null, reason: null, lostReason: null });
 * r.ok; //=> false (r.error.code === 'invalid_transition')
 * ```
 */
export function moveState<S extends string, T>(
  machine: StageMachine<S, T>,
  from: NoInfer<S>,
  to: NoInfer<S>,
  subject: NoInfer<T>,
  ctx: Omit<GuardContext, 'from' | 'to'>,
): Result<S> {
  const outcome = checkMove(machine, from, to, subject, { ...ctx, from, to });
  return outcome === undefined ? ok(to) : err(outcome);
}

/** The shared check behind {@link moveState} and the pipeline transitions; undefined when allowed. */
export function checkMove<T>(
  machine: StageMachine<string, T>,
  from: string,
  to: string,
  subject: T,
  ctx: GuardContext,
): CrmError | undefined {
  const out = machine.moves.get(from);
  if (out === undefined) {
    return new CrmError(
      'invalid_transition',
      `'${from}' is not a state of '${machine.id}'; states: ${machine.states.join(', ')}`,
      {
        issues: [{ path: ['from'], message: `unknown state '${from}'`, code: 'unknown_state' }],
      },
    );
  }
  const guards = out.get(to);
  if (guards === undefined) {
    const allowed = machine.states.filter((s) => out.has(s));
    const known = machine.moves.has(to);
    return new CrmError(
      'invalid_transition',
      `'${machine.id}' does not allow '${from}' → '${to}'${known ? '' : ` ('${to}' is not a state)`}; allowed from '${from}': ${allowed.join(', ') || '(none)'}`,
      {
        issues: [
          {
            path: ['to'],
            message: known ? `no transition from '${from}' to '${to}'` : `unknown state '${to}'`,
            code: known ? 'transition_not_allowed' : 'unknown_state',
          },
        ],
      },
    );
  }
  let issues: CrmIssue[] | undefined;
  let names: string[] | undefined;
  const reasons: string[] = [];
  for (const g of guards) {
    const impl = machine.guards[g.type]!;
    const verdict = impl.check(subject, g.params ?? {}, ctx);
    if (verdict === true) continue;
    (names ??= []).push(g.type);
    issues ??= [];
    reasons.push(`'${g.type}': ${verdict.message}`);
    const fields = verdict.fields ?? [];
    if (fields.length === 0)
      issues.push({ path: [], message: `guard '${g.type}': ${verdict.message}`, code: 'guard_rejected' });
    for (const f of fields)
      issues.push({ path: [f], message: `guard '${g.type}': ${verdict.message}`, code: 'guard_rejected' });
  }
  if (issues === undefined) return undefined;
  return new CrmError(
    'guard_rejected',
    `'${from}' → '${to}' refused by guard${names!.length === 1 ? '' : 's'} ${reasons.join('; ')}`,
    { issues },
  );
}
