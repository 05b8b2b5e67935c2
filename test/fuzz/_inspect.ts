/**
 * What the fuzzer checks around a call, without ever calling into the values it inspects: a snapshot
 * of everything reachable from the arguments (own property descriptors, so a throwing getter is
 * recorded, not called), compared after the call for changes and for freezing; and a bounded walk of
 * what came back, for NaN, ±Infinity and invalid Dates.
 */

/** How many objects a snapshot or a walk visits at most; the seeds and hostile values stay far below. */
export const MAX_NODES = 200_000;

export interface ObjectSnapshot {
  readonly proto: object | null;
  readonly frozen: boolean;
  readonly extensible: boolean;
  /** Own keys with their value (data) or getter and setter (accessor). */
  readonly props: readonly (readonly [PropertyKey, unknown, unknown, boolean])[];
  /** Dates' time, Maps' and Sets' entries, typed arrays' and buffers' bytes. */
  readonly inner: unknown;
}

/** Every object reachable from a value, with the state it had when the snapshot was taken. */
export type Snapshot = Map<object, ObjectSnapshot>;

function isObject(v: unknown): v is object {
  return (typeof v === 'object' && v !== null) || typeof v === 'function';
}

function innerState(o: object, push: (v: unknown) => void): unknown {
  if (o instanceof Date) return o.getTime();
  if (o instanceof Map) {
    const entries = [...o.entries()];
    for (const [k, v] of entries) {
      push(k);
      push(v);
    }
    return entries.flat();
  }
  if (o instanceof Set) {
    const values = [...o.values()];
    for (const v of values) push(v);
    return values;
  }
  if (ArrayBuffer.isView(o)) return Array.from(new Uint8Array(o.buffer, o.byteOffset, o.byteLength));
  if (o instanceof ArrayBuffer) return Array.from(new Uint8Array(o));
  return undefined;
}

function ownProps(o: object, push: (v: unknown) => void): ObjectSnapshot['props'] {
  // Typed arrays' elements are in `inner`; their index keys would only repeat them, slowly.
  if (ArrayBuffer.isView(o)) return [];
  const out: (readonly [PropertyKey, unknown, unknown, boolean])[] = [];
  for (const key of Reflect.ownKeys(o)) {
    const d = Reflect.getOwnPropertyDescriptor(o, key);
    if (d === undefined) continue;
    if ('value' in d) {
      push(d.value);
      out.push([key, d.value, undefined, false]);
    } else out.push([key, d.get, d.set, true]);
  }
  return out;
}

/**
 * The state of every object reachable from `roots` through own properties (getters are recorded, not
 * called), Map and Set entries; functions are compared by identity and not entered. Prototypes are not
 * entered either: they are the library's and the platform's (see {@link prototypeKeys}); nor are objects
 * for which `opaque` is true.
 */
export function snapshot(roots: readonly unknown[], opaque?: (o: object) => boolean): Snapshot {
  const snap: Snapshot = new Map();
  const stack: unknown[] = [...roots];
  const push = (v: unknown): void => {
    if (isObject(v) && typeof v !== 'function' && !snap.has(v)) stack.push(v);
  };
  while (stack.length > 0 && snap.size < MAX_NODES) {
    const o = stack.pop();
    if (!isObject(o) || typeof o === 'function' || snap.has(o) || opaque?.(o) === true) continue;
    snap.set(o, {
      proto: Reflect.getPrototypeOf(o),
      frozen: Object.isFrozen(o),
      extensible: Object.isExtensible(o),
      props: ownProps(o, push),
      inner: innerState(o, push),
    });
  }
  return snap;
}

