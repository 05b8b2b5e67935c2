/**
 * The generic stage machine under pipelines and the lead, ticket and customer lifecycles:
 * serializable states and transitions, guards referenced by name with params, implementations
 * registered alongside (the XState v5 `setup()` idea: configuration as data, behaviour by name).
 *
 * Names: `has*` asks what the definition allows (guards not run), `can*` whether a move is allowed
 * now (guards run), `transition*` makes the move (pure, a `Result`).
 *
 * @module
 */
import { CrmError, type CrmIssue, type CrmIssueCode, type PathSegment } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { checkOptionKeys, crmIssue, invalidInput, IssueList } from '../core/issues.js';
import { deepFreeze } from '../_lib/freeze.js';
import { quoteValue, showValue } from '../_lib/show.js';
import { copyJson } from './_json.js';

/**
 * The most states a stage machine (and stages a pipeline) may have. Validation and the table of
 * moves grow with its square, so it is bounded; real pipelines have a handful of stages.
 *
 * @example
 * ```ts
 * MAX_STATES; //=> 100
 * ```
 */
export const MAX_STATES = 100;

/**
 * The most guards one list (of a state or of a transition rule) may hold.
 *
 * @example
 * ```ts
 * MAX_GUARDS; //=> 20
 * ```
 */
export const MAX_GUARDS = 20;

/**
 * The most moves the transition rules of one definition may spell out in all (the sum over the rules
 * of `from` states × `to` states), so that the work of building a machine stays proportional to its
 * definition: twice {@link MAX_STATES} squared, which every machine without duplicate rules fits.
 *
 * @example
 * ```ts
 * MAX_EXPANDED_MOVES; //=> 20000
 * ```
 */
export const MAX_EXPANDED_MOVES = 20_000; // 2 × MAX_STATES², a literal so that bundlers can drop it

/** The longest state (and stage) id. */
export const MAX_STATE_ID_LENGTH = 100;

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
 * Both are the application's code: an exception they throw reaches the caller unchanged.
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
  /** The registered guard implementations (frozen copies). */
  readonly guards: GuardRegistry<T>;
}

/**
 * Options of {@link defineStageMachine}.
 *
 * @example
 * ```ts
 * const o: DefineStageMachineOptions<{ ownerId: string | null }> = { guards: { owned: { check: (s) => s.ownerId !== null || { message: 'no owner' } } } };
 * ```
 */
export interface DefineStageMachineOptions<T = unknown> {
  /** Guard implementations by name. */
  readonly guards?: GuardRegistry<T>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** The machines {@link buildMachine} made: frozen, so known good without looking at them again. */
const MADE = /* @__PURE__ */ new WeakSet<object>();

/**
 * Checks a guard registry (a plain object of `{ check, validateParams? }`) and returns frozen copies
 * of its implementations, so that changing the caller's objects later changes no machine (and no
 * machine's guards can be replaced through them). Issues go to `issues` under `path`.
 */
export function copyGuardRegistry<T>(
  registry: unknown,
  path: readonly PathSegment[],
  issues: IssueList,
): Record<string, GuardImplementation<T>> {
  const out: Record<string, GuardImplementation<T>> = {};
  if (registry === undefined || registry === null) return out;
  if (!isRecord(registry)) {
    issues.push(crmIssue.invalidType([...path], 'guard implementations by name { name: { check } }', registry));
    return out;
  }
  try {
    for (const name of Object.keys(registry)) {
      const impl = registry[name];
      const check: unknown = isRecord(impl) ? impl['check'] : undefined;
      const validateParams: unknown = isRecord(impl) ? impl['validateParams'] : undefined;
      if (typeof check !== 'function' || (validateParams !== undefined && typeof validateParams !== 'function')) {
        issues.push(
          crmIssue.invalidType([...path, name], 'a guard { check(subject, params, ctx), validateParams? }', impl),
        );
        continue;
      }
      const copy: GuardImplementation<T> = {
        check: check as GuardImplementation<T>['check'],
        ...(validateParams === undefined
          ? {}
          : { validateParams: validateParams as NonNullable<GuardImplementation<T>['validateParams']> }),
      };
      out[name] = Object.freeze(copy);
    }
  } catch {
    // a getter or proxy trap in the registry threw
    issues.push(
      crmIssue.invalidType([...path], 'readable guard implementations (a property threw when read)', registry),
    );
  }
  return out;
}

const DEFINITION_KEYS = ['id', 'initial', 'states', 'transitions'] as const;
const STATE_KEYS = ['id', 'terminal', 'guards'] as const;
const RULE_KEYS = ['from', 'to', 'guards'] as const;
const GUARD_KEYS = ['type', 'params'] as const;

/** A list of at most `max` ids: a string, or an array of strings. `undefined` when it is not one. */
function idList(v: unknown): readonly string[] | undefined {
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v)) return undefined;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return undefined;
  return v as string[];
}

