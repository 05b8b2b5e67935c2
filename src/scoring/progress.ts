/**
 * Progress reports and cancellation for the long computations of `crmkit/scoring`: the work is a
 * generator that yields at pause points; a synchronous and an asynchronous runner drive it, report
 * progress and stop when an `AbortSignal` fires.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { CrmError } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';

/**
 * One progress report: `done` of `total` units of the named `phase`. Within a phase, `done` never
 * decreases and the last report of the phase has `done === total`. Reports come at a bounded rate (at
 * most one per block of thousands of rows, and one per iteration), never per row.
 *
 * @example
 * ```ts
 * const p: ScoringProgress = { phase: 'read', done: 16384, total: 100000 };
 * ```
 */
export interface ScoringProgress {
  readonly phase: string;
  readonly done: number;
  readonly total: number;
}

/**
 * The options every long computation of `crmkit/scoring` takes.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const c: ProgressOptions = { onProgress: (p) => console.log(p.phase, p.done, p.total), signal: controller.signal };
 * ```
 */
export interface ProgressOptions {
  /** Called with each progress report. An exception it throws propagates to the caller. */
  readonly onProgress?: (progress: ScoringProgress) => void;
  /**
   * Stops the work at its next pause point with a `CrmError` of code `aborted` and no partial result.
   * A synchronous function sees an abort only from the signal's state at its pause points (an abort from
   * inside `onProgress`, or one before the call); use the `…Async` twin to abort from a timer or a UI.
   */
  readonly signal?: AbortSignal;
}

/** The `onProgress` and `signal` options, checked (issues at their keys). */
export function readProgressOptions(
  onProgress: unknown,
  signal: unknown,
  issues: CrmIssue[],
): { onProgress?: (progress: ScoringProgress) => void; signal?: AbortSignal } {
  const out: { onProgress?: (progress: ScoringProgress) => void; signal?: AbortSignal } = {};
  if (onProgress !== undefined) {
    if (typeof onProgress === 'function') out.onProgress = onProgress as (progress: ScoringProgress) => void;
    else issues.push(crmIssue.invalidType(['onProgress'], 'a function', onProgress));
  }
  if (signal !== undefined) {
    if (isAbortSignal(signal)) out.signal = signal;
    else issues.push(crmIssue.invalidType(['signal'], 'an AbortSignal', signal));
  }
  return out;
}

function isAbortSignal(v: unknown): v is AbortSignal {
  if (typeof AbortSignal === 'function' && v instanceof AbortSignal) return true;
  try {
    return typeof v === 'object' && v !== null && typeof (v as { aborted?: unknown }).aborted === 'boolean';
  } catch {
    return false;
  }
}

/** The error of an aborted computation. */
export function abortedError(what: string, signal: AbortSignal): CrmError {
  return new CrmError('aborted', `${what} was aborted`, { cause: signal.reason });
}

/** The outcome of running work: its value, or `aborted`. */
export type RunOutcome<T> = { readonly aborted: false; readonly value: T } | { readonly aborted: true };

/**
 * Runs `work` to completion, reporting progress; stops at the first pause point where `signal` is aborted.
 */
export function runSync<T>(work: Generator<ScoringProgress | undefined, T>, control: ProgressOptions): RunOutcome<T> {
  const { onProgress, signal } = control;
  for (;;) {
    if (signal?.aborted) {
      work.return(undefined as never);
      return { aborted: true };
    }
    const s = work.next();
    if (s.done) return { aborted: false, value: s.value };
    if (s.value !== undefined && onProgress !== undefined) onProgress(s.value);
  }
}

/**
 * Resolves on a later turn of the event loop, after pending I/O and timers have had a chance to run
 * (`setImmediate` in Node and Deno, a `MessageChannel` message in browsers, else `setTimeout(0)`).
 */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as unknown as {
    setImmediate?: (fn: () => void) => unknown;
    MessageChannel?: new () => {
      port1: { onmessage: (() => void) | null; close(): void };
      port2: { postMessage(v: unknown): void };
    };
  };
  return new Promise((resolve) => {
    if (typeof g.setImmediate === 'function') g.setImmediate(resolve);
    else if (typeof g.MessageChannel === 'function') {
      const channel = new g.MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    } else setTimeout(resolve, 0);
  });
}

/**
 * Runs `work` like {@link runSync}, giving the event loop a turn at every pause point, so a timer, I/O or
 * a UI can abort it: the abort takes effect at the next pause point (a block of rows, milliseconds away).
 */
export async function runAsync<T>(
  work: Generator<ScoringProgress | undefined, T>,
  control: ProgressOptions,
): Promise<RunOutcome<T>> {
  const { onProgress, signal } = control;
  for (;;) {
    await yieldToEventLoop();
    if (signal?.aborted) {
      work.return(undefined as never);
      return { aborted: true };
    }
    const s = work.next();
    if (s.done) return { aborted: false, value: s.value };
    if (s.value !== undefined && onProgress !== undefined) onProgress(s.value);
  }
}
