/**
 * Private: `defineAccumulator`, the one builder of every metrics accumulator. A definition names the
 * kind, validates the options once, and says how to fold, merge, serialise and read the data; the
 * builder supplies the rest — the option-key check, the throw of a constructor, the `Result` of
 * `…FromJSON`, the state envelope, the first invalid item and its stream position, merging.
 *
 * @module
 */
import { CrmError, isCrmIssueCode, type CrmIssue, type PathSegment } from '../core/errors.js';
import { checkOptionKeys, invalidInput } from '../core/issues.js';
import { ok, type Result } from '../core/result.js';
import { quoteValue } from '../_lib/show.js';
import { countIssue, invalid, isIssue, issue } from './_checks.js';
import type { Accumulator, AccumulatorStateBase } from './accumulator.js';
import { guarded } from './_guard.js';

/** How an accumulator folds, merges, serialises and reads its data, once its options are resolved. */
export interface AccumulatorBehaviour<TInput, TResult, TData> {
  empty(): TData;
  /** Folds a valid item into `data`, or returns the issue for an invalid one (path relative to the item). */
  add(data: TData, item: TInput): CrmIssue | null;
  /**
   * Optional fast path for a whole array: folds every item and returns true, or returns false
   * without touching `data` when some item is invalid (the caller then adds item by item).
   */
  addArray?(data: TData, items: ArrayLike<TInput>): boolean;
  mergeInto(target: TData, source: TData): void;
  result(data: TData): Result<TResult>;
  toJSON(data: TData): unknown;
  /** Reads `data` from JSON, or returns the issues (paths relative to `data`). Never throws. */
  fromJSON(json: unknown): TData | CrmIssue[];
}

/** What `create…Accumulator` was given, as the definition reads it back from a JSON state. */
export interface CreateArguments<TArgs> {
  readonly options: Readonly<Record<string, unknown>> | undefined;
  readonly args: TArgs;
}

/**
 * One accumulator kind. `TArgs` are the constructor's arguments before the options (the stages of a
 * funnel; `undefined` for most).
 */
export interface AccumulatorDefinition<TArgs, TResolved, TInput, TResult, TData> {
  /** The `kind` of the JSON state. */
  readonly kind: string;
  /** The name used in messages (`'nps accumulator'`). */
  readonly label: string;
  /** The keys the constructor's options may have. */
  readonly optionKeys: readonly string[];
  /** Validates the options (their keys are already checked) and arguments; the issue's path starts at `options`. */
  resolve(options: Readonly<Record<string, unknown>> | undefined, args: TArgs): TResolved | CrmIssue;
  /** The options as the JSON state stores them: plain JSON built from the resolved values. */
  stateOptions(resolved: TResolved): Readonly<Record<string, unknown>>;
  /**
   * Reads the state's `options` (an object; its keys checked against `stateOptionKeys`) back into
   * constructor input. Default: the state's options are the constructor's options.
   */
  readonly fromState?: {
    readonly keys: readonly string[];
    read(options: Readonly<Record<string, unknown>>): CreateArguments<TArgs> | CrmIssue;
  };
  behaviour(resolved: TResolved): AccumulatorBehaviour<TInput, TResult, TData>;
}

/** The constructor and reader that {@link defineAccumulator} builds. */
export interface AccumulatorKit<TArgs, TInput, TResult, TState> {
  /** Creates an empty accumulator; throws a `CrmError` (`validation_failed`) for bad options. */
  create(options: unknown, args: TArgs): Accumulator<TInput, TResult, TState>;
  /** Rebuilds an accumulator from its JSON state (object or text); never throws. */
  fromJSON(json: unknown): Result<Accumulator<TInput, TResult, TState>>;
}

/** The longest issue path and message a JSON state may carry in `firstInvalid`. */
const MAX_STORED_PATH = 32;
const MAX_STORED_MESSAGE = 4000;

interface Resolved<TResolved> {
  readonly resolved: TResolved;
  /** The canonical options (JSON text): accumulators merge only when theirs are equal. */
  readonly fingerprint: string;
}

interface ReadState<TResolved, TData> extends Resolved<TResolved> {
  readonly data: TData;
  readonly count: number;
  readonly firstInvalid: AccumulatorStateBase['firstInvalid'];
}

