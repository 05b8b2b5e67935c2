/**
 * The contract suite: the rules of {@link WorkflowLedger}, for a store that keeps one (a
 * `WorkflowStore`: `store.ledger`, and `tx.ledger` inside `transaction`). Each rule of the port's
 * documentation is a test here; a store without a ledger skips them.
 *
 * @module
 */
import { expect } from 'vitest';
import { fail, ok, unwrap, type Result } from '../../core/result.js';
import type { Store, WorkflowLedger, WorkflowStore } from '../../repository/ports.js';
import { A, B, expectCode, type ContractSuite } from './shared.js';

/** The store as a WorkflowStore, or `null` when it keeps no ledger. */
function ledgerStore(store: Store): WorkflowStore | null {
  const s = store as Partial<WorkflowStore>;
  return typeof s.ledger === 'object' && s.ledger !== null ? (store as WorkflowStore) : null;
}

/** A rollback: the transaction's function fails on purpose. */
const ROLLBACK = (): Result<never> => fail('conflict', 'rolled back on purpose by the contract');

/** Resolves after `ms` milliseconds. */
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The rules of the workflow runner's ledger: keys recorded once, cursors held by a transaction,
 * read-then-set states that never lose a concurrent set, dead letters, JSON round trips, tenant
 * scoping, rollbacks and input checks.
 */
