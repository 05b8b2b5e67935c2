/**
 * The contract suite: record events (a store made with `recordEvents: true`).
 *
 * @module
 */
import { expect, it } from 'vitest';
import fc from 'fast-check';
import { fail, ok, unwrap } from '../../core/result.js';
import type { DomainEvent } from '../../core/events.js';
import type { Lead } from '../../entities/index.js';
import { recordEvents, type RecordEventPayload } from '../../automation/recordEvents.js';
import {
  REPOSITORY_KINDS,
  type BulkRepository,
  type Repositories,
  type Store,
  type StoreContext,
  type StoredEvent,
} from '../../repository/ports.js';
import { validateEvents } from '../../repository/validate.js';
import { leadArbitrary } from '../arbitraries.js';
import {
  A,
  B,
  REPO_NAMES,
  bumped,
  expectCode,
  repoOf,
  sample,
  withFields,
  type AnyEntity,
  type ContractSuite,
} from './shared.js';

/** All of a tenant's events. */
async function eventsOf(store: Repositories, ctx: StoreContext, after = 0): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  let at = after;
  for (;;) {
    const page = unwrap(await store.events.read(ctx, { after: at, limit: 1000 }));
    out.push(...page.items);
    if (page.items.length < 1000) return out;
    at = page.lastSequence;
  }
}

function withoutSequence(e: StoredEvent): DomainEvent {
  const { sequence: _s, ...rest } = e;
  void _s;
  return rest;
}

/** What `recordEvents` gives for the writes of one call (all its events share the call's `at`). */
function expected(
  kind: (typeof REPOSITORY_KINDS)[keyof typeof REPOSITORY_KINDS],
  writes: readonly (readonly [AnyEntity | null, AnyEntity | null])[],
  ctx: StoreContext,
  at: Date,
): DomainEvent[] {
  return writes.flatMap(([before, after]) =>
    unwrap(recordEvents(kind, before, after, { at, by: ctx.actor ?? null, causedBy: ctx.causedBy ?? null })),
  );
}

/** Checks that the events appended after `from` are exactly those of `writes`; returns the last sequence. */
async function expectRecorded(
  store: Repositories,
  ctx: StoreContext,
  from: number,
  kind: (typeof REPOSITORY_KINDS)[keyof typeof REPOSITORY_KINDS],
  writes: readonly (readonly [AnyEntity | null, AnyEntity | null])[],
): Promise<number> {
  const got = await eventsOf(store, ctx, from);
  // Each write's events share its time (the store's clock at the call).
  const want: DomainEvent[] = [];
  for (const w of writes) want.push(...expected(kind, [w], ctx, got[want.length]?.at ?? new Date(0)));
  expect(got.map(withoutSequence)).toEqual(want);
  got.forEach((e, i) => expect(e.sequence).toBe(from + i + 1));
  return from + got.length;
}

/** The record as a replay of its events gives it: JSON, without bookkeeping and empty fields. */
function replayable(record: AnyEntity): Record<string, unknown> {
  const json = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
  for (const k of ['version', 'updatedAt', 'updatedBy']) delete json[k];
  for (const [k, v] of Object.entries(json)) if (v === null) delete json[k];
  return json;
}

const STATUSES = ['new', 'contacted', 'nurturing'] as const;
const OWNERS = [null, 'user-1', 'user-2'] as const;

type Op =
  | { readonly op: 'insert'; readonly lead: Lead }
  | { readonly op: 'update'; readonly pick: number; readonly status: string; readonly ownerId: string | null }
  | { readonly op: 'touch'; readonly pick: number }
  | { readonly op: 'delete'; readonly pick: number }
  | { readonly op: 'rollback'; readonly pick: number };

/**
 * Record events: with `options.recordEvents` (a factory of stores made with `recordEvents: true`),
 * every insert, update and delete (bulk ones and those inside transactions too) must append exactly
 * the events `recordEvents` gives for it, in the same transaction; a rolled-back transaction leaves
 * none; a store made without the option appends none.
 */
