/**
 * Finding values no event or result may hold: NaN, ±Infinity, an invalid Date (private).
 *
 * @module
 */

/** Nesting deeper than this is not searched (no record of crmkit's nests that deep). */
const MAX_DEPTH = 64;

/** Where `v` holds NaN, ±Infinity or an invalid Date (none can be told in an event), if anywhere. */
export function nonFiniteAt(
  v: unknown,
  path: (string | number)[],
  depth: number,
): { path: (string | number)[]; value: unknown } | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : { path, value: v };
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? { path, value: v } : undefined;
  if (v === null || typeof v !== 'object' || depth >= MAX_DEPTH) return undefined;
  for (const [k, x] of Object.entries(v)) {
    const found = nonFiniteAt(x, [...path, Array.isArray(v) ? Number(k) : k], depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
