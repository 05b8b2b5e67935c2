/**
 * The outbox seen through an access policy: an event is shown when the user may read the record it is
 * about and every record its payload names; payload values named like a field the user may not read are
 * left out, and so are a record event's changes of such fields (and those fields of a deletion's
 * `record` snapshot).
 *
 * @module
 */
import { ENTITY_KINDS, type EntityKind } from '../core/ids.js';
import { CrmError, type CrmIssue } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import type { DomainEvent } from '../core/events.js';
import type { EventOutbox, EventPage, Repositories, StoredEvent, StoreContext } from '../repository/ports.js';
import { REPOSITORY_KINDS, type RepositoryName } from '../repository/ports.js';
import { checkEventsRead } from '../repository/checkEventsRead.js';
import { validateEvents } from '../repository/validate.js';
import { MAX_LIMIT } from '../repository/query.js';
import type { Scope } from './_scope.js';
import type { Guard } from './_guardedRepository.js';
import { RECORD_EVENT_ACTIONS } from '../automation/types.js';

const REPOSITORY_OF: ReadonlyMap<string, RepositoryName> = /* @__PURE__ */ new Map(
  /* @__PURE__ */ Object.entries(REPOSITORY_KINDS).map(([name, kind]) => [kind, name as RepositoryName]),
);

/** The kind a payload key names (`dealId`, `convertedAccountId`, `contactIds` …), or undefined. */
function referencedKind(key: string): EntityKind | undefined {
  for (const kind of ENTITY_KINDS) {
    const cap = kind[0]!.toUpperCase() + kind.slice(1);
    if (key === `${kind}Id` || key === `${kind}Ids` || key.endsWith(`${cap}Id`) || key.endsWith(`${cap}Ids`))
      return kind;
  }
  return undefined;
}

type Ref = { readonly kind: EntityKind; readonly id: string };

function referencesOf(event: DomainEvent): Ref[] {
  const out: Ref[] = [{ kind: event.aggregate.kind, id: event.aggregate.id }];
  const p = event.payload;
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return out;
  for (const [key, value] of Object.entries(p)) {
    const kind = referencedKind(key);
    if (kind === undefined) continue;
    if (typeof value === 'string') out.push({ kind, id: value });
    else if (Array.isArray(value)) for (const v of value) if (typeof v === 'string') out.push({ kind, id: v });
  }
  return out;
}

/** For each reference: does it exist, and may the user read it? Looked up a kind at a time. */
async function lookUp(
  repos: Repositories,
  ctx: StoreContext,
  scope: Scope,
  refs: readonly Ref[],
): Promise<Result<{ exists: Set<string>; readable: Set<string> }>> {
  const byKind = new Map<EntityKind, Set<string>>();
  for (const r of refs) {
    let s = byKind.get(r.kind);
    if (s === undefined) byKind.set(r.kind, (s = new Set()));
    s.add(r.id);
  }
  const exists = new Set<string>();
  const readable = new Set<string>();
  for (const [kind, ids] of byKind) {
    const name = REPOSITORY_OF.get(kind);
    if (name === undefined) continue;
    const list = [...ids];
    for (let i = 0; i < list.length; i += MAX_LIMIT) {
      const r = await repos[name].getMany(ctx, list.slice(i, i + MAX_LIMIT) as never[]);
      if (!r.ok) return r;
      for (const rec of r.value) {
        const key = `${kind}\u0000${rec.id}`;
        exists.add(key);
        const a = scope.allows(kind, 'read', rec);
        if (!a.ok) return a;
        if (a.value) readable.add(key);
      }
    }
  }
  return ok({ exists, readable });
}

/** Whether an event is a record event (crmkit/automation): `<kind>_<action>` about its aggregate, with `changes`. */
function isRecordEvent(event: StoredEvent): boolean {
  const p = event.payload as { changes?: unknown } | null;
  return (
    (RECORD_EVENT_ACTIONS as readonly string[]).some((a) => event.type === `${event.aggregate.kind}_${a}`) &&
    typeof p === 'object' &&
    p !== null &&
    Array.isArray(p.changes)
  );
}

/** A record value without the unreadable fields (custom ones inside `customFields`). */
function redactRecordValue(v: unknown, top: ReadonlySet<string>, custom: ReadonlySet<string>): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (top.has(k)) continue;
    out[k] = k === 'customFields' ? redactCustom(x, custom) : x;
  }
  return Object.freeze(out);
}

