/**
 * Finding values no event or result may hold: NaN, ±Infinity, an invalid Date (private).
 *
 * @module
 */

/** Nesting deeper than this is not searched (no record of crmkit's nests that deep). */
const MAX_DEPTH = 64;

/** Whether `v` holds NaN, ±Infinity or an invalid Date anywhere (no allocation: the common case). */
export function hasNonFinite(v: unknown, depth: number): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (v === null || typeof v !== 'object' || depth >= MAX_DEPTH) return false;
  if (v instanceof Date) return Number.isNaN(v.getTime());
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (hasNonFinite(v[i], depth + 1)) return true;
    return false;
  }
  const o = v as Readonly<Record<string, unknown>>;
  // The value first, ownership only for a bad one (an own-key test per key cost more than the rest).
  for (const k in o) {
    const x = o[k];
    if (
      (typeof x === 'number'
        ? !Number.isFinite(x)
        : typeof x === 'object' && x !== null && hasNonFinite(x, depth + 1)) &&
      Object.hasOwn(o, k)
    )
      return true;
  }
  return false;
}

/** Where `v` holds NaN, ±Infinity or an invalid Date (none can be told in an event), if anywhere. */
export function nonFiniteAt(
  v: unknown,
  path: (string | number)[],
  depth: number,
): { path: (string | number)[]; value: unknown } | undefined {
  return hasNonFinite(v, depth) ? locate(v, path, depth) : undefined;
}

/** The path to the first non-finite value (called only when there is one). */
function locate(
  v: unknown,
  path: (string | number)[],
  depth: number,
): { path: (string | number)[]; value: unknown } | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : { path, value: v };
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? { path, value: v } : undefined;
  if (v === null || typeof v !== 'object' || depth >= MAX_DEPTH) return undefined;
  for (const [k, x] of Object.entries(v)) {
    const found = locate(x, [...path, Array.isArray(v) ? Number(k) : k], depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