/**
 * Validates a definition and its guard names, returning every problem at once (at most
 * `MAX_ISSUES` of them); used by {@link defineStageMachine} and by `definePipeline`. Linear in the
 * size of the definition: at most {@link MAX_STATES} states, {@link MAX_GUARDS} guards per list and
 * {@link MAX_EXPANDED_MOVES} moves spelled out by the rules.
 */
export function buildMachine<S extends string, T>(
  def: StageMachineDefinition<S>,
  guards: GuardRegistry<T>,
  issues: IssueList = new IssueList(),
  options: { readonly statePath?: string; readonly noun?: string } = {},
): { machine?: StageMachine<S, T>; issues: IssueList } {
  const statesKey = options.statePath ?? 'states';
  const noun = options.noun ?? 'state';
  const add = (path: PathSegment[], message: string, code: CrmIssueCode): void => {
    issues.push({ path, message, code });
  };
  if (!isRecord(def)) {
    issues.push(crmIssue.invalidType([], 'a definition object', def));
    return { issues };
  }
  issues.push(...checkOptionKeys(def, DEFINITION_KEYS));
  if (typeof def.id !== 'string' || def.id.trim() === '')
    issues.push(crmIssue.invalidType(['id'], 'a non-empty string', def.id));
  if (!Array.isArray(def.states) || def.states.length === 0) {
    add([statesKey], `${statesKey} must be a non-empty array`, 'too_small');
    return { issues };
  }
  if (def.states.length > MAX_STATES) {
    issues.push(crmIssue.tooBig([statesKey], `the number of ${noun}s`, MAX_STATES, true, def.states.length));
    return { issues };
  }
  const byId = new Map<string, StateDefinition<S>>();
  /** Where each state id is first defined (a duplicate is reported there, not as unreachable). */
  const firstIndex = new Map<string, number>();
  /** Checks a guard list and returns a clean, frozen copy of it (`undefined` when absent or bad). */
  const checkGuards = (list: unknown, path: PathSegment[]): readonly GuardRef[] | undefined => {
    if (list === undefined) return undefined;
    if (!Array.isArray(list)) {
      issues.push(crmIssue.invalidType(path, 'an array of guards { type, params? }', list));
      return undefined;
    }
    if (list.length > MAX_GUARDS) {
      issues.push(crmIssue.tooBig(path, 'the number of guards', MAX_GUARDS, true, list.length));
      return undefined;
    }
    const before = issues.count;
    const clean: GuardRef[] = [];
    for (let k = 0; k < list.length; k++) {
      const g: unknown = list[k];
      if (!isRecord(g) || typeof g['type'] !== 'string') {
        issues.push(crmIssue.invalidType([...path, k], 'a guard { type: string, params?: object }', g));
        continue;
      }
      issues.push(...checkOptionKeys(g, GUARD_KEYS, [...path, k]));
      const type = g['type'];
      const impl = hasOwn(guards, type) ? guards[type] : undefined;
      if (impl === undefined) {
        issues.push(crmIssue.unknownName('unknown_guard', [...path, k, 'type'], 'guard', type, Object.keys(guards)));
        continue;
      }
      const rawParams = g['params'];
      if (rawParams !== undefined && !isRecord(rawParams)) {
        issues.push(crmIssue.invalidType([...path, k, 'params'], 'an object of parameters', rawParams));
        continue;
      }
      const params = rawParams === undefined ? undefined : copyJson(rawParams, [...path, k, 'params'], issues);
      if (rawParams !== undefined && params === undefined) continue;
      const p = deepFreeze((params ?? {}) as Record<string, unknown>);
      for (const m of impl.validateParams?.(p) ?? [])
        add([...path, k, 'params'], `guard ${quoteValue(type)}: ${showValue(m)}`, 'invalid_value');
      clean.push(Object.freeze(params === undefined ? { type } : { type, params: p }));
    }
    return issues.count === before ? Object.freeze(clean) : undefined;
  };
  const cleanStates: StateDefinition<S>[] = [];
  for (let i = 0; i < def.states.length; i++) {
    const s: unknown = def.states[i];
    if (!isRecord(s) || typeof s['id'] !== 'string' || s['id'].trim() === '') {
      issues.push(crmIssue.invalidType([statesKey, i, 'id'], 'a non-empty string', isRecord(s) ? s['id'] : s));
      continue;
    }
    issues.push(...checkOptionKeys(s, STATE_KEYS, [statesKey, i]));
    const id = s['id'];
    if (id.length > MAX_STATE_ID_LENGTH)
      issues.push(crmIssue.tooBig([statesKey, i, 'id'], `the length of a ${noun} id`, MAX_STATE_ID_LENGTH, true, id));
    else if (byId.has(id as S)) issues.push(crmIssue.duplicate([statesKey, i, 'id'], `${noun} id`, id));
    else {
      byId.set(id as S, s as unknown as StateDefinition<S>);
      firstIndex.set(id, i);
    }
    if (s['terminal'] !== undefined && typeof s['terminal'] !== 'boolean')
      issues.push(crmIssue.invalidType([statesKey, i, 'terminal'], 'a boolean', s['terminal']));
    const stateGuards = checkGuards(s['guards'], [statesKey, i, 'guards']);
    const clean: StateDefinition<S> = Object.freeze({
      id: id as S,
      ...(typeof s['terminal'] === 'boolean' ? { terminal: s['terminal'] } : {}),
      ...(stateGuards === undefined ? {} : { guards: stateGuards }),
    });
    cleanStates.push(clean);
    if (firstIndex.get(id) === i) byId.set(id as S, clean);
  }
  if (typeof def.initial !== 'string' || !byId.has(def.initial))
    issues.push(crmIssue.unknownName('unknown_state', ['initial'], `initial ${noun}`, def.initial, [...byId.keys()]));

  const moves = new Map<string, Map<string, GuardRef[]>>();
  for (const id of byId.keys()) moves.set(id, new Map());
  const nonTerminal = [...byId.values()].filter((s) => s.terminal !== true).map((s) => s.id as string);
  let expanded = 0;
  const cleanRules: TransitionRule<S>[] = [];
  if (!Array.isArray(def.transitions)) issues.push(crmIssue.invalidType(['transitions'], 'an array', def.transitions));
  else {
    for (let i = 0; i < def.transitions.length; i++) {
      const t: unknown = def.transitions[i];
      if (!isRecord(t)) {
        issues.push(crmIssue.invalidType(['transitions', i], 'a transition { from, to, guards? }', t));
        continue;
      }
      issues.push(...checkOptionKeys(t, RULE_KEYS, ['transitions', i]));
      const froms = t['from'] === '*' ? nonTerminal : idList(t['from']);
      const tos = idList(t['to']);
      if (froms === undefined)
        issues.push(crmIssue.invalidType(['transitions', i, 'from'], "a state id, a list of them or '*'", t['from']));
      if (tos === undefined)
        issues.push(crmIssue.invalidType(['transitions', i, 'to'], 'a state id or a list of them', t['to']));
      const ruleGuards = checkGuards(t['guards'], ['transitions', i, 'guards']);
      if (froms === undefined || tos === undefined) continue;
      cleanRules.push(
        Object.freeze({
          from: t['from'] === '*' ? '*' : Object.freeze([...froms]),
          to: Object.freeze([...tos]),
          ...(ruleGuards === undefined ? {} : { guards: ruleGuards }),
        }) as TransitionRule<S>,
      );
      let bad = false;
      for (const f of froms)
        if (!byId.has(f as S)) {
          bad = true;
          issues.push(crmIssue.unknownName('unknown_state', ['transitions', i, 'from'], noun, f, [...byId.keys()]));
          if (issues.full) break;
        }
      for (const x of tos)
        if (!byId.has(x as S)) {
          bad = true;
          issues.push(crmIssue.unknownName('unknown_state', ['transitions', i, 'to'], noun, x, [...byId.keys()]));
          if (issues.full) break;
        }
      if (bad) continue;
      expanded += froms.length * tos.length;
      if (expanded > MAX_EXPANDED_MOVES) {
        issues.push(
          crmIssue.tooBig(
            ['transitions'],
            'the number of moves the rules spell out',
            MAX_EXPANDED_MOVES,
            true,
            expanded,
          ),
        );
        break;
      }
      // Malformed guard lists were reported by checkGuards; the moves are still built for the other checks.
      const own = ruleGuards ?? [];
      for (const f of froms) {
        const out = moves.get(f)!;
        for (const x of tos) {
          if (f === x) continue;
          let list = out.get(x);
          if (list === undefined) {
            list = [...own];
            const target = byId.get(x as S)?.guards;
            if (target !== undefined) for (const g of target) list.push(g);
            out.set(x, list);
          } else for (const g of own) list.push(g);
        }
      }
    }
  }
  // Reachability from the initial state (breadth-first, an index instead of shift()).
  if (typeof def.initial === 'string' && byId.has(def.initial)) {
    const seen = new Set<string>([def.initial]);
    const queue: string[] = [def.initial];
    for (let head = 0; head < queue.length; head++)
      for (const next of moves.get(queue[head]!)?.keys() ?? [])
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
    for (let i = 0; i < def.states.length; i++) {
      const s: unknown = def.states[i];
      if (isRecord(s) && typeof s['id'] === 'string' && firstIndex.get(s['id']) === i && !seen.has(s['id'])) {
        add(
          [statesKey, i],
          `${noun} ${quoteValue(s['id'])} cannot be reached from the initial ${noun} ${quoteValue(def.initial)}`,
          'unreachable_state',
        );
      }
    }
  }
  if (issues.count > 0) return { issues };
  const frozenMoves = new Map<string, ReadonlyMap<string, readonly GuardRef[]>>();
  for (const [f, m] of moves) frozenMoves.set(f, new Map([...m].map(([k, v]) => [k, Object.freeze(v)] as const)));
  const definition: StageMachineDefinition<S> = Object.freeze({
    id: def.id,
    initial: def.initial,
    states: Object.freeze(cleanStates),
    transitions: Object.freeze(cleanRules),
  });
  const machine: StageMachine<S, T> = Object.freeze({
    id: def.id,
    initial: def.initial,
    states: Object.freeze(cleanStates.map((s) => s.id)),
    definition,
    moves: frozenMoves,
    guards: Object.freeze({ ...guards }),
  });
  MADE.add(machine);
  return { machine, issues };
}

