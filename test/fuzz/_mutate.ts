/**
 * Where the fuzzer puts a hostile value in a valid argument list. The places are found by walking a
 * fresh copy of the seed's arguments through plain objects (prototype `Object.prototype` or `null`) and
 * arrays, so records, options, custom fields, stage histories and condition JSON are all entered;
 * class instances (Dates, models with methods) are replaced whole but not entered.
 *
 * A mutation copies only the objects on the way to the place it changes (with their prototype and
 * property descriptors, getters included), so the seed's other objects — often frozen library values
 * such as `b2bPipeline` — are shared, as a caller's would be.
 */
import { HOLE } from './_hostile.js';

/** The family of a place, for choosing evenly between them and for the report. */
export type MutationFamily = 'argument' | 'option key' | 'extra key' | 'first element' | 'nested path';

export const MUTATION_FAMILIES: readonly MutationFamily[] = [
  'argument',
  'option key',
  'extra key',
  'first element',
  'nested path',
];

/** A place: the path from the argument list to it; the last segment is the key or index replaced. */
export interface Place {
  readonly family: MutationFamily;
  readonly path: readonly PropertyKey[];
}

/** Keys added to plain objects: an unknown one, and prototype members a lookup might find. */
export const EXTRA_KEYS: readonly string[] = ['unknownKey', '__proto__', 'constructor', 'toString'];

/** How deep into an argument places are looked for, and how many are listed per argument list. */
const MAX_DEPTH = 8;
const MAX_PLACES = 400;

function isPlain(v: unknown): v is Record<PropertyKey, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const p = Reflect.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

function dataValue(o: object, key: PropertyKey): unknown {
  const d = Reflect.getOwnPropertyDescriptor(o, key);
  return d !== undefined && 'value' in d ? d.value : undefined;
}

/**
 * Every place in an argument list, by family; nested places below the top level of each argument.
 * Objects for which `opaque` is true (a store, say) are replaced whole but not entered.
 */
export function placesOf(args: readonly unknown[], opaque?: (o: object) => boolean): Place[] {
  const out: Place[] = [];
  const seen = new Set<object>();
  args.forEach((_, i) => out.push({ family: 'argument', path: [i] }));
  const visit = (v: unknown, path: readonly PropertyKey[], depth: number): void => {
    if (out.length >= MAX_PLACES || depth > MAX_DEPTH || typeof v !== 'object' || v === null || seen.has(v)) return;
    if (opaque?.(v) === true) return;
    seen.add(v);
    const top = path.length === 1;
    if (Array.isArray(v)) {
      if (v.length > 0) {
        out.push({ family: 'first element', path: [...path, 0] });
        for (let i = 0; i < Math.min(v.length, 3); i++) visit(dataValue(v, String(i)), [...path, i], depth + 1);
      }
      return;
    }
    if (!isPlain(v)) return;
    for (const key of Reflect.ownKeys(v)) {
      if (typeof key === 'symbol') continue;
      out.push({ family: top ? 'option key' : 'nested path', path: [...path, key] });
      visit(dataValue(v, key), [...path, key], depth + 1);
    }
    for (const key of EXTRA_KEYS) out.push({ family: 'extra key', path: [...path, key] });
  };
  args.forEach((a, i) => visit(a, [i], 0));
  return out;
}

/** A copy with the same prototype and properties (getters too), every property writable and configurable. */
function copyOf(o: object): object {
  const copy: object = Array.isArray(o) ? new Array<unknown>(o.length) : Object.create(Reflect.getPrototypeOf(o));
  for (const key of Reflect.ownKeys(o)) {
    if (Array.isArray(o) && key === 'length') continue;
    const d = Reflect.getOwnPropertyDescriptor(o, key)!;
    Reflect.defineProperty(
      copy,
      key,
      'value' in d ? { ...d, writable: true, configurable: true } : { ...d, configurable: true },
    );
  }
  return copy;
}

function put(o: object, key: PropertyKey, value: unknown): void {
  if (value === HOLE) Reflect.deleteProperty(o, key);
  else Reflect.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * The argument list with `value` at `place` (copying the objects on the way; the seed is not changed).
 * `HOLE` deletes the key or makes a hole; as a whole argument it is `undefined`.
 */
export function applyPlace(args: readonly unknown[], place: Place, value: unknown): unknown[] {
  const out = [...args];
  const [first, ...rest] = place.path as [number, ...PropertyKey[]];
  if (rest.length === 0) {
    out[first] = value === HOLE ? undefined : value;
    return out;
  }
  const root = copyOf(out[first] as object);
  out[first] = root;
  let node: object = root;
  for (let i = 0; i < rest.length - 1; i++) {
    const key = rest[i]!;
    const child = copyOf(dataValue(node, key) as object);
    put(node, key, child);
    node = child;
  }
  put(node, rest[rest.length - 1]!, value);
  return out;
}

/** The place as text, e.g. `args[1].stageHistory[0].by`. */
export function placeText(place: Place): string {
  const [first, ...rest] = place.path;
  let s = `args[${String(first)}]`;
  for (const k of rest) s += typeof k === 'number' ? `[${k}]` : `.${String(k)}`;
  return s;
}