export function recordEventRules(suite: ContractSuite): void {
  const { options } = suite;
  const setup = options.recordEvents;
  const test = (title: string, fn: (store: Store) => Promise<void>): void => {
    (setup === undefined ? it.skip : it)(title, async () => {
      const store = await setup!();
      try {
        await fn(store);
      } finally {
        await options.teardown?.(store);
      }
    });
  };

  suite.test('a store made without recordEvents appends no event for a write', async (store) => {
    const [lead] = sample(leadArbitrary(), 5101) as [Lead];
    unwrap(await store.leads.insert(A, lead));
    unwrap(
      await store.leads.update(A, bumped(lead, { status: 'contacted', statusHistory: [] }), {
        expectedVersion: lead.version,
      }),
    );
    unwrap(await store.leads.delete(A, lead.id, { expectedVersion: lead.version + 1 }));
    expect(await eventsOf(store, A)).toEqual([]);
  });

  test('insert, update and delete on every repository append the events recordEvents gives', async (store) => {
    let seq = 0;
    for (const [i, name] of REPO_NAMES.entries()) {
      const kind = REPOSITORY_KINDS[name];
      const repo = repoOf(store, name);
      const [e] = sample(suite.arbs[name], 5200 + i);
      const stored = unwrap(await repo.insert(A, e!));
      seq = await expectRecorded(store, A, seq, kind, [[null, stored]]);
      // Only bookkeeping changes: no event.
      const touched = unwrap(await repo.update(A, bumped(stored), { expectedVersion: stored.version }));
      seq = await expectRecorded(store, A, seq, kind, []);
      unwrap(await repo.delete(A, touched.id, { expectedVersion: touched.version }));
      seq = await expectRecorded(store, A, seq, kind, [[touched, null]]);
    }
    const all = await eventsOf(store, A);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    // Valid outbox events, the camelCase kinds included (surveyResponse_created).
    expect(validateEvents(all.map(withoutSequence)).ok).toBe(true);
    expect(all.filter((e) => e.type.endsWith('_deleted')).every((e) => 'record' in (e.payload as object))).toBe(true);
  });

  test('an update tells its changes, the owner and the status; ids are <kind>:<id>@<version>', async (store) => {
    const [lead] = sample(leadArbitrary(), 5301) as [Lead];
    const start = withFields(lead, { status: 'new', statusHistory: [], ownerId: 'user-1' });
    const stored = unwrap(await store.leads.insert(A, start));
    const seq = await expectRecorded(store, A, 0, 'lead', [[null, stored]]);
    const next = bumped(stored, { status: 'contacted', statusHistory: [], ownerId: 'user-2', title: 'CTO' });
    unwrap(await store.leads.update(A, next, { expectedVersion: stored.version }));
    await expectRecorded(store, A, seq, 'lead', [[stored, next]]);
    const got = await eventsOf(store, A, seq);
    const v = next.version;
    expect(got.map((e) => [e.id, e.type])).toEqual([
      [`lead:${lead.id}@${v}`, 'lead_updated'],
      [`lead:${lead.id}@${v}/assigned`, 'lead_assigned'],
      [`lead:${lead.id}@${v}/status_changed`, 'lead_status_changed'],
    ]);
    const payload = got[0]!.payload as RecordEventPayload;
    expect(payload.changes).toContainEqual({ field: 'status', from: 'new', to: 'contacted' });
    expect(payload.changes).toContainEqual({ field: 'ownerId', from: 'user-1', to: 'user-2' });
    expect(got.every((e) => e.by === A.actor && e.aggregate.id === lead.id)).toBe(true);
  });

  test("a context's causedBy goes into every payload, and the actor is the events' by", async (store) => {
    const [lead] = sample(leadArbitrary(), 5401) as [Lead];
    const ctx: StoreContext = { tenantId: A.tenantId, actor: 'user-7', causedBy: { workflowId: 'wf-1', depth: 2 } };
    unwrap(await store.leads.insert(ctx, lead));
    const got = await eventsOf(store, ctx);
    expect(got.length).toBeGreaterThan(0);
    for (const e of got) {
      expect(e.by).toBe('user-7');
      expect((e.payload as RecordEventPayload).causedBy).toEqual({ workflowId: 'wf-1', depth: 2 });
    }
    expectCode(
      await store.leads.insert({ ...ctx, causedBy: { workflowId: 'wf-1', depth: -1 } }, lead),
      'validation_failed',
    );
  });

  test('bulk writes append one set of events per row, in order; a failed bulk write appends none', async (store) => {
    const leads = store.leads as unknown as BulkRepository<Lead>;
    const list = sample(leadArbitrary(), 5501, 4) as Lead[];
    const inserted = unwrap(await leads.insertMany(A, list));
    let seq = await expectRecorded(
      store,
      A,
      0,
      'lead',
      inserted.map((e) => [null, e] as const),
    );
    const changed = [
      withFields(inserted[0]!, { status: 'nurturing', statusHistory: [], ownerId: 'user-2' }),
      withFields(inserted[1]!, {}),
      ...(sample(leadArbitrary(), 5502) as Lead[]),
    ];
    const upserted = unwrap(await leads.upsertMany(A, changed, { key: 'id' }));
    seq = await expectRecorded(store, A, seq, 'lead', [
      [inserted[0]!, upserted[0]!],
      [inserted[1]!, upserted[1]!],
      [null, upserted[2]!],
    ]);
    expectCode(await leads.insertMany(A, [...(sample(leadArbitrary(), 5503) as Lead[]), inserted[3]!]), 'conflict');
    await expectRecorded(store, A, seq, 'lead', []);
  });

  test('inside a transaction the events commit with the writes; a rolled-back transaction leaves none', async (store) => {
    const [lead, other] = sample(leadArbitrary(), 5601, 2) as [Lead, Lead];
    const committed = await store.transaction(A, async (tx) => {
      const a = await tx.leads.insert(A, lead);
      if (!a.ok) return a;
      const b = await tx.leads.update(A, bumped(a.value, { status: 'contacted', statusHistory: [] }), {
        expectedVersion: a.value.version,
      });
      if (!b.ok) return b;
      return ok([a.value, b.value] as const);
    });
    const [a, b] = unwrap(committed);
    const seq = await expectRecorded(store, A, 0, 'lead', [
      [null, a],
      [a, b],
    ]);
    const rolledBack = await store.transaction(A, async (tx) => {
      unwrap(await tx.leads.insert(A, other));
      unwrap(await tx.leads.delete(A, b.id, { expectedVersion: b.version }));
      return fail('guard_rejected', 'roll back');
    });
    expectCode(rolledBack, 'guard_rejected');
    expect(await eventsOf(store, A, seq)).toEqual([]);
    expect(unwrap(await store.leads.get(A, other.id))).toBeNull();
    expect(await eventsOf(store, B)).toEqual([]);
  });

  test('property: random writes append exactly their events; ids unique, sequences increasing; a replay gives the records', async (store) => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            leadArbitrary().map((lead): Op => ({ op: 'insert', lead })),
            fc
              .record({ pick: fc.nat(), status: fc.constantFrom(...STATUSES), ownerId: fc.constantFrom(...OWNERS) })
              .map((u): Op => ({ op: 'update', ...u })),
            fc.nat().map((pick): Op => ({ op: 'touch', pick })),
            fc.nat().map((pick): Op => ({ op: 'delete', pick })),
            fc.nat().map((pick): Op => ({ op: 'rollback', pick })),
          ),
          { maxLength: 12 },
        ),
        async (ops) => {
          // One tenant per run: the store is shared by the runs.
          const ctx: StoreContext = { tenantId: `record-events-${++round}`, actor: 'user-1' };
          const live = new Map<string, Lead>();
          const writes: (readonly [AnyEntity | null, AnyEntity | null])[] = [];
          let seq = 0;
          const pick = (n: number): Lead | undefined => [...live.values()][n % Math.max(1, live.size)];
          for (const o of ops) {
            let call: (readonly [AnyEntity | null, AnyEntity | null])[] = [];
            if (o.op === 'insert') {
              if (live.has(o.lead.id)) continue;
              const stored = unwrap(await store.leads.insert(ctx, o.lead));
              live.set(stored.id, stored);
              call = [[null, stored]];
            } else {
              const current = pick(o.pick);
              if (current === undefined) continue;
              if (o.op === 'delete') {
                unwrap(await store.leads.delete(ctx, current.id, { expectedVersion: current.version }));
                live.delete(current.id);
                call = [[current, null]];
              } else if (o.op === 'rollback') {
                const r = await store.transaction(ctx, async (tx) => {
                  unwrap(await tx.leads.delete(ctx, current.id, { expectedVersion: current.version }));
                  return fail('guard_rejected', 'roll back');
                });
                expectCode(r, 'guard_rejected');
              } else {
                const fields = o.op === 'update' ? { status: o.status, statusHistory: [], ownerId: o.ownerId } : {};
                const next = bumped(current, fields);
                unwrap(await store.leads.update(ctx, next, { expectedVersion: current.version }));
                live.set(next.id, next);
                call = [[current, next]];
              }
            }
            seq = await expectRecorded(store, ctx, seq, 'lead', call);
            writes.push(...call);
          }
          const all = await eventsOf(store, ctx);
          expect(all.map((e) => e.sequence)).toEqual(all.map((_, i) => i + 1));
          expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
          // Replaying the primary events' changes gives every live record (JSON, bookkeeping aside).
          const replay = new Map<string, Record<string, unknown>>();
          for (const e of all) {
            const p = e.payload as RecordEventPayload;
            if (e.type === 'lead_deleted') replay.delete(e.aggregate.id);
            else if (e.type === 'lead_created' || e.type === 'lead_updated') {
              const r = { ...(replay.get(e.aggregate.id) ?? {}) };
              for (const c of p.changes) {
                if (c.to === null) delete r[c.field];
                else r[c.field] = c.to;
              }
              replay.set(e.aggregate.id, r);
            }
          }
          expect(new Set(replay.keys())).toEqual(new Set(live.keys()));
          for (const [id, lead] of live) {
            const stored = unwrap(await store.leads.get(ctx, id as Lead['id']));
            expect(replay.get(id)).toEqual(replayable(stored!));
            expect(replayable(stored!)).toEqual(replayable(lead));
          }
          expect(writes.length).toBeLessThanOrEqual(ops.length);
        },
      ),
      suite.runs(Math.max(5, Math.ceil(suite.propertyRuns / 2)), 513),
    );
  });
}