/**
 * Defines a stage machine from serializable data. Returns every definition error at once
 * (`validation_failed` with one issue per problem, at most `MAX_ISSUES`: duplicate ids, unknown
 * states in transitions, an unknown initial state, unknown guard names, bad guard params, states
 * unreachable from the initial one, unknown keys anywhere in the definition, more than
 * {@link MAX_STATES} states, {@link MAX_GUARDS} guards in a list or {@link MAX_EXPANDED_MOVES}
 * moves). Never throws for its input: a definition or options of the wrong shape are errors in the
 * `Result`; `null` options mean none, unknown option keys are refused. State ids are inferred as a
 * union, so moves are type-checked. The guard implementations are copied and frozen.
 *
 * @example
 * ```ts
 * const r = defineStageMachine({
 *   id: 'task', initial: 'todo',
 *   states: [{ id: 'todo' }, { id: 'doing' }, { id: 'done', terminal: true }],
 *   transitions: [{ from: 'todo', to: 'doing' }, { from: 'doing', to: ['todo', 'done'] }],
 * });
 * if (r.ok) hasTransition(r.value, 'todo', 'doing'); //=> true
 * ```
 */
export function defineStageMachine<const S extends string, T = unknown>(
  definition: StageMachineDefinition<S>,
  options?: DefineStageMachineOptions<T> | null,
): Result<StageMachine<S, T>> {
  const issues = new IssueList();
  issues.push(...checkOptionKeys(options, ['guards'], ['options']));
  const guards = copyGuardRegistry<T>(isRecord(options) ? options['guards'] : undefined, ['options', 'guards'], issues);
  if (issues.count > 0) return err(issues.error('defineStageMachine options'));
  let built: ReturnType<typeof buildMachine<S, T>>;
  try {
    built = buildMachine(definition, guards, issues);
  } catch (cause) {
    // A throwing getter or proxy in the definition: not readable data. A CrmError (the caller's own
    // validateParams threw it) goes through, as in definePipeline.
    if (cause instanceof CrmError) throw cause;
    return err(
      new CrmError('validation_failed', 'stage machine definition could not be read', {
        issues: [crmIssue.invalidType([], 'a plain stage machine definition', definition)],
        cause,
      }),
    );
  }
  if (built.machine === undefined)
    return err(issues.error(`stage machine ${quoteValue(isRecord(definition) ? definition.id : definition)}`));
  return ok(built.machine);
}

