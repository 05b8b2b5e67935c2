import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkEventsRead,
  checkTransaction,
  checkTransactionResult,
  checkWrite,
  conflictError,
  isStorableId,
  notFoundError,
  ok,
  storedRecordError,
  transactionEndedError,
  CrmError,
  REPOSITORY_KINDS,
  type RepositoryName,
} from '../../src/repository/index.js';
import { createDeal, defineCustomFields, type Deal } from '../../src/entities/index.js';
import { fixedClock } from '../../src/core/clock.js';
import { sequentialIdGenerator } from '../../src/core/ids.js';
import { unwrap } from '../../src/core/result.js';
import { hostileValue } from '../_hostile.js';

const ctx = { tenantId: 'acme', actor: 'user-1' };

function deal(fields: Record<string, unknown> = {}): Deal {
  const d = unwrap(
    createDeal(
      { name: 'Pilot', pipelineId: 'b2b', stageId: 'qualification', amount: { amount: '10.00', currency: 'USD' } },
      { clock: fixedClock('2030-01-01T00:00:00Z'), ids: sequentialIdGenerator() },
    ),
  );
  return { ...structuredClone(d), ...fields } as Deal;
}

function code(r: { ok: boolean; error?: CrmError }): string | true {
  return r.ok || r.error!.code;
}

