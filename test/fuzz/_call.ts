/**
 * One fuzzed call and its classification by the rule of docs/core.md ("The rule"):
 *
 * - a function that returns a `Result` (found from its valid seed) must return one — ok, or an error
 *   holding a `CrmError` — and never throw (a rejected promise counts as a throw);
 * - any other function returns a value or throws a `CrmError` with a documented code;
 * - and in both cases: nothing else is thrown (no `TypeError`, no `RangeError` from the stack), no NaN,
 *   ±Infinity or invalid Date in what comes back, no change to anything reachable from the arguments,
 *   nothing of theirs frozen, no key added to the shared prototypes.
 */
import { CRM_ERROR_CODES, CrmError } from '../../src/core/errors.js';
import { CallerError } from '../_hostile.js';
import { changesSince, nonFinitePath, prototypeKeys, snapshot, type Snapshot } from './_inspect.js';
import type { FuzzSpec } from './_spec.js';

/** Whether a function returns a `Result` (`'result'`) or a value, and whether it returns a promise. */
export interface Kind {
  readonly answers: 'result' | 'value';
  readonly async: boolean;
}

/** How a call ended. `defect` breaks the rule; the others are the classes the report counts. */
export type Outcome =
  | { readonly class: 'ok' }
  | { readonly class: 'error'; readonly code: string }
  | { readonly class: 'value' }
  | { readonly class: 'thrown'; readonly code: string }
  | { readonly class: 'defect'; readonly defect: string };

/** An outcome with the CPU time the call took (milliseconds, this process, all threads). */
export interface Timed {
  readonly outcome: Outcome;
  readonly cpuMs: number;
  readonly value: unknown;
}

/** How long an async call may stay unsettled before it counts as hanging. */
const SETTLE_MS = 30_000;

const ERROR_CODES: ReadonlySet<string> = new Set(CRM_ERROR_CODES);

