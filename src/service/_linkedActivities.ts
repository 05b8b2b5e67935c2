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

/** One record's activities, and how to place a path relative to them in the caller's input. */
export interface LinkedList {
  /** What the caller gave for this record (an array, or whatever a Map, object or function held). */
  readonly list: unknown;
  /** A path relative to `list` (`[j, 'occurredAt']`) as a path in the caller's input. */
  where(path: readonly PathSegment[]): PathSegment[];
}

/** Finds a record's activities. */
export type LinkedSource = (record: object, id: string) => LinkedList;

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
  if (v === undefined || v === null) return () => ({ list: NONE, where: (p) => [...path, ...p] });
  if (typeof v === 'function') {
    const fn = callerFunction(v as (id: string) => unknown);
    return (_record, id) => ({ list: fn(id) ?? NONE, where: (p) => [...path, id, ...p] });
  }
  if (Array.isArray(v)) {
    const byId = new Map<string, { items: unknown[]; indexes: number[] }>();
    for (let i = 0; i < v.length; i++) {
      const a: unknown = v[i];
      if (a === null || typeof a !== 'object') return crmIssue.invalidType([...path, i], expected, a);
      const id = (a as Record<string, unknown>)[link];
      if (typeof id !== 'string') continue;
      let entry = byId.get(id);
      if (entry === undefined) byId.set(id, (entry = { items: [], indexes: [] }));
      entry.items.push(a);
      entry.indexes.push(i);
    }
    return (_record, id) => {
      const entry = byId.get(id);
      if (entry === undefined) return { list: NONE, where: (p) => [...path, ...p] };
      return {
        list: entry.items,
        where: (p) =>
          p.length > 0 && typeof p[0] === 'number' ? [...path, entry.indexes[p[0]]!, ...p.slice(1)] : [...path, ...p],
      };
    };
  }
  if (v instanceof Map) {
    const m = v as ReadonlyMap<unknown, unknown>;
    return (_record, id) => ({ list: m.get(id) ?? NONE, where: (p) => [...path, id, ...p] });
  }
  if (typeof v === 'object') {
    const o = v as Readonly<Record<string, unknown>>;
    return (_record, id) => ({
      list: Object.prototype.hasOwnProperty.call(o, id) ? (o[id] ?? NONE) : NONE,
      where: (p) => [...path, id, ...p],
    });
  }
  return crmIssue.invalidType(
    path,
    `a list of ${expected}s linked by ${link}, a Map or object of lists by id, or a function`,
    v,
  );
}
