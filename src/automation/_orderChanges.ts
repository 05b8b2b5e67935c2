/**
 * The order of a record event's changes (private): the same on every store, whatever key order a
 * store's records have.
 *
 * @module
 */
import type { EntityKind } from '../core/ids.js';
import { ENTITY_FIELDS } from '../conditions/catalog.js';
import type { RecordChange } from './types.js';

/** The changes in the order of the kind's fields (`ENTITY_FIELDS`), then the others by name (code units). */
export function orderChanges(kind: EntityKind, changes: readonly RecordChange[]): RecordChange[] {
  const known = Object.keys(ENTITY_FIELDS[kind]);
  const rank = (field: string): number => {
    const i = known.indexOf(field);
    return i === -1 ? known.length : i;
  };
  return [...changes].sort((x, y) => {
    const d = rank(x.field) - rank(y.field);
    if (d !== 0) return d;
    return x.field < y.field ? -1 : x.field > y.field ? 1 : 0;
  });
}
