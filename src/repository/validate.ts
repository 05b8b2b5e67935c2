/**
 * Validation shared by every adapter: the store context and domain events about to be appended to
 * the outbox.
 *
 * @module
 */
import { CrmError, formatPath, type CrmIssue, type PathSegment } from '../core/errors.js';
import type { DomainEvent } from '../core/events.js';
import { ENTITY_KINDS } from '../core/ids.js';
import { err, ok, type Result } from '../core/result.js';
import type { StoreContext } from './ports.js';
import { hasLoneSurrogate } from '../_lib/text.js';
import { thrownText } from '../_lib/show.js';

const EVENT_TYPE = /^[a-z][a-z0-9_]{0,99}$/;

/** Whether `type` is snake_case, or an entity kind (camelCase, as in `surveyResponse_created`) then `_` and snake_case. */
function isEventType(type: unknown): type is string {
  if (typeof type !== 'string' || type.length > 100) return false;
  if (EVENT_TYPE.test(type)) return true;
  const cut = type.indexOf('_');
  return (
    cut > 0 && (ENTITY_KINDS as readonly string[]).includes(type.slice(0, cut)) && EVENT_TYPE.test(type.slice(cut + 1))
  );
}
const MAX_PAYLOAD_DEPTH = 32;
/** Event ids are longer than record ids: a record event's id holds a record id of up to 200 characters (crmkit/automation). */
const MAX_EVENT_ID = 300;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function textProblem(v: unknown, max: number): string | null {
  if (typeof v !== 'string') return 'Expected a string';
  if (v.length === 0 || v.trim() !== v) return 'Must be non-empty without leading or trailing spaces';
  if (v.length > max) return `Must be at most ${max} characters`;
  if (v.includes('\u0000')) return 'Must not contain NUL (\\u0000) characters';
  if (hasLoneSurrogate(v)) return 'Must be well-formed Unicode text (no lone UTF-16 surrogate)';
  return null;
}

/**
 * Checks a store context: `tenantId` is a non-empty string of at most 200 characters without
 * surrounding spaces, NUL characters or lone UTF-16 surrogates (PostgreSQL stores a lone surrogate
 * as U+FFFD, so `'acme-\uD800'` and `'acme-\uDC00'` would become one tenant there); `actor`, when
 * given, likewise; `causedBy`, when given, is `{ workflowId, depth }` (text as above, a non-negative
 * integer, no other key). Returns a frozen copy holding only `tenantId`, `actor` and `causedBy`
 * (never the caller's object), or `validation_failed` with an issue per bad member; never throws.
 *
 * @example
 * ```ts
 * validateContext({ tenantId: 'acme' }).ok; //=> true
 * validateContext({ tenantId: '' }).ok; //=> false
 * validateContext({ tenantId: 'acme-\uD800' }).ok; //=> false
 * ```
 */
export function validateContext(ctx: unknown): Result<StoreContext> {
  if (ctx === null || typeof ctx !== 'object') {
    return err(
      new CrmError('validation_failed', 'The store context must be an object { tenantId, actor? }', {
        issues: [{ path: [], message: 'Expected an object', code: 'invalid_type' }],
      }),
    );
  }
  const issues: CrmIssue[] = [];
  const { tenantId, actor, causedBy } = ctx as { tenantId?: unknown; actor?: unknown; causedBy?: unknown };
  const t = textProblem(tenantId, 200);
  if (t !== null) issues.push({ path: ['tenantId'], message: `tenantId: ${t}`, code: 'invalid_tenant' });
  if (actor !== undefined) {
    const a = textProblem(actor, 200);
    if (a !== null) issues.push({ path: ['actor'], message: `actor: ${a}`, code: 'invalid_actor' });
  }
  const cause = causedBy === undefined ? undefined : checkCause(causedBy, issues);
  if (issues.length > 0)
    return err(new CrmError('validation_failed', `Invalid store context: ${issues[0]!.message}`, { issues }));
  const copy: { tenantId: string; actor?: string; causedBy?: StoreContext['causedBy'] } = {
    tenantId: tenantId as string,
  };
  if (actor !== undefined) copy.actor = actor as string;
  if (cause !== undefined) copy.causedBy = cause;
  return ok(Object.freeze(copy));
}