function isRecord(x: unknown): x is Readonly<Record<string, unknown>> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Reads JSON text, or returns {@link INVALID_JSON}; the text of a state is never trusted to parse. */
function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID_JSON;
  }
}
const INVALID_JSON: unique symbol = /* @__PURE__ */ Symbol('invalid JSON');

/** Reads a JSON array of non-negative counts of a fixed length. */
export function countsFromJSON(json: unknown, length: number): number[] | CrmIssue[] {
  if (!Array.isArray(json) || json.length !== length)
    return [issue([], `expected an array of ${length} counts; received ${quoteValue(json)}`, 'invalid_type')];
  const out = new Array<number>(length);
  for (let i = 0; i < length; i++) {
    const c = countIssue(json[i], [i]);
    if (c !== null) return [c];
    out[i] = json[i] as number;
  }
  return out;
}

/** A stored `firstInvalid`, checked field by field and copied (nothing of the input is kept). */
function readFirstInvalid(fi: unknown, count: number): AccumulatorStateBase['firstInvalid'] | CrmIssue {
  if (fi === null) return null;
  const bad = issue(
    ['firstInvalid'],
    `must be null or { index, issue: { path, message, code } } with index < count; received ${quoteValue(fi)}`,
    'invalid_type',
  );
  if (!isRecord(fi)) return bad;
  const index = fi['index'];
  const stored = fi['issue'];
  if (countIssue(index, []) !== null || (index as number) >= count || !isRecord(stored)) return bad;
  const path = stored['path'];
  const message = stored['message'];
  const code = stored['code'];
  if (
    !Array.isArray(path) ||
    path.length > MAX_STORED_PATH ||
    typeof message !== 'string' ||
    message.length > MAX_STORED_MESSAGE ||
    !isCrmIssueCode(code)
  )
    return bad;
  const segments: PathSegment[] = [];
  for (let i = 0; i < path.length; i++) {
    const s: unknown = path[i];
    if (typeof s === 'string' || (typeof s === 'number' && Number.isSafeInteger(s))) segments.push(s);
    else return bad;
  }
  return { index: index as number, issue: { path: segments, message, code } };
}

/**
 * Builds the constructor and the JSON reader of one accumulator kind from its definition. Module-level
 * calls are annotated `/* @__PURE__ *\/` so that bundlers drop unused accumulators.
 */