/** A class constructor (called with `new`): `CrmError`, `IssueList`. */
export function isClass(f: unknown): boolean {
  return typeof f === 'function' && /^class\b/.test(Function.prototype.toString.call(f));
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

/** A `Result`-shaped value: a plain object with `ok: true` and `value`, or `ok: false` and `error`. */
export function isResult(v: unknown): v is { ok: true; value: unknown } | { ok: false; error: unknown } {
  if (typeof v !== 'object' || v === null || Reflect.getPrototypeOf(v) !== Object.prototype) return false;
  const d = Object.getOwnPropertyDescriptor(v, 'ok');
  if (d === undefined || !('value' in d)) return false;
  return (d.value === true && Object.hasOwn(v, 'value')) || (d.value === false && Object.hasOwn(v, 'error'));
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function describeThrown(e: unknown): string {
  if (e instanceof Error) {
    let msg = '';
    try {
      msg = String(e.message).slice(0, 200);
    } catch {
      msg = '(unreadable message)';
    }
    return `${e.name}: ${msg}`;
  }
  return `a non-Error (${typeof e})`;
}

function isCrmErrorWithCode(e: unknown): e is CrmError {
  return e instanceof CrmError && ERROR_CODES.has(e.code);
}

type Raw = { threw: false; value: unknown } | { threw: true; error: unknown };

async function invoke(fn: (...args: unknown[]) => unknown, construct: boolean, args: readonly unknown[]): Promise<Raw> {
  let value: unknown;
  try {
    value = construct ? Reflect.construct(fn, args) : Reflect.apply(fn, undefined, args);
  } catch (error) {
    return { threw: true, error };
  }
  if (!isThenable(value)) return { threw: false, value };
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<Raw>((resolve) => {
    timer = setTimeout(() => resolve({ threw: true, error: new Error(`unsettled after ${SETTLE_MS} ms`) }), SETTLE_MS);
  });
  try {
    return await Promise.race([
      Promise.resolve(value).then(
        (v): Raw => ({ threw: false, value: v }),
        (error: unknown): Raw => ({ threw: true, error }),
      ),
      hang,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Calls a valid seed once and says what kind of function it is, or why the seed is not valid. */
export async function kindOf(
  fn: (...args: unknown[]) => unknown,
  args: readonly unknown[],
  spec: FuzzSpec,
): Promise<Kind | string> {
  let value: unknown;
  try {
    value = isClass(fn) ? Reflect.construct(fn, args) : Reflect.apply(fn, undefined, args);
  } catch (e) {
    return `the valid seed threw ${describeThrown(e)}`;
  }
  const async = isThenable(value);
  if (async) {
    try {
      value = await value;
    } catch (e) {
      return `the valid seed rejected with ${describeThrown(e)}`;
    }
  }
  if (!isResult(value)) return { answers: 'value', async };
  if (value.ok) return { answers: 'result', async };
  if (spec.validIsError !== undefined) return { answers: 'result', async };
  return `the valid seed gave an error Result: ${describeThrown(value.error)}`;
}

/** Calls `fn` with `args` and classifies the outcome (see the module comment). */
export async function checkedCall(
  fn: (...args: unknown[]) => unknown,
  kind: Kind,
  spec: FuzzSpec,
  args: readonly unknown[],
  mutatedArg?: number,
): Promise<Timed> {
  const before = snapshot(args, spec.opaque?.is);
  const protoBefore = prototypeKeys();
  const t0 = cpuMs();
  const raw = await invoke(fn, isClass(fn), args);
  const cpu = cpuMs() - t0;
  const mayThrow = mutatedArg !== undefined && (spec.throws?.args.includes(mutatedArg) ?? false);
  const outcome = classify(raw, kind, spec, before, args, mayThrow);
  const value = raw.threw ? undefined : raw.value;
  if (outcome.class === 'defect') return { outcome, cpuMs: cpu, value };
  const changes = changesSince(before);
  if (changes.length > 0) return { outcome: { class: 'defect', defect: changes.join('; ') }, cpuMs: cpu, value };
  if (prototypeKeys() !== protoBefore)
    return { outcome: { class: 'defect', defect: 'added a key to a shared prototype' }, cpuMs: cpu, value };
  return { outcome, cpuMs: cpu, value };
}

/** Whether `value` is one of the arguments or a value held by an object reachable from them. */
function holds(input: Snapshot, args: readonly unknown[], value: unknown): boolean {
  if (args.some((a) => Object.is(a, value))) return true;
  if (typeof value === 'object' && value !== null && input.has(value)) return true;
  for (const o of input.values()) if (o.props.some((p) => !p[3] && Object.is(p[1], value))) return true;
  return false;
}

function classify(
  raw: Raw,
  kind: Kind,
  spec: FuzzSpec,
  input: Snapshot,
  args: readonly unknown[],
  mayThrow: boolean,
): Outcome {
  const defect = (d: string): Outcome => ({ class: 'defect', defect: d });
  if (raw.threw) {
    const e = raw.error;
    if (spec.rethrows !== undefined && holds(input, args, e))
      return { class: 'thrown', code: isCrmErrorWithCode(e) ? e.code : '(the caller’s own value)' };
    // A value function may let the caller's own exception (its getter or toString threw) through.
    if (e instanceof CallerError && kind.answers === 'value')
      return { class: 'thrown', code: '(the caller’s own exception)' };
    if (!isCrmErrorWithCode(e)) return defect(`threw ${describeThrown(e)}`);
    if (kind.answers === 'result' && !mayThrow)
      return defect(`returns a Result but threw CrmError ${e.code}: ${describeThrown(e)}`);
    return { class: 'thrown', code: e.code };
  }
  const v = raw.value;
  // A function that hands its input back (ok, unwrap, mapResult) may hand back the caller's own value.
  if (spec.echoes !== undefined && holds(input, args, v)) return { class: 'value' };
  if (kind.answers === 'result') {
    if (!isResult(v)) return defect('returns a Result but gave something else');
    if (!v.ok) {
      if (isCrmErrorWithCode(v.error)) return { class: 'error', code: v.error.code };
      if (spec.echoes !== undefined) return { class: 'error', code: '(the caller’s own value)' };
      return defect('gave an error Result without a CrmError with a documented code');
    }
    if (spec.echoes === undefined) {
      const where = nonFinitePath(v.value, input);
      if (where !== undefined) return defect(`NaN, Infinity or an invalid Date in the ok Result at value${where}`);
    }
    return { class: 'ok' };
  }
  if (spec.echoes === undefined) {
    const where = nonFinitePath(v, input);
    if (where !== undefined) return defect(`NaN, Infinity or an invalid Date in the returned value at ${where}`);
  }
  return { class: 'value' };
}