/** A context's `causedBy`: `{ workflowId, depth }` with nothing else, copied and frozen (issues pushed otherwise). */
function checkCause(causedBy: unknown, issues: CrmIssue[]): StoreContext['causedBy'] {
  if (!isPlainObject(causedBy)) {
    issues.push({ path: ['causedBy'], message: 'causedBy: Expected { workflowId, depth }', code: 'invalid_type' });
    return undefined;
  }
  const before = issues.length;
  const extra = Object.keys(causedBy).filter((k) => k !== 'workflowId' && k !== 'depth');
  if (extra.length > 0)
    issues.push({
      path: ['causedBy'],
      message: `causedBy: unknown keys ${extra.join(', ')}; allowed: workflowId, depth`,
      code: 'unrecognized_keys',
    });
  const { workflowId, depth } = causedBy;
  const w = textProblem(workflowId, 200);
  if (w !== null)
    issues.push({ path: ['causedBy', 'workflowId'], message: `causedBy.workflowId: ${w}`, code: 'invalid_type' });
  if (typeof depth !== 'number' || !Number.isSafeInteger(depth) || depth < 0)
    issues.push({
      path: ['causedBy', 'depth'],
      message: 'causedBy.depth: Expected a non-negative integer',
      code: 'invalid_type',
    });
  if (issues.length > before) return undefined;
  return Object.freeze({ workflowId: workflowId as string, depth: depth as number });
}

function checkPayload(v: unknown, path: PathSegment[], issues: CrmIssue[], depth: number): void {
  if (depth > MAX_PAYLOAD_DEPTH) {
    issues.push({ path, message: `Payloads nest at most ${MAX_PAYLOAD_DEPTH} levels deep`, code: 'too_deep' });
    return;
  }
  if (v === null || typeof v === 'boolean') return;
  if (typeof v === 'string') {
    if (v.includes('\u0000'))
      issues.push({ path, message: 'Text must not contain NUL (\\u0000) characters', code: 'invalid_format' });
    return;
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v))
      issues.push({ path, message: `Numbers must be finite; received ${v}`, code: 'invalid_number' });
    return;
  }
  if (v instanceof Date) {
    if (!Number.isFinite(v.getTime())) issues.push({ path, message: 'Invalid Date', code: 'invalid_date' });
    return;
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => checkPayload(x, [...path, i], issues, depth + 1));
    return;
  }
  if (isPlainObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (k.includes('\u0000'))
        issues.push({ path: [...path, k], message: 'Keys must not contain NUL characters', code: 'invalid_key' });
      else if (hasLoneSurrogate(k))
        issues.push({
          path: [...path, k],
          message: 'Keys must be well-formed Unicode text (no lone UTF-16 surrogate)',
          code: 'invalid_key',
        });
      checkPayload(x, [...path, k], issues, depth + 1);
    }
    return;
  }
  issues.push({
    path,
    message: `Payloads hold JSON data (null, booleans, finite numbers, strings, Dates, arrays, plain objects); received ${typeof v}`,
    code: 'invalid_type',
  });
}

/**
 * Checks domain events before they are appended to an outbox: `id` (non-empty text of at most 300 characters), `type`
 * (snake_case, or an entity kind then `_` and snake_case, as the record events `surveyResponse_created`), `at` (a valid Date), `by` (text or null), `aggregate` (`{ kind, id }` with a known
 * entity kind) and a JSON-like `payload` without NUL characters. The ids (`id`, `by`,
 * `aggregate.id`) and the payload's keys must be well-formed Unicode text (no lone UTF-16
 * surrogate); payload *values* may hold lone surrogates and are kept exactly. Returns frozen copies
 * or `validation_failed` with every problem.
 *
 * @example
 * ```ts
 * validateEvents([{ id: 'e1', type: 'deal_won', at: new Date(), by: null, aggregate: { kind: 'deal', id: 'd1' }, payload: {} }]).ok; //=> true
 * ```
 */