/**
 * True for a stage machine: one {@link buildMachine} made, or a look-alike (another copy of crmkit
 * made it) whose every part the functions read has the right shape — `id`, `initial`, `states` (text),
 * `moves` (a Map of Maps of guard lists, at most {@link MAX_EXPANDED_MOVES} moves), and `guards` (an
 * implementation with a `check` function for every guard a move names). Linear in the moves. Never
 * throws.
 */
export function isStageMachine(machine: unknown): machine is StageMachine<string, unknown> {
  if (typeof machine !== 'object' || machine === null) return false;
  if (MADE.has(machine)) return true;
  try {
    if (!isRecord(machine) || typeof machine['id'] !== 'string' || typeof machine['initial'] !== 'string') return false;
    const states = machine['states'];
    if (!Array.isArray(states) || states.length > MAX_STATES) return false;
    for (let i = 0; i < states.length; i++) if (typeof states[i] !== 'string') return false;
    const guards = machine['guards'];
    if (!isRecord(guards)) return false;
    const moves = machine['moves'];
    if (!(moves instanceof Map)) return false;
    let count = 0;
    const checked = new Set<string>();
    for (const [from, out] of Map.prototype.entries.call(moves) as MapIterator<[unknown, unknown]>) {
      if (typeof from !== 'string' || !(out instanceof Map)) return false;
      for (const [to, list] of Map.prototype.entries.call(out) as MapIterator<[unknown, unknown]>) {
        if (typeof to !== 'string' || !Array.isArray(list) || ++count > MAX_EXPANDED_MOVES) return false;
        for (let i = 0; i < list.length; i++) {
          const g: unknown = list[i];
          if (!isRecord(g) || typeof g['type'] !== 'string') return false;
          const params = g['params'];
          if (params !== undefined && !isRecord(params)) return false;
          if (checked.has(g['type'])) continue;
          if (!hasOwn(guards, g['type'])) return false;
          const impl = guards[g['type']];
          if (!isRecord(impl) || typeof impl['check'] !== 'function') return false;
          checked.add(g['type']);
        }
      }
    }
    return true;
  } catch {
    return false; // a getter or proxy trap threw: not a machine
  }
}

