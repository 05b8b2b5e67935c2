/**
 * Applying an import plan to a store: atomically, or in resumable batches.
 *
 * @module
 */
import { crmIssue, invalidInput } from '../core/issues.js';
import { err, fail, ok, type Result } from '../core/result.js';
import type { ImportKind, ImportPlan } from '../quality/index.js';
import { checkStoreCall } from './checkStoreCall.js';
import { isBulkRepository } from './isBulkRepository.js';
import type { Repositories, Repository, Store, StoreContext } from './ports.js';

/**
 * Options of {@link importInStore}.
 *
 * @example
 * ```ts
 * const o: ImportInStoreOptions = { batchSize: 500, cursor: null };
 * ```
 */
export interface ImportInStoreOptions {
  /** Apply one batch of at most this many records (each its own transaction), not the whole plan at once. */
  readonly batchSize?: number;
  /** Where to go on: the `cursor` a previous call returned (`null` or absent: from the start). */
  readonly cursor?: string | null;
}

/**
 * What {@link importInStore} did.
 *
 * @example
 * ```ts
 * const done = (r: ImportInStoreResult) => r.cursor === null;
 * ```
 */
export interface ImportInStoreResult {
  /** New records inserted by this call. */
  readonly inserted: number;
  /** Existing records changed by this call. */
  readonly updated: number;
  /** Records of the plan found already written (by an earlier call that crashed or ran twice): left as they are. */
  readonly alreadyApplied: number;
  /** Where the next batch starts, or `null` when the plan is fully applied. */
  readonly cursor: string | null;
}

type AnyEntity = { readonly id: string; readonly version: number; readonly updatedAt: Date };

const REPOSITORIES: Readonly<Record<ImportKind, 'leads' | 'contacts' | 'accounts'>> = {
  lead: 'leads',
  contact: 'contacts',
  account: 'accounts',
};

/** The plan's writes in order: its creates, then its updates. */
type Op = { readonly create: AnyEntity } | { readonly before: AnyEntity; readonly record: AnyEntity };

function readPlan(plan: unknown): { kind: ImportKind; prefix: string; ops: Op[] } | null {
  if (plan === null || typeof plan !== 'object') return null;
  const p = plan as Record<string, unknown>;
  const kind = p['kind'];
  if (kind !== 'lead' && kind !== 'contact' && kind !== 'account') return null;
  if (typeof p['idPrefix'] !== 'string' || !Array.isArray(p['create']) || !Array.isArray(p['update'])) return null;
  const ops: Op[] = [];
  for (const c of p['create'] as unknown[]) {
    const record = (c as { record?: unknown } | null)?.record;
    if (record === null || typeof record !== 'object') return null;
    ops.push({ create: record as AnyEntity });
  }
  for (const u of p['update'] as unknown[]) {
    const { before, record } = (u ?? {}) as { before?: unknown; record?: unknown };
    if (before === null || typeof before !== 'object' || record === null || typeof record !== 'object') return null;
    ops.push({ before: before as AnyEntity, record: record as AnyEntity });
  }
  return { kind, prefix: p['idPrefix'] as string, ops };
}

/** `<position>@<idPrefix>`: where the next batch of a plan starts. */
function cursorOf(position: number, prefix: string): string {
  return `${position}@${prefix}`;
}

function readCursor(cursor: unknown, prefix: string, size: number): number | null {
  if (cursor === undefined || cursor === null) return 0;
  if (typeof cursor !== 'string') return null;
  const at = cursor.indexOf('@');
  const n = Number(cursor.slice(0, at));
  if (at < 1 || cursor.slice(at + 1) !== prefix || !Number.isSafeInteger(n) || n < 0 || n > size) return null;
  return n;
}

const sameInstant = (a: unknown, b: unknown): boolean =>
  (a instanceof Date ? a.getTime() : Date.parse(String(a))) ===
  (b instanceof Date ? b.getTime() : Date.parse(String(b)));

/** Applies `ops` on a transactional store: inserts what is absent, updates what is at the expected version. */
async function apply(
  repo: Repository<AnyEntity>,
  ctx: StoreContext,
  ops: readonly Op[],
): Promise<Result<{ inserted: number; updated: number; alreadyApplied: number }>> {
  const creates = ops.flatMap((o) => ('create' in o ? [o.create] : []));
  const updates = ops.flatMap((o) => ('before' in o ? [o] : []));
  let alreadyApplied = 0;
  let inserted = 0;
  if (creates.length > 0) {
    const found = await repo.getMany(
      ctx,
      creates.map((c) => c.id),
    );
    if (!found.ok) return found;
    const present = new Set(found.value.map((r) => r.id));
    const absent = creates.filter((c) => !present.has(c.id));
    alreadyApplied += creates.length - absent.length;
    inserted = absent.length;
    if (isBulkRepository(repo)) {
      const r = await repo.insertMany(ctx, absent);
      if (!r.ok) return r;
    } else
      for (const c of absent) {
        const r = await repo.insert(ctx, c);
        if (!r.ok) return r;
      }
  }
  let updated = 0;
  if (updates.length > 0) {
    const found = await repo.getMany(
      ctx,
      updates.map((u) => u.record.id),
    );
    if (!found.ok) return found;
    const stored = new Map(found.value.map((r) => [r.id, r]));
    for (const u of updates) {
      const s = stored.get(u.record.id);
      if (s === undefined)
        return fail('not_found', `The import updates ${u.record.id}, which is no longer stored`, [
          crmIssue.of('not_found', ['plan', 'update'], `no record ${u.record.id}`),
        ]);
      if (s.version === u.record.version && sameInstant(s.updatedAt, u.record.updatedAt)) {
        alreadyApplied++;
        continue;
      }
      const r = await repo.update(ctx, u.record, { expectedVersion: u.before.version });
      if (!r.ok) return r;
      updated++;
    }
  }
  return ok({ inserted, updated, alreadyApplied });
}