describe('checkWrite: the write rules every store shares', () => {
  it('insert: a frozen copy of the context and the parsed entity (copied, normalised, frozen)', () => {
    const d = deal();
    const mine = { ...ctx };
    const r = checkWrite({ operation: 'insert', repository: 'deals', ctx: mine, entity: d });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.operation).toBe('insert');
    expect(r.value.ctx).toEqual(ctx);
    expect(r.value.ctx).not.toBe(mine);
    expect(Object.isFrozen(r.value.ctx)).toBe(true);
    expect(r.value.entity).toEqual(d);
    expect(r.value.entity).not.toBe(d);
    expect(Object.isFrozen(r.value.entity)).toBe(true);
    expect(Object.isFrozen(d)).toBe(false);
  });

  it('update: expectedVersion is a safe integer ≥ 1 in exactly { expectedVersion }, and entity.version = expectedVersion + 1', () => {
    const next = deal({ version: 2 });
    const good = checkWrite({
      operation: 'update',
      repository: 'deals',
      ctx,
      entity: next,
      options: { expectedVersion: 1 },
    });
    expect(good.ok && good.value.expectedVersion).toBe(1);
    for (const options of [
      null,
      undefined,
      {},
      { expectedVersion: 0 },
      { expectedVersion: 1.5 },
      { expectedVersion: '1' },
    ])
      expect(
        code(checkWrite({ operation: 'update', repository: 'deals', ctx, entity: next, options })),
        JSON.stringify(options),
      ).toBe('validation_failed');
    const extra = checkWrite({
      operation: 'update',
      repository: 'deals',
      ctx,
      entity: next,
      options: { expectedVersion: 1, force: true },
    });
    expect(extra.ok || extra.error.issues[0]?.code).toBe('unrecognized_keys');
    const skipped = checkWrite({
      operation: 'update',
      repository: 'deals',
      ctx,
      entity: next,
      options: { expectedVersion: 2 },
    });
    expect(skipped.ok || skipped.error.issues[0]).toMatchObject({ path: ['version'], code: 'invalid_value' });
  });

  it('delete: the id must be a string a record can have; the options as for update', () => {
    const r = checkWrite({
      operation: 'delete',
      repository: 'leads',
      ctx,
      id: 'lead-1',
      options: { expectedVersion: 3 },
    });
    expect(r.ok && r.value).toEqual({ operation: 'delete', ctx, id: 'lead-1', expectedVersion: 3 });
    for (const id of [10n, 1, null, 'a\u0000', 'a\uD800'])
      expect(
        code(checkWrite({ operation: 'delete', repository: 'leads', ctx, id, options: { expectedVersion: 1 } })),
      ).toBe('validation_failed');
  });

  it('refuses the context first, then the options, then the entity', () => {
    const r = checkWrite({
      operation: 'update',
      repository: 'deals',
      ctx: { tenantId: 'a\uD800' },
      entity: null,
      options: null,
    });
    expect(r.ok || r.error.issues[0]?.code).toBe('invalid_tenant');
    const o = checkWrite({ operation: 'update', repository: 'deals', ctx, entity: null, options: null });
    expect(o.ok || o.error.issues[0]?.path).toEqual([]);
  });

  it('refuses text no store may hold: ids and references with a lone surrogate, object keys with one, NUL anywhere', () => {
    const bad = [
      deal({ id: 'deal-\uD800' }),
      deal({ ownerId: 'user-\uDC00' }),
      deal({ customFields: { nested: { list: [{ ['k\uD800']: 1 }] } } }),
      deal({ customFields: { note: 'x\u0000' } }),
    ];
    for (const entity of bad) {
      const r = checkWrite({ operation: 'insert', repository: 'deals', ctx, entity });
      expect(r.ok, JSON.stringify(entity.customFields)).toBe(false);
    }
    const keyIssue = checkWrite({
      operation: 'insert',
      repository: 'deals',
      ctx,
      entity: deal({ customFields: { nested: { list: [{ ['k\uD800']: 1 }] } } }),
    });
    expect(keyIssue.ok || keyIssue.error.issues[0]).toMatchObject({
      path: ['customFields', 'nested', 'list', 0, 'k\uD800'],
      code: 'invalid_key',
    });
    // Text values with lone surrogates are data, kept exactly.
    const kept = deal({ name: 'a\uD800b', customFields: { note: '\uDC00' } });
    const r = checkWrite({ operation: 'insert', repository: 'deals', ctx, entity: kept });
    expect(r.ok && r.value.entity).toEqual(kept);
  });

  it('validates against the custom-field definitions it is given', () => {
    const set = unwrap(
      defineCustomFields('deal', [{ key: 'region', type: 'enum', options: ['EMEA'], required: true }]),
    );
    const r = checkWrite({
      operation: 'insert',
      repository: 'deals',
      ctx,
      entity: deal(),
      customFields: { deal: set },
    });
    expect(code(r)).toBe('validation_failed');
  });

  it('a request that is not one (unknown operation or repository, not an object) is validation_failed', () => {
    expect(code(checkWrite(null as never))).toBe('validation_failed');
    expect(code(checkWrite({ operation: 'upsert', repository: 'deals', ctx, entity: deal() } as never))).toBe(
      'validation_failed',
    );
    expect(code(checkWrite({ operation: 'insert', repository: 'toString', ctx, entity: deal() } as never))).toBe(
      'validation_failed',
    );
  });

  it('property: never throws, whatever it is given (hostile values in every member, deep nesting)', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(
      code(checkWrite({ operation: 'insert', repository: 'deals', ctx, entity: deal({ customFields: { deep } }) })),
    ).toBe('validation_failed');
    const names = Object.keys(REPOSITORY_KINDS) as RepositoryName[];
    fc.assert(
      fc.property(
        fc.constantFrom('insert', 'update', 'delete'),
        fc.constantFrom(...names),
        hostileValue,
        hostileValue,
        hostileValue,
        (operation, repository, c, input, options) => {
          for (const request of [
            { operation, repository, ctx: c, entity: input, id: input, options },
            { operation, repository, ctx, entity: input, id: input, options },
            { operation, repository, ctx, entity: input, id: input, options: { expectedVersion: 1 } },
          ]) {
            const r = checkWrite(request as never);
            if (!r.ok) expect(r.error).toBeInstanceOf(CrmError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('isStorableId', () => {
  it('accepts what the id schemas accept and nothing else', () => {
    expect(isStorableId('deal-1')).toBe(true);
    expect(isStorableId('deal-\uFFFD')).toBe(true);
    expect(isStorableId('😀')).toBe(true);
    for (const v of ['', ' x', 'x ', 'a'.repeat(201), 'a\u0000', 'a\uD800', '\uDC00', 10n, 1, null, undefined, {}])
      expect(isStorableId(v), String(typeof v === 'string' ? JSON.stringify(v) : typeof v)).toBe(false);
  });
});

describe('the shared store errors', () => {
  it('conflictError: a taken id (duplicate) or a stale version (stale_version)', () => {
    const dup = conflictError('deals', 'd1');
    expect(dup.code).toBe('conflict');
    expect(dup.issues[0]).toMatchObject({ path: ['id'], code: 'duplicate' });
    expect(dup.message).toBe('A deal with id "d1" already exists in this tenant');
    const stale = conflictError('surveyResponses', 's1', { stored: 4, expected: 2 });
    expect(stale.issues[0]).toMatchObject({ path: ['version'], code: 'stale_version' });
    expect(stale.message).toMatch(/^The surveyResponse "s1" is at version 4, not the expected 2/);
  });

  it('notFoundError prints any id safely (a bigint, a huge string) and takes a path', () => {
    expect(notFoundError('deals', 10n).message).toBe('No deal with id 10n in this tenant');
    expect(notFoundError('leads', 'x'.repeat(10_000)).message.length).toBeLessThan(200);
    expect(notFoundError('leads', 'l1', ['leadId']).issues[0]).toMatchObject({ path: ['leadId'], code: 'not_found' });
  });

  it('transactionEndedError is aborted; storedRecordError is adapter_failure with the parse issues', () => {
    expect(transactionEndedError().code).toBe('aborted');
    const cause = new CrmError('validation_failed', 'bad', {
      issues: [{ path: ['name'], message: 'm', code: 'too_small' }],
    });
    const e = storedRecordError('deals', 'd1', cause);
    expect(e.code).toBe('adapter_failure');
    expect(e.issues).toEqual(cause.issues);
    expect(e.cause).toBe(cause);
  });
});

describe('checkTransaction and checkTransactionResult', () => {
  it('fn must be a function; the context is checked and copied', () => {
    const r = checkTransaction(ctx, async () => ok(1));
    expect(r.ok && r.value).toEqual(ctx);
    for (const fn of [null, undefined, 'fn', 10n, {}]) {
      const bad = checkTransaction(ctx, fn);
      expect(bad.ok || bad.error.issues[0]?.path).toEqual(['fn']);
    }
    expect(code(checkTransaction({ tenantId: '' }, () => undefined))).toBe('validation_failed');
  });

  it('what fn resolves to must be a Result', () => {
    const r = ok(1);
    expect(checkTransactionResult(r)).toBe(r);
    for (const v of [undefined, null, 1, { ok: 'yes' }, { ok: 1 }, 10n])
      expect(code(checkTransactionResult(v))).toBe('validation_failed');
  });
});

describe('checkEventsRead', () => {
  it('undefined or null mean none; defaults after 0, limit 100; unknown keys refused', () => {
    expect(checkEventsRead(undefined)).toEqual(ok({ after: 0, limit: 100 }));
    expect(checkEventsRead(null)).toEqual(ok({ after: 0, limit: 100 }));
    expect(checkEventsRead({ after: 5, limit: 1000 })).toEqual(ok({ after: 5, limit: 1000 }));
    for (const bad of [
      { after: -1 },
      { after: 1.5 },
      { limit: 0 },
      { limit: 1001 },
      { limit: '5' },
      { from: 1 },
      'x',
      10n,
    ])
      expect(code(checkEventsRead(bad)), JSON.stringify(String(bad))).toBe('validation_failed');
  });
});