function assertMachine(machine: unknown, fn: string): asserts machine is StageMachine<string, unknown> {
  if (!isStageMachine(machine))
    throw new CrmError('validation_failed', `${fn}: expected a stage machine made by defineStageMachine`, {
      issues: [crmIssue.invalidType(['machine'], 'a StageMachine', machine)],
    });
}

/**
 * True when the machine's definition has a move from `from` to `to` (guards are not run; see
 * {@link canTransitionState} for that). `false` for states the machine does not have.
 *
 * @throws CrmError `validation_failed` when `machine` is not a stage machine (a call no type-correct
 * program makes).
 *
 * @example
 * ```ts
 * hasTransition(ticketLifecycle, 'resolved', 'open'); //=> true
 * hasTransition(ticketLifecycle, 'new', 'closed');    //=> false
 * ```
 */
export function hasTransition<S extends string>(
  machine: StageMachine<S, unknown>,
  from: NoInfer<S>,
  to: NoInfer<S>,
): boolean {
  assertMachine(machine, 'hasTransition');
  return machine.moves.get(from)?.has(to) === true;
}

/**
 * @deprecated Use {@link hasTransition} (same arguments, same answer). `can*` now always means
 * "allowed now, guards included", as in `canTransition`.
 *
 * @throws CrmError `validation_failed` when `machine` is not a stage machine.
 *
 * @example
 * ```ts
 * canMove(ticketLifecycle, 'resolved', 'open'); //=> true
 * ```
 */