export function defineAccumulator<TState, TInput, TResult, TData, TResolved, TArgs = undefined>(
  def: AccumulatorDefinition<TArgs, TResolved, TInput, TResult, TData>,
): AccumulatorKit<TArgs, TInput, TResult, TState> {
  type Acc = Accumulator<TInput, TResult, TState>;

  function resolveOptions(options: unknown, args: TArgs, keys: readonly string[]): Resolved<TResolved> | CrmIssue[] {
    const keyIssues = checkOptionKeys(options, keys, ['options']);
    if (keyIssues.length > 0) return keyIssues;
    const resolved = def.resolve((options ?? undefined) as Readonly<Record<string, unknown>> | undefined, args);
    if (isIssue(resolved)) return [resolved];
    return { resolved, fingerprint: JSON.stringify(def.stateOptions(resolved)) };
  }

  /** Reads a JSON state (object or text) completely; the issues when it is malformed. */
  function readState(json: unknown): ReadState<TResolved, TData> | CrmIssue[] {
    const value = typeof json === 'string' ? parseJsonText(json) : json;
    if (value === INVALID_JSON) return [issue([], 'is not valid JSON', 'invalid_json')];
    if (!isRecord(value))
      return [issue([], `accumulator state must be an object; received ${quoteValue(value)}`, 'invalid_type')];
    if (value['kind'] !== def.kind)
      return [issue(['kind'], `expected kind '${def.kind}'; received ${quoteValue(value['kind'])}`)];
    if (value['version'] !== 1)
      return [issue(['version'], `expected version 1; received ${quoteValue(value['version'])}`)];
    const count = value['count'];
    const c = countIssue(count, ['count']);
    if (c !== null) return [c];
    const stored = value['options'];
    if (!isRecord(stored))
      return [issue(['options'], `must be the options object; received ${quoteValue(stored)}`, 'invalid_type')];
    let input: CreateArguments<TArgs>;
    if (def.fromState === undefined) input = { options: stored, args: undefined as TArgs };
    else {
      const keyIssues = checkOptionKeys(stored, def.fromState.keys, ['options']);
      if (keyIssues.length > 0) return keyIssues;
      const read = def.fromState.read(stored);
      if (isIssue(read)) return [read];
      input = read;
    }
    const r = resolveOptions(input.options, input.args, def.optionKeys);
    if (Array.isArray(r)) return r;
    const firstInvalid = readFirstInvalid(value['firstInvalid'], count as number);
    if (isIssue(firstInvalid)) return [firstInvalid];
    const data = def.behaviour(r.resolved).fromJSON(value['data']);
    if (Array.isArray(data) && data.length > 0 && data.every(isIssue))
      return (data as CrmIssue[]).map((i) => ({ ...i, path: ['data', ...i.path] }));
    return { ...r, data: data as TData, count: count as number, firstInvalid };
  }

  function build(r: Resolved<TResolved>, initial?: ReadState<TResolved, TData>): Acc {
    const behaviour = def.behaviour(r.resolved);
    const data = initial?.data ?? behaviour.empty();
    let count = initial?.count ?? 0;
    let firstInvalid = initial?.firstInvalid ?? null;
    const self: Acc = {
      add(item: TInput) {
        const problem = behaviour.add(data, item);
        if (problem !== null && firstInvalid === null) firstInvalid = { index: count, issue: problem };
        count++;
        return self;
      },
      addAll(items: Iterable<TInput>) {
        if (Array.isArray(items)) {
          if (behaviour.addArray !== undefined && behaviour.addArray(data, items)) {
            count += items.length;
            return self;
          }
          // Index, not for…of: a sparse array's holes are items too (undefined), as in the one-pass functions.
          for (let i = 0; i < items.length; i++) self.add(items[i] as TInput);
          return self;
        }
        if (typeof (items as { [Symbol.iterator]?: unknown } | null)?.[Symbol.iterator] !== 'function')
          throw invalidInput(def.label, [
            issue([], `addAll takes an iterable of items; received ${quoteValue(items)}`, 'invalid_type'),
          ]);
        for (const item of items) self.add(item);
        return self;
      },
      merge(other) {
        const state =
          typeof (other as { toJSON?: unknown } | null)?.toJSON === 'function' ? (other as Acc).toJSON() : other;
        const read = readState(state);
        if (Array.isArray(read)) {
          const first = read[0];
          throw new CrmError(
            'validation_failed',
            `${def.label}: cannot merge: ${first === undefined ? 'invalid state' : first.message}`,
            { issues: read },
          );
        }
        if (read.fingerprint !== r.fingerprint)
          throw new CrmError(
            'validation_failed',
            `${def.label}: cannot merge: options ${read.fingerprint} differ from this accumulator's ${r.fingerprint}`,
            { issues: [issue(['options'], 'the options differ', 'options_mismatch')] },
          );
        if (firstInvalid === null && read.firstInvalid !== null)
          firstInvalid = { index: count + read.firstInvalid.index, issue: read.firstInvalid.issue };
        count += read.count;
        behaviour.mergeInto(data, read.data);
        return self;
      },
      result() {
        if (firstInvalid !== null) {
          const i = firstInvalid;
          return invalid(def.label, [{ ...i.issue, path: [i.index, ...i.issue.path] }]);
        }
        return behaviour.result(data);
      },
      get count() {
        return count;
      },
      toJSON() {
        return {
          kind: def.kind,
          version: 1,
          count,
          firstInvalid,
          options: def.stateOptions(r.resolved),
          data: behaviour.toJSON(data),
        } as unknown as TState;
      },
    };
    return self;
  }

  return Object.freeze({
    create(options: unknown, args: TArgs): Acc {
      const r = resolveOptions(options, args, def.optionKeys);
      if (Array.isArray(r)) throw invalidInput(def.label, r);
      return build(r);
    },
    fromJSON(json: unknown): Result<Acc> {
      return guarded(`${def.label} state`, () => {
        const read = readState(json);
        if (Array.isArray(read)) return invalid(`${def.label} state`, read);
        return ok(build(read, read));
      });
    },
  });
}
