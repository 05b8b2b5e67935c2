import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkRead, REPOSITORY_KINDS, type ReadRequest } from '../../src/repository/index.js';
import { hostileValue } from '../_hostile.js';

const ctx = { tenantId: 'acme' };

describe('checkRead', () => {
  it('get: a string id passes; one no record can have comes back as null (the read finds nothing)', () => {
    const r = checkRead({ operation: 'get', repository: 'deals', ctx, id: 'deal-1' });
    expect(r.ok && r.value).toEqual({ operation: 'get', ctx, id: 'deal-1' });
    for (const id of ['', ' padded', 'a\u0000b', 'deal-\uD800', 'x'.repeat(201)]) {
      const n = checkRead({ operation: 'get', repository: 'deals', ctx, id });
      expect(n.ok && n.value.id, JSON.stringify(id)).toBeNull();
    }
  });

  it('get: an id that is not a string is validation_failed, with the id path', () => {
    for (const id of [10n, 1, null, undefined, {}, ['deal-1']]) {
      const r = checkRead({ operation: 'get', repository: 'deals', ctx, id });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('validation_failed');
        expect(r.error.issues[0]?.path).toEqual(['id']);
      }
    }
  });

  it('getMany: keeps the storable ids in order (repeats included), refuses a non-array or non-string elements', () => {
    const r = checkRead({ operation: 'getMany', repository: 'leads', ctx, ids: ['b', 'deal-\uD800', 'a', 'b'] });
    expect(r.ok && r.value.ids).toEqual(['b', 'a', 'b']);
    const notArray = checkRead({ operation: 'getMany', repository: 'leads', ctx, ids: 'a' });
    expect(notArray.ok || notArray.error.issues[0]?.path).toEqual(['ids']);
    const sparse = checkRead({ operation: 'getMany', repository: 'leads', ctx, ids: ['a', , 3] });
    expect(sparse.ok || sparse.error.issues.map((i) => i.path)).toEqual([
      ['ids', 1],
      ['ids', 2],
    ]);
  });

  it('getMany: a huge list of bad ids reports at most 100 issues and says how many there were', () => {
    const r = checkRead({
      operation: 'getMany',
      repository: 'leads',
      ctx,
      ids: Array.from({ length: 5000 }, (_, i) => i),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.issues.length).toBeLessThanOrEqual(101);
      expect(r.error.message).toContain('5000');
    }
  });

  it('find and count: the query checked as validateQuery / validateCountQuery do; null means none', () => {
    const f = checkRead({ operation: 'find', repository: 'deals', ctx, query: { limit: 5 } });
    expect(f.ok && f.value.query.limit).toBe(5);
    expect(checkRead({ operation: 'find', repository: 'deals', ctx, query: null }).ok).toBe(true);
    expect(checkRead({ operation: 'find', repository: 'deals', ctx, query: { limit: 0 } }).ok).toBe(false);
    // count ignores a find query's page size, sort and cursor.
    expect(checkRead({ operation: 'count', repository: 'deals', ctx, query: { limit: 0 } }).ok).toBe(true);
    expect(checkRead({ operation: 'count', repository: 'deals', ctx, query: null }).ok).toBe(true);
    const bad = checkRead({
      operation: 'count',
      repository: 'deals',
      ctx,
      query: { where: { field: 'nope', op: 'eq', value: 1 } },
    });
    expect(bad.ok || bad.error.code).toBe('validation_failed');
  });

  it('the context is checked first, for every operation', () => {
    for (const operation of ['get', 'getMany', 'find', 'count'] as const) {
      const r = checkRead({
        operation,
        repository: 'deals',
        ctx: { tenantId: '' },
        id: 'a',
        ids: [],
        query: {},
      } as ReadRequest);
      expect(r.ok || r.error.issues[0]?.path, operation).toEqual(['tenantId']);
    }
  });

  it('an unknown operation or repository is validation_failed, not a throw', () => {
    const r1 = checkRead({ operation: 'scan', repository: 'deals', ctx } as never);
    expect(r1.ok || r1.error.issues[0]?.path).toEqual(['operation']);
    const r2 = checkRead({ operation: 'get', repository: 'toString', ctx, id: 'a' } as never);
    expect(r2.ok || r2.error.issues[0]?.path).toEqual(['repository']);
    expect(checkRead(null as never).ok).toBe(false);
  });

  it('property: never throws, whatever the request holds; every failure is validation_failed', () => {
    const repositories = Object.keys(REPOSITORY_KINDS);
    fc.assert(
      fc.property(
        fc.constantFrom('get', 'getMany', 'find', 'count', 'other'),
        fc.oneof(fc.constantFrom(...repositories), hostileValue),
        hostileValue,
        hostileValue,
        (operation, repository, c, arg) => {
          for (const context of [ctx, c]) {
            const r = checkRead({ operation, repository, ctx: context, id: arg, ids: arg, query: arg } as never);
            if (!r.ok) expect(r.error.code).toBe('validation_failed');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