export const canMove = hasTransition;

/**
 * The states reachable in one move from `from`, in definition order (guards not run). Empty for a
 * state the machine does not have.
 *
 * @throws CrmError `validation_failed` when `machine` is not a stage machine.
 *
 * @example
 * ```ts
 * nextStates(ticketLifecycle, 'pending'); //=> ['open', 'resolved']
 * ```
 */
export function nextStates<S extends string>(machine: StageMachine<S, unknown>, from: NoInfer<S>): readonly S[] {
  assertMachine(machine, 'nextStates');
  const m = machine.moves.get(from);
  if (m === undefined) return Object.freeze([]);
  return Object.freeze(machine.states.filter((s) => m.has(s)));
}

/**
 * Options of {@link transitionState} and {@link canTransitionState}: what the guards are told about
 * the move (`at` is required; the others default to `null`).
 *
 * @example
 * ```ts
 * const o: TransitionStateOptions = { at: new Date('2026-03-01T00:00:00Z'), by: 'u1' };
 * ```
 */
export interface TransitionStateOptions {
  /** When the move happens. */
  readonly at: Date;
  /** Who moves (a user id). */
  readonly by?: string | null;
  /** Why. */
  readonly reason?: string | null;
  /** The lost reason (pipelines). */
  readonly lostReason?: string | null;
}

const TRANSITION_STATE_KEYS = ['at', 'by', 'reason', 'lostReason'] as const;

/** The issues of {@link TransitionStateOptions} (unknown keys, a bad `at`, non-text texts). Never throws. */
export function guardContextIssues(
  options: unknown,
  allowed: readonly string[] = TRANSITION_STATE_KEYS,
  path: readonly PathSegment[] = ['options'],
): CrmIssue[] {
  if (!isRecord(options)) return [crmIssue.invalidType([...path], 'an options object { at, by?, reason? }', options)];
  const issues = checkOptionKeys(options, allowed, path);
  const at = options['at'];
  if (!(at instanceof Date) || !Number.isFinite(at.getTime())) issues.push(crmIssue.invalidDate([...path, 'at'], at));
  for (const key of ['by', 'reason', 'lostReason'] as const) {
    const v = options[key];
    if (v !== undefined && v !== null && typeof v !== 'string')
      issues.push(crmIssue.invalidType([...path, key], 'a string or null', v));
  }
  return issues;
}

/**
 * Makes a move of a machine whose state is just its id: `ok(to)` when the machine allows it and
 * every guard passes for `subject`; otherwise `invalid_transition` (unknown state or no such move,
 * listing the allowed targets) or `guard_rejected` (naming each refusing guard, with the missing
 * fields as issue paths). Bad options (`at` not a valid Date, unknown keys) are a
 * `validation_failed` error. Never throws for its input (a guard's own exception excepted).
 *
 * @example
 * ```ts
 * declare const lead: Lead;
 * const r = transitionState(leadLifecycle, 'new', 'converted', lead, { at: new Date('2026-03-01T00:00:00Z') });
 * r.ok; //=> false (r.error.code === 'invalid_transition')
 * ```
 */