export function validateEvents(events: unknown): Result<readonly DomainEvent[]> {
  if (!Array.isArray(events)) {
    return err(
      new CrmError('validation_failed', 'append takes an array of domain events', {
        issues: [{ path: [], message: 'Expected an array', code: 'invalid_type' }],
      }),
    );
  }
  const issues: CrmIssue[] = [];
  const out: DomainEvent[] = [];
  // A plain loop visits the holes of a sparse array too (as undefined: not an event).
  for (let i = 0; i < events.length; i++) {
    const before = issues.length;
    try {
      checkEvent(events[i], i, issues, out);
    } catch (cause) {
      // A getter or proxy that throws while the event is read: report it, never pass it on.
      issues.length = before;
      issues.push({ path: [i], message: `The event could not be read: ${thrownText(cause)}`, code: 'invalid_type' });
    }
  }
  if (issues.length > 0)
    return err(
      new CrmError(
        'validation_failed',
        `Invalid domain events: ${issues.length} issue${issues.length === 1 ? '' : 's'}; first at ${formatPath(issues[0]!.path)}: ${issues[0]!.message}`,
        { issues },
      ),
    );
  return ok(Object.freeze(out));
}

/** Checks one event, pushing its issues, or its copy to `out` when it has none. */
function checkEvent(e: unknown, i: number, issues: CrmIssue[], out: DomainEvent[]): void {
  if (e === null || typeof e !== 'object') {
    issues.push({ path: [i], message: 'Expected an event object', code: 'invalid_type' });
    return;
  }
  const ev = e as Record<string, unknown>;
  const before = issues.length;
  const extra = Object.keys(ev).filter((k) => !['id', 'type', 'at', 'by', 'aggregate', 'payload'].includes(k));
  if (extra.length > 0)
    issues.push({ path: [i], message: `Unexpected event keys: ${extra.join(', ')}`, code: 'unrecognized_keys' });
  // Each member is read once: what is checked is what is copied.
  const { id, type, at, by, aggregate, payload } = ev;
  const idp = textProblem(id, MAX_EVENT_ID);
  if (idp !== null) issues.push({ path: [i, 'id'], message: idp, code: 'invalid_type' });
  if (!isEventType(type))
    issues.push({
      path: [i, 'type'],
      message:
        'Event types are snake_case (e.g. lead_converted), or an entity kind then snake_case (surveyResponse_created)',
      code: 'invalid_type',
    });
  if (!(at instanceof Date) || !Number.isFinite(at.getTime()))
    issues.push({ path: [i, 'at'], message: 'Expected a valid Date', code: 'invalid_date' });
  if (by !== null) {
    const byp = textProblem(by, 200);
    if (byp !== null) issues.push({ path: [i, 'by'], message: `${byp} (or null)`, code: 'invalid_type' });
  }
  let aggKind: unknown, aggId: unknown;
  if (aggregate === null || typeof aggregate !== 'object')
    issues.push({ path: [i, 'aggregate'], message: 'Expected { kind, id }', code: 'invalid_type' });
  else {
    ({ kind: aggKind, id: aggId } = aggregate as { kind?: unknown; id?: unknown });
    if (!(ENTITY_KINDS as readonly unknown[]).includes(aggKind))
      issues.push({
        path: [i, 'aggregate', 'kind'],
        message: `Expected one of ${ENTITY_KINDS.join(', ')}`,
        code: 'invalid_value',
      });
    const ap = textProblem(aggId, 200);
    if (ap !== null) issues.push({ path: [i, 'aggregate', 'id'], message: ap, code: 'invalid_type' });
  }
  const data = payload === undefined ? null : payload;
  checkPayload(data, [i, 'payload'], issues, 0);
  if (issues.length === before)
    out.push({
      id: id as string,
      type: type as string,
      at: new Date((at as Date).getTime()),
      by: by as string | null,
      aggregate: { kind: aggKind as DomainEvent['aggregate']['kind'], id: aggId as string },
      payload: structuredClone(data),
    });
}
