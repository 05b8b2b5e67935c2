import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateContext, validateEvents } from '../../src/repository/index.js';
import type { DomainEvent } from '../../src/core/events.js';
import { hasLoneSurrogate } from '../../src/_lib/text.js';
import { hostileValue } from '../_hostile.js';

const event: DomainEvent = {
  id: 'e1',
  type: 'deal_won',
  at: new Date(0),
  by: 'user-1',
  aggregate: { kind: 'deal', id: 'd1' },
  payload: { note: 'ok' },
};

describe('validateContext', () => {
  it('returns a frozen copy holding only tenantId and actor, never the caller’s object (which stays unfrozen)', () => {
    const mine = { tenantId: 'acme', actor: 'user-1', extra: 'kept out' };
    const r = validateContext(mine);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).not.toBe(mine);
    expect(r.value).toEqual({ tenantId: 'acme', actor: 'user-1' });
    expect(Object.isFrozen(r.value)).toBe(true);
    expect(Object.isFrozen(mine)).toBe(false);
    mine.tenantId = 'other';
    expect(r.value.tenantId).toBe('acme');
    const noActor = validateContext({ tenantId: 'acme' });
    expect(noActor.ok && Object.keys(noActor.value)).toEqual(['tenantId']);
  });

  it('refuses tenant ids and actors with a lone UTF-16 surrogate (PostgreSQL would store them as U+FFFD)', () => {
    for (const tenantId of ['acme-\uD800', 'acme-\uDC00', '\uDBFFx', 'x\uDFFF']) {
      const r = validateContext({ tenantId });
      expect(r.ok, JSON.stringify(tenantId)).toBe(false);
      if (!r.ok) expect(r.error.issues[0]).toMatchObject({ path: ['tenantId'], code: 'invalid_tenant' });
    }
    const a = validateContext({ tenantId: 'acme', actor: 'user-\uD800' });
    expect(a.ok || a.error.issues[0]?.code).toBe('invalid_actor');
    // Well-formed text is fine, U+FFFD and surrogate pairs (emoji) included.
    expect(validateContext({ tenantId: 'acme-\uFFFD' }).ok).toBe(true);
    expect(validateContext({ tenantId: 'acme-😀', actor: '👩‍💻' }).ok).toBe(true);
  });

  it('property: never throws, and what it accepts is a frozen { tenantId, actor? } of well-formed text', () => {
    fc.assert(
      fc.property(fc.oneof(hostileValue, fc.record({ tenantId: fc.string(), actor: fc.option(fc.string()) })), (v) => {
        const r = validateContext(v);
        if (r.ok) {
          expect(Object.isFrozen(r.value)).toBe(true);
          expect(hasLoneSurrogate(r.value.tenantId)).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('validateEvents', () => {
  it('refuses lone surrogates in event ids, by, aggregate ids and payload keys; keeps them in payload values', () => {
    for (const bad of [
      { ...event, id: 'e\uD800' },
      { ...event, by: '\uDC00' },
      { ...event, aggregate: { kind: 'deal' as const, id: 'd\uD800' } },
      { ...event, payload: { nested: [{ ['k\uDC00']: 1 }] } },
    ]) {
      const r = validateEvents([bad]);
      expect(r.ok).toBe(false);
    }
    const kept = validateEvents([{ ...event, payload: { text: 'a\uD800', list: ['\uDFFF'] } }]);
    expect(kept.ok && kept.value[0]?.payload).toEqual({ text: 'a\uD800', list: ['\uDFFF'] });
  });
});