function redactCustom(v: unknown, custom: ReadonlySet<string>): unknown {
  if (custom.size === 0 || typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (!custom.has(k)) out[k] = x;
  return Object.freeze(out);
}

/**
 * A record event as the user may see it: the changes of unreadable fields left out, unreadable custom
 * fields left out of a `customFields` change (a change left with nothing to tell is dropped), and the
 * deletion's `record` snapshot redacted as the record would be.
 */
function redactRecordEvent(event: StoredEvent, top: ReadonlySet<string>, custom: ReadonlySet<string>): StoredEvent {
  const p = event.payload as Record<string, unknown> & {
    changes: readonly { field: string; from: unknown; to: unknown }[];
  };
  const changes: unknown[] = [];
  for (const c of p.changes) {
    if (typeof c !== 'object' || c === null || top.has(c.field)) continue;
    if (c.field !== 'customFields' || custom.size === 0) {
      changes.push(c);
      continue;
    }
    const from = redactCustom(c.from, custom);
    const to = redactCustom(c.to, custom);
    if (JSON.stringify(from) !== JSON.stringify(to)) changes.push(Object.freeze({ field: c.field, from, to }));
  }
  const payload: Record<string, unknown> = { ...p, changes: Object.freeze(changes) };
  if ('record' in p) payload['record'] = redactRecordValue(p['record'], top, custom);
  return Object.freeze({ ...event, payload: Object.freeze(payload) });
}

function redactPayload(scope: Scope, event: StoredEvent): StoredEvent {
  const p = event.payload;
  const { top, custom } = scope.unreadable(event.aggregate.kind);
  if ((top.size > 0 || custom.size > 0) && isRecordEvent(event)) return redactRecordEvent(event, top, custom);
  if (top.size === 0 || typeof p !== 'object' || p === null || Array.isArray(p)) return event;
  if (!Object.keys(p).some((k) => top.has(k))) return event;
  const payload: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) if (!top.has(k)) payload[k] = v;
  return Object.freeze({ ...event, payload: Object.freeze(payload) });
}

/** Wraps the outbox of a store or of a transaction. */
export function guardedOutbox(inner: EventOutbox, repos: Repositories, guard: Guard): EventOutbox {
  return Object.freeze({
    async append(ctx: StoreContext, events: readonly DomainEvent[]): Promise<Result<readonly StoredEvent[]>> {
      const s = await guard.scope(ctx);
      if (!s.ok) return s;
      const checked = validateEvents(events);
      if (!checked.ok) return inner.append(s.value.ctx, events);
      const aggregates = checked.value.map((e) => ({ kind: e.aggregate.kind, id: e.aggregate.id }));
      const seen = await lookUp(repos, s.value.ctx, s.value.scope, aggregates);
      if (!seen.ok) return seen;
      const issues: CrmIssue[] = [];
      aggregates.forEach((a, i) => {
        const key = `${a.kind}\u0000${a.id}`;
        if (seen.value.exists.has(key) && !seen.value.readable.has(key))
          issues.push(crmIssue.of('access_denied', [i, 'aggregate'], `the event is about a ${a.kind} you may not see`));
      });
      if (issues.length > 0)
        return err(
          new CrmError('forbidden', `Append refused: ${issues.length} event(s) are about records you may not see`, {
            issues,
          }),
        );
      return inner.append(s.value.ctx, events);
    },

    async read(
      ctx: StoreContext,
      options?: { readonly after?: number; readonly limit?: number },
    ): Promise<Result<EventPage>> {
      const s = await guard.scope(ctx);
      if (!s.ok) return s;
      const o = checkEventsRead(options);
      if (!o.ok) return inner.read(s.value.ctx, options);
      const { scope } = s.value;
      const items: StoredEvent[] = [];
      let after = o.value.after;
      for (;;) {
        const page = await inner.read(s.value.ctx, { after, limit: MAX_LIMIT });
        if (!page.ok) return page;
        if (page.value.items.length === 0) break;
        const refs = page.value.items.map(referencesOf);
        const seen = await lookUp(repos, s.value.ctx, scope, refs.flat());
        if (!seen.ok) return seen;
        for (let i = 0; i < page.value.items.length; i++) {
          const e = page.value.items[i]!;
          after = e.sequence;
          if (refs[i]!.every((r) => seen.value.readable.has(`${r.kind}\u0000${r.id}`)))
            items.push(redactPayload(scope, e));
          if (items.length === o.value.limit)
            return ok(Object.freeze({ items: Object.freeze(items), lastSequence: after }));
        }
        if (page.value.items.length < MAX_LIMIT) break;
      }
      return ok(Object.freeze({ items: Object.freeze(items), lastSequence: after }));
    },
  });
}
