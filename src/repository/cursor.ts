/**
 * Keyset cursors: the opaque `nextCursor` of a page, encoded and decoded the same way by every adapter.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { quoteValue } from '../_lib/show.js';
import {
  checkPosition,
  checkSortKeys,
  entityId,
  readField,
  type CursorPosition,
  type NormalizedSortKey,
  type SortValue,
} from './sort.js';

const DECIMAL = /^-?\d+(\.\d+)?$/;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function orderSignature(orderBy: readonly NormalizedSortKey[]): string {
  return orderBy.map((k) => `${k.field}:${k.direction}:${k.nulls}`).join(',');
}

function encodeValue(v: SortValue): unknown {
  if (v instanceof Date) return { d: v.getTime() };
  if (v !== null && typeof v === 'object') return { j: v.json };
  return v;
}

/** The cursor text of checked sort keys and a position. @throws CrmError when a value is not JSON data. */
function encode(orderBy: readonly NormalizedSortKey[], position: CursorPosition, fn: string): string {
  if (position.values.length !== orderBy.length)
    throw new CrmError(
      'validation_failed',
      `${fn}: the position has ${position.values.length} values for ${orderBy.length} sort keys`,
      {
        issues: [
          crmIssue.invalidValue(['position', 'values'], `one value per sort key (${orderBy.length})`, position.values),
        ],
      },
    );
  let json: string;
  try {
    json = JSON.stringify({ o: orderSignature(orderBy), v: position.values.map(encodeValue), i: position.id });
  } catch (cause) {
    if (cause instanceof CrmError) throw cause;
    throw new CrmError(
      'validation_failed',
      `${fn}: a sort value is not JSON data; received ${quoteValue(position.values)}`,
      {
        issues: [crmIssue.invalidType(['position', 'values'], 'sort values of JSON data', position.values)],
        cause,
      },
    );
  }
  return toBase64Url(json);
}

/**
 * Encodes a cursor position opaquely (base64url of JSON holding the sort signature, the sort
 * values and the id). Cursors are only meaningful with the same sort they were made for.
 *
 * @throws CrmError `validation_failed` when the sort keys are not those of a `NormalizedQuery`, the position is not
 * `{ values, id }` with one value per sort key, or a value is not JSON data (a call no type-correct program makes).
 *
 * @example
 * ```ts
 * const q = unwrap(validateQuery('deal', { orderBy: [{ field: 'expectedCloseDate' }] }));
 * const c = encodeCursor(q.orderBy, { values: [new Date('2026-03-01T00:00:00Z')], id: 'deal-7' });
 * const back = decodeCursor(c, q.orderBy);
 * if (back.ok) back.value.id; //=> 'deal-7'
 * ```
 */
export function encodeCursor(orderBy: readonly NormalizedSortKey[], position: CursorPosition): string {
  return encode(checkSortKeys(orderBy, 'encodeCursor'), checkPosition(position, 'encodeCursor'), 'encodeCursor');
}

/**
 * The cursor position after an entity (its sort values and id), encoded with {@link encodeCursor}.
 *
 * @throws CrmError `validation_failed` when the sort keys are not those of a `NormalizedQuery`, the entity has no
 * string id, or a value is not JSON data (a call no type-correct program makes).
 *
 * @example
 * ```ts
 * const q = unwrap(validateQuery('deal', { orderBy: [{ field: 'name' }] }));
 * const next = cursorAfter(q.orderBy, { id: 'deal-7', name: 'Pilot' }); // the last item of a page
 * typeof next; //=> 'string'
 * ```
 */
export function cursorAfter(orderBy: readonly NormalizedSortKey[], entity: object): string {
  return cursorAfterChecked(checkSortKeys(orderBy, 'cursorAfter'), entity);
}

/** {@link cursorAfter} of checked sort keys. */
export function cursorAfterChecked(orderBy: readonly NormalizedSortKey[], entity: object): string {
  const id = entityId(entity, 'cursorAfter');
  return encode(orderBy, { values: orderBy.map((k) => readField(entity, k.field, k.type)), id }, 'cursorAfter');
}

/**
 * Decodes a cursor made by {@link encodeCursor} for the same sort keys; a malformed cursor, one made
 * for another sort, or sort keys that are not a `NormalizedQuery`'s fail with `validation_failed`.
 * Never throws.
 *
 * @example
 * ```ts
 * const q = unwrap(validateQuery('deal', { orderBy: [{ field: 'name' }] }));
 * const r = decodeCursor(cursorAfter(q.orderBy, { id: 'deal-7', name: 'Pilot' }), q.orderBy);
 * if (r.ok) r.value.id; //=> 'deal-7'
 * decodeCursor('not-a-cursor', q.orderBy).ok; //=> false
 * ```
 */
export function decodeCursor(cursor: unknown, orderBy: readonly NormalizedSortKey[]): Result<CursorPosition> {
  const bad = (message: string) =>
    err(
      new CrmError('validation_failed', `Invalid cursor: ${message}`, {
        issues: [{ path: ['cursor'], message, code: 'invalid_cursor' }],
      }),
    );
  try {
    checkSortKeys(orderBy, 'decodeCursor');
  } catch (e) {
    // Sort keys not made by validateQuery (or unreadable): an error Result, as the function never throws.
    if (e instanceof CrmError) return err(e);
    return err(
      new CrmError('validation_failed', 'decodeCursor: the sort keys could not be read', {
        issues: [crmIssue.invalidType(['orderBy'], 'the sort keys of a NormalizedQuery', orderBy)],
        cause: e,
      }),
    );
  }
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 100_000)
    return bad('expected the nextCursor string of a previous page');
  const text = fromBase64Url(cursor);
  if (text === null) return bad('not a cursor made by this library');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return bad('not a cursor made by this library');
  }
  if (
    !isPlainObject(data) ||
    typeof data['o'] !== 'string' ||
    !Array.isArray(data['v']) ||
    typeof data['i'] !== 'string'
  )
    return bad('not a cursor made by this library');
  if (data['o'] !== orderSignature(orderBy))
    return bad('the cursor was made for a different orderBy; pass the same filter and sort as the first page');
  const raw = data['v'] as unknown[];
  if (raw.length !== orderBy.length) return bad('the cursor does not match the sort keys');
  const values: SortValue[] = [];
  for (let i = 0; i < raw.length; i++) {
    const key = orderBy[i]!;
    const v = raw[i];
    if (v === null) {
      values.push(null);
      continue;
    }
    let decoded: SortValue | undefined;
    switch (key.type) {
      case 'text':
        decoded = typeof v === 'string' ? v : undefined;
        break;
      case 'number':
        decoded = typeof v === 'number' && Number.isFinite(v) ? v : undefined;
        break;
      case 'boolean':
        decoded = typeof v === 'boolean' ? v : undefined;
        break;
      case 'money':
        decoded = typeof v === 'string' && DECIMAL.test(v) ? v : undefined;
        break;
      case 'date':
        decoded =
          isPlainObject(v) && typeof v['d'] === 'number' && Number.isFinite(new Date(v['d']).getTime())
            ? new Date(v['d'])
            : undefined;
        break;
      default:
        decoded =
          typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))
            ? v
            : isPlainObject(v) && 'j' in v
              ? { json: v['j'] }
              : undefined;
    }
    if (decoded === undefined) return bad(`value ${i} does not fit the sort key '${key.field}'`);
    values.push(decoded);
  }
  return ok(Object.freeze({ values: Object.freeze(values), id: data['i'] }));
}