function sameList(a: unknown, b: unknown): boolean {
  if (!Array.isArray(a) || !Array.isArray(b)) return Object.is(a, b);
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function keyText(k: PropertyKey): string {
  return typeof k === 'symbol' ? k.toString() : String(k);
}

/**
 * What changed since the snapshot in the objects it holds: a property added, removed or given another
 * value, a prototype swapped, entries of a Map or Set, a Date's time, a buffer's bytes; and objects
 * that were not frozen (or were extensible) and now are frozen (or sealed, or not extensible). `[]` when
 * nothing did.
 */
export function changesSince(snap: Snapshot): string[] {
  const out: string[] = [];
  for (const [o, before] of snap) {
    if (out.length >= 3) break;
    const tag = Array.isArray(o) ? 'an array' : o instanceof Date ? 'a Date' : 'an object';
    if (!before.frozen && Object.isFrozen(o)) out.push(`froze ${tag} of the input`);
    else if (before.extensible && !Object.isExtensible(o)) out.push(`sealed ${tag} of the input`);
    if (Reflect.getPrototypeOf(o) !== before.proto) out.push(`changed the prototype of ${tag} of the input`);
    const now = ownProps(o, () => undefined);
    if (now.length !== before.props.length) {
      const was = new Set(before.props.map((p) => p[0]));
      const is = new Set(now.map((p) => p[0]));
      const added = [...is].filter((k) => !was.has(k)).map(keyText);
      const removed = [...was].filter((k) => !is.has(k)).map(keyText);
      out.push(`changed the keys of ${tag} of the input (added [${added}], removed [${removed}])`);
      continue;
    }
    for (let i = 0; i < now.length; i++) {
      const [k, v, s, accessor] = now[i]!;
      const [k0, v0, s0, accessor0] = before.props[i]!;
      if (k !== k0 || accessor !== accessor0 || !Object.is(v, v0) || !Object.is(s, s0)) {
        out.push(`changed key '${keyText(k0)}' of ${tag} of the input`);
        break;
      }
    }
    if (
      !sameList(
        innerState(o, () => undefined),
        before.inner,
      )
    )
      out.push(`changed the contents of ${tag} of the input`);
  }
  return out;
}

/** Own keys of the shared prototypes, to catch prototype pollution. */
export function prototypeKeys(): number {
  return (
    Reflect.ownKeys(Object.prototype).length +
    Reflect.ownKeys(Array.prototype).length +
    Reflect.ownKeys(Function.prototype).length
  );
}

/**
 * The path of a NaN, ±Infinity or invalid Date in `value`, or `undefined` when it holds none. Walks own
 * enumerable data properties, Map and Set entries and typed arrays' elements, at most
 * {@link MAX_NODES} objects; skips objects in `skip` (the caller's own, passed back) and accessors.
 */
export function nonFinitePath(value: unknown, skip: { has(o: object): boolean }): string | undefined {
  const bad = (v: unknown): boolean =>
    (typeof v === 'number' && !Number.isFinite(v)) || (v instanceof Date && Number.isNaN(v.getTime()));
  if (bad(value)) return '(root)';
  const seen = new Set<object>();
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0 && seen.size < MAX_NODES) {
    const [o, path] = stack.pop()!;
    if (!isObject(o) || typeof o === 'function' || seen.has(o) || skip.has(o) || o instanceof Date) continue;
    seen.add(o);
    if (o instanceof Float64Array || o instanceof Float32Array) {
      for (let i = 0; i < o.length; i++) if (!Number.isFinite(o[i]!)) return `${path}[${i}]`;
      continue;
    }
    if (ArrayBuffer.isView(o)) continue;
    const children: [unknown, string][] = [];
    if (o instanceof Map) for (const [k, v] of o) children.push([v, `${path}.get(${String(k)})`]);
    else if (o instanceof Set) for (const v of o) children.push([v, `${path}{}`]);
    else
      for (const key of Object.keys(o)) {
        const d = Object.getOwnPropertyDescriptor(o, key);
        if (d !== undefined && 'value' in d)
          children.push([d.value, Array.isArray(o) ? `${path}[${key}]` : `${path}.${key}`]);
      }
    for (const [v, p] of children) {
      if (bad(v)) return p === '' ? '(root)' : p;
      stack.push([v, p]);
    }
  }
  return undefined;
}