export function transitionState<S extends string, T>(
  machine: StageMachine<S, T>,
  from: NoInfer<S>,
  to: NoInfer<S>,
  subject: NoInfer<T>,
  options: TransitionStateOptions,
): Result<S> {
  if (!isStageMachine(machine))
    return err(invalidInput('transitionState', [crmIssue.invalidType(['machine'], 'a StageMachine', machine)]));
  const bad = guardContextIssues(options);
  if (bad.length > 0) return err(invalidInput('transitionState options', bad));
  const outcome = checkMove(machine, from, to, subject, {
    from,
    to,
    at: options.at,
    by: options.by ?? null,
    reason: options.reason ?? null,
    lostReason: options.lostReason ?? null,
  });
  return outcome === undefined ? ok(to) : err(outcome);
}

/**
 * @deprecated Use {@link transitionState} (same arguments; the last is now {@link TransitionStateOptions},
 * whose `by`, `reason` and `lostReason` are optional).
 *
 * @example
 * ```ts
 * moveState(ticketLifecycle, 'new', 'open', null, { at: new Date('2026-03-01T00:00:00Z'), by: null, reason: null, lostReason: null }).ok; //=> true
 * ```
 */
export const moveState = transitionState;

/**
 * True when {@link transitionState} would allow the move now: the machine has it and every guard
 * passes for `subject`. `false` for unknown states.
 *
 * @throws CrmError `validation_failed` when `machine` is not a stage machine or the options are bad
 * (`at` not a valid Date, unknown keys): calls no type-correct program makes.
 *
 * @example
 * ```ts
 * canTransitionState(ticketLifecycle, 'new', 'open', null, { at: new Date('2026-03-01T00:00:00Z') }); //=> true
 * ```
 */
export function canTransitionState<S extends string, T>(
  machine: StageMachine<S, T>,
  from: NoInfer<S>,
  to: NoInfer<S>,
  subject: NoInfer<T>,
  options: TransitionStateOptions,
): boolean {
  assertMachine(machine, 'canTransitionState');
  const bad = guardContextIssues(options);
  if (bad.length > 0) throw invalidInput('canTransitionState options', bad);
  return transitionState(machine, from, to, subject, options).ok;
}

/** The shared check behind {@link transitionState} and the pipeline transitions; undefined when allowed. */
export function checkMove<T>(
  machine: StageMachine<string, T>,
  from: string,
  to: string,
  subject: T,
  ctx: GuardContext,
): CrmError | undefined {
  const out = typeof from === 'string' ? machine.moves.get(from) : undefined;
  if (out === undefined) {
    return new CrmError(
      'invalid_transition',
      `${quoteValue(from)} is not a state of '${machine.id}'; states: ${machine.states.join(', ')}`,
      { issues: [crmIssue.unknownName('unknown_state', ['from'], 'state', from, machine.states)] },
    );
  }
  const guards = typeof to === 'string' ? out.get(to) : undefined;
  if (guards === undefined) {
    const allowed = machine.states.filter((s) => out.has(s));
    const known = typeof to === 'string' && machine.moves.has(to);
    return new CrmError(
      'invalid_transition',
      `'${machine.id}' does not allow '${from}' → ${quoteValue(to)}${known ? '' : ` (${quoteValue(to)} is not a state)`}; allowed from '${from}': ${allowed.join(', ') || '(none)'}`,
      {
        issues: [
          known
            ? crmIssue.of('transition_not_allowed', ['to'], `no transition from '${from}' to ${quoteValue(to)}`)
            : crmIssue.unknownName('unknown_state', ['to'], 'state', to, machine.states),
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
    const message = showValue(isRecord(verdict) ? verdict.message : verdict);
    reasons.push(`'${g.type}': ${message}`);
    const fields = isRecord(verdict) && Array.isArray(verdict.fields) ? verdict.fields : [];
    if (fields.length === 0) issues.push(crmIssue.of('guard_rejected', [], `guard '${g.type}': ${message}`));
    for (const f of fields.slice(0, MAX_GUARDS * 5))
      issues.push(crmIssue.of('guard_rejected', [showValue(f)], `guard '${g.type}': ${message}`));
  }
  if (issues === undefined) return undefined;
  return new CrmError(
    'guard_rejected',
    `'${from}' → '${to}' refused by guard${names!.length === 1 ? '' : 's'} ${reasons.join('; ')}`,
    { issues },
  );
}
