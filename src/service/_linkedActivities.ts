/**
 * Private: where a service metric finds each record's activities (a ticket's replies, a lead's
 * touches), in the four forms `segmentMembers` accepts its activities: a flat list linked by
 * `ticketId` / `leadId`, a Map or an object keyed by record id, or a function of the record's id. Each
 * record's list comes with the way to turn a path inside that list into a path the caller can follow
 * (the index in the flat list, or the record id in a Map, object or function).
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { callerFunction } from '../metrics/_guard.js';

/**
 * Finds a record's activities (`list`, by the record's id: what the caller gave for it — an array, or
 * whatever a Map, object or function held), and places a path relative to that list in the caller's
 * input (`where`: `[j, 'occurredAt']` → the index in the flat list, or the record id and `j`). `where`
 * is only called for an issue, so a valid input allocates no paths.
 */
export interface LinkedSource {
  list(id: string): unknown;
  where(id: string, path: readonly PathSegment[]): PathSegment[];
}

const NONE: readonly unknown[] = /* @__PURE__ */ Object.freeze([]);

/**
 * Reads the caller's activities option `v` at `path` (`['options', 'replies']`, `['activities']`):
 * the source, or the issue when `v` is none of the four forms or the flat list holds a non-object.
 * `undefined`/`null` mean no activities. A flat list's entries linked to no record (no string `link`
 * field) are never read.
 */
export function linkedSource(
  v: unknown,
  link: 'ticketId' | 'leadId',
  path: readonly PathSegment[],
  expected: string,
): LinkedSource | CrmIssue {
  const byId = (id: string, p: readonly PathSegment[]): PathSegment[] => [...path, id, ...p];
  if (v === undefined || v === null) return { list: () => NONE, where: byId };
  if (typeof v === 'function') {
    const fn = callerFunction(v as (id: string) => unknown);
    return { list: (id) => fn(id) ?? NONE, where: byId };
  }
  if (Array.isArray(v)) {
    const items = new Map<string, unknown[]>();
    const indexes = new Map<string, number[]>();
    for (let i = 0; i < v.length; i++) {
      const a: unknown = v[i];
      if (a === null || typeof a !== 'object') return crmIssue.invalidType([...path, i], expected, a);
      const id = (a as Record<string, unknown>)[link];
      if (typeof id !== 'string') continue;
      const list = items.get(id);
      if (list === undefined) {
        items.set(id, [a]);
        indexes.set(id, [i]);
      } else {
        list.push(a);
        indexes.get(id)!.push(i);
      }
    }
    return {
      list: (id) => items.get(id) ?? NONE,
      where: (id, p) =>
        p.length > 0 && typeof p[0] === 'number' ? [...path, indexes.get(id)![p[0]]!, ...p.slice(1)] : [...path, ...p],
    };
  }
  if (v instanceof Map) {
    const m = v as ReadonlyMap<unknown, unknown>;
    return { list: (id) => m.get(id) ?? NONE, where: byId };
  }
  if (typeof v === 'object') {
    const o = v as Readonly<Record<string, unknown>>;
    return { list: (id) => (Object.prototype.hasOwnProperty.call(o, id) ? (o[id] ?? NONE) : NONE), where: byId };
  }
  return crmIssue.invalidType(
    path,
    `a list of ${expected}s linked by ${link}, a Map or object of lists by id, or a function`,
    v,
  );
}