export function ledgerRules(suite: ContractSuite): void {
  const test = (title: string, fn: (store: WorkflowStore, ledger: WorkflowLedger) => Promise<void>): void =>
    suite.test(title, async (store) => {
      const s = ledgerStore(store);
      if (s !== null) await fn(s, s.ledger);
    });

  test('record stores a key once per tenant: true the first time, false after, and get returns what the step gave', async (_s, ledger) => {
    const result = { sent: true, to: ['u1', 'u2'], n: 3, nested: { a: null, b: 'x' } };
    expect(unwrap(await ledger.get(A, 'wf:lead:l1@2:tell'))).toBeNull();
    expect(unwrap(await ledger.record(A, 'wf:lead:l1@2:tell', result))).toBe(true);
    expect(unwrap(await ledger.record(A, 'wf:lead:l1@2:tell', { sent: false }))).toBe(false);
    expect(unwrap(await ledger.get(A, 'wf:lead:l1@2:tell'))).toEqual({ key: 'wf:lead:l1@2:tell', result });
    // Another tenant has its own keys.
    expect(unwrap(await ledger.get(B, 'wf:lead:l1@2:tell'))).toBeNull();
    expect(unwrap(await ledger.record(B, 'wf:lead:l1@2:tell', null))).toBe(true);
    expect(unwrap(await ledger.get(B, 'wf:lead:l1@2:tell'))).toEqual({ key: 'wf:lead:l1@2:tell', result: null });
    // undefined is recorded as null (nothing).
    expect(unwrap(await ledger.record(A, 'k-undefined', undefined))).toBe(true);
    expect(unwrap(await ledger.get(A, 'k-undefined'))).toEqual({ key: 'k-undefined', result: null });
  });

  test('a key recorded in a transaction commits with it, and a rolled-back transaction leaves no key, cursor, state or letter', async (store, ledger) => {
    const failedAt = new Date('2026-03-02T09:00:00.000Z');
    const r = await store.transaction(A, async (tx) => {
      expect(unwrap(await tx.ledger.record(A, 'rolled', 1))).toBe(true);
      expect(unwrap(await tx.ledger.get(A, 'rolled'))).toEqual({ key: 'rolled', result: 1 });
      unwrap(await tx.ledger.moveCursor(A, 'events', 7));
      unwrap(await tx.ledger.setState(A, 'state', { n: 1 }));
      unwrap(await tx.ledger.addDeadLetter(A, { key: 'dl', plan: {}, error: 'x', attempts: 1, failedAt }));
      return ROLLBACK();
    });
    expect(r.ok).toBe(false);
    expect(unwrap(await ledger.get(A, 'rolled'))).toBeNull();
    expect(unwrap(await ledger.claimCursor(A, 'events'))).toBe(0);
    expect(unwrap(await ledger.getState(A, 'state'))).toBeNull();
    expect(unwrap(await ledger.deadLetters(A))).toEqual([]);
    const c = await store.transaction(A, async (tx) => tx.ledger.record(A, 'committed', 'yes'));
    expect(unwrap(c)).toBe(true);
    expect(unwrap(await ledger.get(A, 'committed'))).toEqual({ key: 'committed', result: 'yes' });
  });

  test('two transactions recording one key at once never both commit having stored it', async (store, ledger) => {
    const attempts = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        store.transaction(A, async (tx) => {
          const r = await tx.ledger.record(A, 'contended', { by: i });
          if (!r.ok) return r;
          await pause(20);
          return ok(r.value);
        }),
      ),
    );
    const stored = attempts.filter((r) => r.ok && r.value === true).length;
    for (const r of attempts) if (!r.ok) expect(r.error.code).toBe('conflict');
    expect(stored).toBe(1);
    const entry = unwrap(await ledger.get(A, 'contended'));
    expect(entry?.key).toBe('contended');
  });

  test('a cursor never set reads 0; moveCursor sets it; a claim inside a transaction holds it until the end, and a concurrent claim answers null at once', async (store, ledger) => {
    expect(unwrap(await ledger.claimCursor(A, 'events'))).toBe(0);
    unwrap(await ledger.moveCursor(A, 'events', 41));
    expect(unwrap(await ledger.claimCursor(A, 'events'))).toBe(41);
    expect(unwrap(await ledger.claimCursor(B, 'events'))).toBe(0);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let claimed = false;
    const holder = store.transaction(A, async (tx) => {
      const c = await tx.ledger.claimCursor(A, 'events');
      if (!c.ok) return c;
      claimed = true;
      await gate;
      return tx.ledger.moveCursor(A, 'events', 42);
    });
    // Up to 30 s on a loaded machine; done as soon as the holder has its claim.
    for (let i = 0; i < 6000 && !claimed; i++) await pause(5);
    expect(claimed).toBe(true);
    if (suite.options.capabilities?.concurrentTransactions !== false) {
      // Another transaction's claim answers null without waiting for the holder.
      const other = await store.transaction(A, async (tx) => tx.ledger.claimCursor(A, 'events'));
      expect(unwrap(other)).toBeNull();
      // Another cursor is free.
      expect(unwrap(await store.transaction(A, async (tx) => tx.ledger.claimCursor(A, 'other')))).toBe(0);
      release();
      unwrap(await holder);
    } else {
      // One connection: a claim made meanwhile runs after the holder ends, and sees its move.
      const other = store.transaction(A, async (tx) => tx.ledger.claimCursor(A, 'events'));
      await pause(50);
      release();
      unwrap(await holder);
      expect(unwrap(await other)).toBe(42);
    }
    expect(unwrap(await store.transaction(A, async (tx) => tx.ledger.claimCursor(A, 'events')))).toBe(42);
  });

  test('states round-trip JSON exactly, are replaced by setState, and are per tenant', async (_s, ledger) => {
    expect(unwrap(await ledger.getState(A, 'workflows:enrollments:lead:l1'))).toBeNull();
    const value = {
      'wf/lead:l1': { status: 'active', runs: 2, waitingAt: 'wait', at: '2026-03-02T09:00:00.000Z' },
      list: [1, 2.5, -0.125, 'ü ✓ 💡', true, null],
      empty: {},
    };
    unwrap(await ledger.setState(A, 'workflows:enrollments:lead:l1', value));
    expect(unwrap(await ledger.getState(A, 'workflows:enrollments:lead:l1'))).toEqual(value);
    unwrap(await ledger.setState(A, 'workflows:enrollments:lead:l1', { replaced: true }));
    expect(unwrap(await ledger.getState(A, 'workflows:enrollments:lead:l1'))).toEqual({ replaced: true });
    expect(unwrap(await ledger.getState(B, 'workflows:enrollments:lead:l1'))).toBeNull();
  });

  test('read-then-set states never lose an update: concurrent increments, each retried on conflict, all count', async (store, ledger) => {
    const key = 'counter';
    unwrap(await ledger.setState(A, key, { n: 0 }));
    const workers = 5;
    const increment = async (): Promise<void> => {
      for (let tries = 0; tries < 50; tries++) {
        const r = await store.transaction(A, async (tx): Promise<Result<void>> => {
          const got = await tx.ledger.getState(A, key);
          if (!got.ok) return got;
          await pause(5); // another writer can set the state in between
          return tx.ledger.setState(A, key, { n: (got.value as { n: number }).n + 1 });
        });
        if (r.ok) return;
        expect(r.error.code).toBe('conflict');
      }
      throw new Error('no commit in 50 tries');
    };
    await Promise.all(Array.from({ length: workers }, increment));
    expect(unwrap(await ledger.getState(A, key))).toEqual({ n: workers });
  });

  test('dead letters: a second with the same key replaces the first in its place; listed oldest first, at most limit, per tenant', async (_s, ledger) => {
    const at = (m: number) => new Date(Date.UTC(2026, 2, 2, 9, m));
    const plan = { stepId: 'call', params: { url: 'https://example.com' }, runAt: '2026-03-02T09:00:00.000Z' };
    for (const [i, key] of ['k1', 'k2', 'k3'].entries())
      unwrap(await ledger.addDeadLetter(A, { key, plan, error: `HTTP 50${i}`, attempts: 5, failedAt: at(i) }));
    unwrap(await ledger.addDeadLetter(A, { key: 'k1', plan, error: 'gave up again', attempts: 7, failedAt: at(9) }));
    const letters = unwrap(await ledger.deadLetters(A));
    expect(letters.map((l) => l.key)).toEqual(['k1', 'k2', 'k3']);
    expect(letters[0]).toEqual({ key: 'k1', plan, error: 'gave up again', attempts: 7, failedAt: at(9) });
    expect(letters[1]!.failedAt).toBeInstanceOf(Date);
    expect(unwrap(await ledger.deadLetters(A, { limit: 2 })).map((l) => l.key)).toEqual(['k1', 'k2']);
    expect(unwrap(await ledger.deadLetters(A, null))).toHaveLength(3);
    expect(unwrap(await ledger.deadLetters(B))).toEqual([]);
  });

  test('bad input gives validation_failed and changes nothing', async (_s, ledger) => {
    const bad: unknown[] = ['', 'x'.repeat(1001), 'a\u0000b', 'lone \ud800', 42, null];
    for (const key of bad) {
      expectCode(await ledger.get(A, key as string), 'validation_failed');
      expectCode(await ledger.record(A, key as string, null), 'validation_failed');
      expectCode(await ledger.getState(A, key as string), 'validation_failed');
      expectCode(await ledger.setState(A, key as string, {}), 'validation_failed');
      expectCode(await ledger.claimCursor(A, key as string), 'validation_failed');
      expectCode(await ledger.moveCursor(A, key as string, 1), 'validation_failed');
    }
    for (const position of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '3'])
      expectCode(await ledger.moveCursor(A, 'events', position as number), 'validation_failed');
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expectCode(await ledger.record(A, 'k', cyclic), 'validation_failed');
    expectCode(await ledger.setState(A, 'k', { text: 'a\u0000b' }), 'validation_failed');
    expectCode(await ledger.setState(A, 'k', 10n), 'validation_failed');
    const failedAt = new Date('2026-03-02T09:00:00.000Z');
    const letter = { key: 'k', plan: {}, error: 'x', attempts: 1, failedAt };
    for (const wrong of [
      { ...letter, attempts: -1 },
      { ...letter, failedAt: new Date(Number.NaN) },
      { ...letter, error: 3 },
      { ...letter, extra: true },
      null,
    ])
      expectCode(await ledger.addDeadLetter(A, wrong as typeof letter), 'validation_failed');
    for (const limit of [0, 1001, 2.5, -1]) expectCode(await ledger.deadLetters(A, { limit }), 'validation_failed');
    expectCode(await ledger.deadLetters(A, { limit: 5, more: 1 } as { limit: number }), 'validation_failed');
    expectCode(await ledger.get({ tenantId: '' }, 'k'), 'validation_failed');
    // Nothing was stored by the refused calls.
    expect(unwrap(await ledger.get(A, 'k'))).toBeNull();
    expect(unwrap(await ledger.getState(A, 'k'))).toBeNull();
    expect(unwrap(await ledger.claimCursor(A, 'events'))).toBe(0);
    expect(unwrap(await ledger.deadLetters(A))).toEqual([]);
  });

  test('a transaction ledger used after its transaction ended answers aborted', async (store) => {
    let kept: WorkflowLedger | null = null;
    unwrap(
      await store.transaction(A, async (tx) => {
        kept = tx.ledger;
        return ok(undefined);
      }),
    );
    const ledger = kept as WorkflowLedger | null;
    expect(ledger).not.toBeNull();
    expectCode(await ledger!.record(A, 'late', null), 'aborted');
    expectCode(await ledger!.get(A, 'late'), 'aborted');
    expectCode(await ledger!.setState(A, 'late', {}), 'aborted');
  });
}
