/**
 * The worker thread of `createClvWorkerPool` (crmkit/workers): runs one batch call (or one fit) of
 * crmkit/clv on the rows it is sent and sends the typed arrays of the answer back (transferred, not copied). A call the
 * batch function refuses, or that throws, is answered `{ ok: false }`: the pool then makes the call on
 * its own thread, so the caller gets exactly the synchronous call's error.
 *
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { fitBgNbd } from '../clv/bgNbd.js';
import { fitGammaGamma } from '../clv/gammaGamma.js';
import { fitParetoNbd } from '../clv/paretoNbd.js';
import { lifetimeValues } from '../clv/lifetimeValues.js';
import { predictBgNbd } from '../clv/predictBgNbd.js';
import { predictGammaGamma } from '../clv/predictGammaGamma.js';
import { predictParetoNbd } from '../clv/predictParetoNbd.js';
import type { Result } from '../core/result.js';

type BatchCall = (...args: never[]) => Result<unknown>;

const CALLS: Readonly<Record<string, BatchCall>> = {
  fitBgNbd,
  fitGammaGamma,
  fitParetoNbd,
  lifetimeValues,
  predictBgNbd,
  predictGammaGamma,
  predictParetoNbd,
};

/** The ArrayBuffers of the typed arrays in an answer (a Float64Array, or an object of them and lists of them). */
function buffersOf(value: unknown, into: ArrayBuffer[]): void {
  if (value instanceof Float64Array) {
    if (value.buffer instanceof ArrayBuffer && !into.includes(value.buffer)) into.push(value.buffer);
  } else if (Array.isArray(value)) for (const v of value) buffersOf(v, into);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) buffersOf(v, into);
}

// Loaded: the pool keeps a thread that died before saying so stopped (a thread file it cannot load).
parentPort?.postMessage({ ready: true });

parentPort?.on('message', (message: { id: number; fn: string; args: unknown[] }) => {
  const { id, fn, args } = message;
  let reply: { id: number; ok: boolean; value?: unknown } = { id, ok: false };
  const transfer: ArrayBuffer[] = [];
  try {
    const call = Object.hasOwn(CALLS, fn) ? CALLS[fn] : undefined;
    const r = call === undefined ? undefined : (call as (...a: unknown[]) => Result<unknown>)(...args);
    if (r !== undefined && r.ok) {
      reply = { id, ok: true, value: r.value };
      buffersOf(r.value, transfer);
    }
  } catch {
    // Answered { ok: false }: the pool makes the call itself.
  }
  parentPort!.postMessage(reply, transfer);
});