/**
 * Applies an import plan of `importRows` to a store. Without `batchSize`, the whole plan (from `cursor`)
 * in one transaction: every record, or none. With `batchSize`, one batch of at most that many records in
 * a transaction of its own, returning the `cursor` of the next (`null` when done): call again with it
 * until it is `null`, saving it between calls to resume after a crash.
 *
 * No row is imported twice, even when a crash loses the cursor or the plan is applied again: the plan's
 * new records have fixed ids (`<idPrefix>-<row>`) and are inserted only when absent (a bulk
 * `insertMany` where the store has it), and an update already stored (the record at its new version) is
 * left alone. Other updates are written with a version check against the record the plan was made from:
 * one changed meanwhile fails the batch with `conflict`, one deleted with `not_found`, and nothing of
 * that batch is written. Applying a plan twice inserts and updates nothing the second time.
 *
 * Never rejects for its input: a `store` that is not a Store, an invalid context, a plan not made by
 * `importRows`, a bad `batchSize` or a cursor of another plan is `validation_failed`; what the store
 * reports (`conflict`, `adapter_failure`, …) is returned as it is.
 *
 * @example
 * ```ts
 * declare const store: Store;
 * declare const plan: ImportPlan<'lead'>;
 * const ctx = { tenantId: 'acme' };
 * let cursor: string | null = null;
 * do {
 *   const r: Awaited<ReturnType<typeof importInStore>> = await importInStore(store, ctx, plan, { batchSize: 500, cursor });
 *   if (!r.ok) throw r.error; // retry later from the same cursor
 *   cursor = r.value.cursor;
 * } while (cursor !== null);
 * ```
 */
export async function importInStore<K extends ImportKind>(
  store: Store,
  ctx: StoreContext,
  plan: ImportPlan<K>,
  options?: ImportInStoreOptions,
): Promise<Result<ImportInStoreResult>> {
  const checked = checkStoreCall('importInStore', store, ctx);
  if (!checked.ok) return checked;
  const c = checked.value;
  let read: ReturnType<typeof readPlan>;
  let batchSize: unknown;
  let cursor: unknown;
  const issues = [];
  try {
    read = readPlan(plan);
    const o = (options ?? {}) as Record<string, unknown>;
    if (typeof o !== 'object') issues.push(crmIssue.invalidType(['options'], 'options { batchSize, cursor }', options));
    else {
      const unknown = Object.keys(o).filter((k) => k !== 'batchSize' && k !== 'cursor');
      if (unknown.length > 0) issues.push(crmIssue.unrecognizedKeys(['options'], unknown, ['batchSize', 'cursor']));
      batchSize = o['batchSize'] ?? undefined;
      cursor = o['cursor'];
    }
  } catch {
    return err(invalidInput('importInStore', [crmIssue.invalidType(['plan'], 'a readable import plan', undefined)]));
  }
  if (read === null) issues.push(crmIssue.invalidType(['plan'], 'an import plan made by importRows', plan));
  if (batchSize !== undefined && (typeof batchSize !== 'number' || !Number.isSafeInteger(batchSize) || batchSize < 1))
    issues.push(crmIssue.invalidValue(['options', 'batchSize'], 'expected a positive integer', batchSize));
  const start = read === null ? 0 : readCursor(cursor, read.prefix, read.ops.length);
  if (start === null)
    issues.push(
      crmIssue.of('invalid_cursor', ['options', 'cursor'], 'not a cursor importInStore returned for this plan'),
    );
  if (issues.length > 0 || read === null || start === null) return err(invalidInput('importInStore', issues));
  const end = batchSize === undefined ? read.ops.length : Math.min(read.ops.length, start + (batchSize as number));
  const ops = read.ops.slice(start, end);
  const name = REPOSITORIES[read.kind];
  const next = end >= read.ops.length ? null : cursorOf(end, read.prefix);
  if (ops.length === 0) return ok(Object.freeze({ inserted: 0, updated: 0, alreadyApplied: 0, cursor: next }));
  return store.transaction(c, async (tx: Repositories) => {
    const r = await apply(tx[name] as unknown as Repository<AnyEntity>, c, ops);
    if (!r.ok) return r;
    return ok(Object.freeze({ ...r.value, cursor: next }));
  });
}
