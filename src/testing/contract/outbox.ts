/**
 * The contract suite: the rules of the outbox.
 *
 * @module
 */
import { unwrap } from '../../core/result.js';
import { expect } from 'vitest';
import type { DomainEvent } from '../../core/events.js';
import { A, expectCode, makeEvents, type ContractSuite } from './shared.js';

/**
 * The rules of the event outbox.
 */
export function outboxRules(suite: ContractSuite): void {
  const { test } = suite;
  test('append assigns increasing sequences from 1; read returns events after a position, in order, at most limit', async (store) => {
    const events = makeEvents(5, 'deal_won');
    const r = await store.events.append(A, events);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
    const all = unwrap(await store.events.read(A));
    expect(all.items.map(({ sequence, ...e }) => ({ e, sequence }))).toEqual(
      events.map((e, i) => ({ e, sequence: i + 1 })),
    );
    expect(all.lastSequence).toBe(5);
    const page = unwrap(await store.events.read(A, { after: 2, limit: 2 }));
    expect(page.items.map((e) => e.sequence)).toEqual([3, 4]);
    expect(page.lastSequence).toBe(4);
    expect(unwrap(await store.events.read(A, { after: 5 })).items).toEqual([]);
  });

  test('read returns events in numeric sequence order past 9 (10 after 9, not after 1)', async (store) => {
    unwrap(await store.events.append(A, makeEvents(12, 'deal_won')));
    const all = unwrap(await store.events.read(A));
    expect(all.items.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const page = unwrap(await store.events.read(A, { after: 7, limit: 3 }));
    expect(page.items.map((e) => e.sequence)).toEqual([8, 9, 10]);
  });

  test('invalid events fail with validation_failed and append nothing', async (store) => {
    const [good] = makeEvents(1, 'deal_won') as [DomainEvent];
    expectCode(await store.events.append(A, [good, { ...good, type: 'Not Snake' }]), 'validation_failed');
    expectCode(await store.events.append(A, [{ ...good, payload: { note: 'a\u0000b' } }]), 'validation_failed');
    expect(unwrap(await store.events.read(A)).items).toEqual([]);
  });
}
